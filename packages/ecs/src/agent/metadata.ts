import { errorReason } from '@meshplane/core';
import { MeshplaneEcsError } from '../errors.js';
import { InputIssues, isIntegerIn, show } from '../input-issues.js';
import { plainInput } from '../plain-input.js';

/**
 * An ECS task ARN in either format (`…:task/<id>` or `…:task/<cluster>/<id>`); group 1 is the task id.
 * The agent registers the task under that id, so a document without one is refused up front.
 *
 * @example
 * ```ts
 * import { TASK_ARN_PATTERN } from './metadata.js'; // inside packages/ecs/src/agent
 * console.log(TASK_ARN_PATTERN.exec('arn:aws:ecs:us-west-2:111122223333:task/dj/0123abcd')?.[1]); // '0123abcd'
 * ```
 */
export const TASK_ARN_PATTERN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task\/(?:[^/]+\/)?([^/]+)$/;

/** One network of a container, as the task metadata endpoint v4 reports it. */
export interface ContainerNetworkMetadata {
  NetworkMode?: string;
  IPv4Addresses?: string[];
  IPv6Addresses?: string[];
  AttachmentIndex?: number;
  MACAddress?: string;
  IPv4SubnetCIDRBlock?: string;
  PrivateDNSName?: string;
  SubnetGatewayIpv4Address?: string;
}

/** A container, as `${ECS_CONTAINER_METADATA_URI_V4}` (and each entry of `/task` `Containers`) reports it. */
export interface ContainerMetadata {
  DockerId?: string;
  Name: string;
  DockerName?: string;
  Image?: string;
  ImageID?: string;
  Labels?: Record<string, string>;
  DesiredStatus?: string;
  KnownStatus?: string;
  Limits?: { CPU?: number; Memory?: number };
  CreatedAt?: string;
  StartedAt?: string;
  Type?: string;
  ContainerARN?: string;
  Ports?: { ContainerPort?: number; Protocol?: string; HostPort?: number; HostIp?: string }[];
  Networks?: ContainerNetworkMetadata[];
}

/** The task, as `${ECS_CONTAINER_METADATA_URI_V4}/task` reports it. */
export interface TaskMetadata {
  Cluster?: string;
  ServiceName?: string;
  TaskARN: string;
  Family?: string;
  Revision?: string;
  DesiredStatus?: string;
  KnownStatus?: string;
  Limits?: { CPU?: number; Memory?: number };
  AvailabilityZone?: string;
  LaunchType?: string;
  Containers?: ContainerMetadata[];
}

/** Both documents the agent reads: the task and the container the agent runs in. */
export interface TaskMetadataDocuments {
  task: TaskMetadata;
  self: ContainerMetadata;
}

/** How {@link readTaskMetadata} reaches the endpoint. */
export interface ReadMetadataOptions {
  /** Default `process.env.ECS_CONTAINER_METADATA_URI_V4`. */
  uri?: string;
  /** Attempts before giving up: the endpoint can lag behind container start. Default 5. */
  attempts?: number;
  /** Delay between attempts in ms (doubled each time). Default 200. */
  retryDelayMs?: number;
  /** Per-request timeout in ms. Default 2000. */
  timeoutMs?: number;
}

/**
 * Reads the ECS task metadata endpoint v4: `${uri}/task` and `${uri}` (the calling container).
 * Retries a few times, because the endpoint can answer before the task's metadata is complete.
 *
 * @example
 * ```ts
 * // not-runnable: runs inside an ECS task, where ECS_CONTAINER_METADATA_URI_V4 is set (tests/agent.test.ts runs it against a metadata server)
 * import { readTaskMetadata } from './metadata.js'; // inside packages/ecs/src/agent
 * const { task, self } = await readTaskMetadata({ uri: process.env.ECS_CONTAINER_METADATA_URI_V4 });
 * console.log(task.TaskARN, self.Name);
 * ```
 */
export async function readTaskMetadata(input: ReadMetadataOptions = {}): Promise<TaskMetadataDocuments> {
  const options = plainInput(input, 'metadata');
  if (
    options === null ||
    typeof options !== 'object' ||
    (options.uri !== undefined && typeof options.uri !== 'string')
  ) {
    const issues = new InputIssues();
    issues.add(
      'TYPE',
      'metadata',
      `metadata must be { uri?, attempts?, retryDelayMs?, timeoutMs? } with a string uri, got ${show(options)}`,
    );
    issues.throwIfAny();
  }
  const uri = (options.uri ?? process.env.ECS_CONTAINER_METADATA_URI_V4)?.replace(/\/+$/, '');
  if (!uri) {
    throw new MeshplaneEcsError(
      'METADATA_UNAVAILABLE',
      'ECS_CONTAINER_METADATA_URI_V4 is not set: the agent must run in an ECS task (Fargate platform 1.4.0+ or ECS agent 1.39.0+)',
    );
  }
  const attempts = options.attempts ?? 5;
  let delay = options.retryDelayMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 2000;
  const issues = new InputIssues();
  for (const [key, value, min] of [
    ['attempts', attempts, 1],
    ['retryDelayMs', delay, 0],
    ['timeoutMs', timeoutMs, 1],
  ] as const) {
    if (!isIntegerIn(value, min, 3_600_000)) {
      issues.add(
        'RANGE',
        `metadata.${key}`,
        `metadata.${key} must be an integer in ${min}-3600000, got ${show(value)}`,
      );
    }
  }
  issues.throwIfAny();
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const [task, self] = await Promise.all([getJson(`${uri}/task`, timeoutMs), getJson(uri, timeoutMs)]);
      return { task: checkTask(task), self: checkContainer(self, uri) };
    } catch (error) {
      last = error;
      if (error instanceof MeshplaneEcsError && error.code === 'METADATA_INVALID') throw error;
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
  throw new MeshplaneEcsError(
    'METADATA_UNAVAILABLE',
    `could not read the task metadata at ${uri} after ${attempts} attempts: ${describe(last)}`,
    {
      cause: last,
    },
  );
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

function checkTask(value: unknown): TaskMetadata {
  const task = value as TaskMetadata;
  if (
    !task ||
    typeof task !== 'object' ||
    typeof task.TaskARN !== 'string' ||
    !TASK_ARN_PATTERN.test(task.TaskARN)
  ) {
    throw new MeshplaneEcsError(
      'METADATA_INVALID',
      `the task metadata has no valid TaskARN: ${show(task?.TaskARN)}`,
    );
  }
  return task;
}

function checkContainer(value: unknown, uri: string): ContainerMetadata {
  const container = value as ContainerMetadata;
  if (!container || typeof container !== 'object' || typeof container.Name !== 'string') {
    throw new MeshplaneEcsError('METADATA_INVALID', `the container metadata at ${uri} has no Name`);
  }
  return container;
}

const describe = (error: unknown): string => errorReason(error);
