import { InputIssues, show } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { type ContainerMetadata, TASK_ARN_PATTERN, type TaskMetadata } from './metadata.js';

/**
 * The Cloud Map instance id of a task: the task id, the last segment of its ARN
 * (`arn:aws:ecs:us-east-1:111122223333:task/cluster/0123abcd…` → `0123abcd…`).
 *
 * @example
 * ```ts
 * import { instanceIdFromTaskArn } from './attributes.js'; // inside packages/ecs/src/agent
 * console.log(instanceIdFromTaskArn('arn:aws:ecs:us-west-2:111122223333:task/default/158d1c8083dd49d6b527399fd6414f5c'));
 * // '158d1c8083dd49d6b527399fd6414f5c'
 * ```
 */
export function instanceIdFromTaskArn(taskArn: string): string {
  if (typeof taskArn !== 'string') {
    const issues = new InputIssues();
    issues.add('TYPE', 'taskArn', `taskArn must be an ECS task ARN string, got ${show(taskArn)}`);
    issues.throwIfAny();
  }
  // A string that is not a task ARN stays a TypeError, as documented before.
  const match = TASK_ARN_PATTERN.exec(taskArn);
  if (!match?.[1]) {
    throw new TypeError(
      `not an ECS task ARN (arn:<partition>:ecs:<region>:<account>:task/[<cluster>/]<id>): ${show(taskArn)}`,
    );
  }
  return match[1];
}

/** What {@link instanceAttributes} needs besides the metadata. */
export interface InstanceAttributeOptions {
  /** The container whose image and port describe the instance. */
  container: ContainerMetadata;
  /** `AWS_INSTANCE_PORT`. Default: the container's first port mapping. */
  port?: number;
  /** Custom attributes; they override the computed non-`AWS_` ones. */
  attributes?: Record<string, string>;
  /** `AWS_INIT_HEALTH_STATUS`, for services with a custom health check. */
  initialHealth?: 'HEALTHY' | 'UNHEALTHY';
}

// Cloud Map limits (RegisterInstance): 30 custom attributes, keys up to 255 and values up to 1,024
// characters, 5,000 characters in all; `AWS_`-prefixed names are reserved.
const MAX_CUSTOM = 30;
const MAX_TOTAL = 5000;
const KEY_PATTERN = /^[a-zA-Z0-9!-~]{1,255}$/;

/**
 * The Cloud Map attributes of a task instance, named like ECS service discovery names them:
 * `AWS_INSTANCE_IPV4`, `AWS_INSTANCE_PORT`, `AVAILABILITY_ZONE`, `REGION`, `ECS_CLUSTER_NAME`,
 * `ECS_SERVICE_NAME`, `ECS_TASK_DEFINITION_FAMILY`, plus `ECS_TASK_ARN`,
 * `ECS_TASK_DEFINITION_REVISION`, `IMAGE`, `IMAGE_TAG`, `IMAGE_DIGEST`. Problems (no IPv4, no
 * port, a reserved or oversized attribute) are reported all at once as an {@link EcsInputError}.
 *
 * @example
 * ```ts
 * import { instanceAttributes } from './attributes.js'; // inside packages/ecs/src/agent
 * const attrs = instanceAttributes(
 *   { TaskARN: 'arn:aws:ecs:us-east-1:111122223333:task/c/abc', AvailabilityZone: 'us-east-1a' },
 *   { container: { Name: 'app', Image: 'jazz:v1', Networks: [{ IPv4Addresses: ['10.0.0.5'] }] }, port: 9080 },
 * );
 * console.log(attrs.AWS_INSTANCE_IPV4, attrs.IMAGE_TAG); // '10.0.0.5' 'v1'
 * ```
 */
export function instanceAttributes(
  taskInput: TaskMetadata,
  optionsInput: InstanceAttributeOptions,
): Record<string, string> {
  const task = plainInput(taskInput, 'task');
  const options = plainInput(optionsInput, 'options');
  const issues = new InputIssues();
  if (task === null || typeof task !== 'object' || typeof task.TaskARN !== 'string') {
    issues.add(
      'REQUIRED',
      'task',
      `task must be the task metadata document (with TaskARN), got ${show(task)}`,
    );
  }
  if (options === null || typeof options !== 'object' || !isObject(options.container)) {
    issues.add(
      'REQUIRED',
      'container',
      `container must be a container metadata document, got ${show(options?.container)}`,
    );
  }
  if (options?.attributes !== undefined && !isObject(options.attributes)) {
    issues.add(
      'TYPE',
      'attributes',
      `attributes must be an object of name → value, got ${show(options.attributes)}`,
    );
  }
  issues.throwIfAny();
  const { container } = options;
  const networks = Array.isArray(container.Networks) ? container.Networks : [];
  const ipv4 = networks.flatMap((n) => (Array.isArray(n?.IPv4Addresses) ? n.IPv4Addresses : []))[0];
  if (!ipv4)
    issues.add(
      'NO_IPV4',
      'container.Networks',
      `container ${show(container.Name)} has no IPv4 address in the task metadata`,
    );
  const port =
    options.port ?? (Array.isArray(container.Ports) ? container.Ports[0]?.ContainerPort : undefined);
  if (!(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
    issues.add(
      'PORT_RANGE',
      'port',
      `the instance port must be an integer in 1-65535 (set port, or give the container a port mapping), got ${show(port)}`,
    );
  }
  const arn = task.TaskARN;
  const region = arn.split(':')[3];
  const cluster = task.Cluster?.includes(':cluster/') ? task.Cluster.split(':cluster/')[1] : task.Cluster;
  const computed: Record<string, string | undefined> = {
    AWS_INSTANCE_IPV4: ipv4,
    AWS_INSTANCE_PORT: port === undefined ? undefined : String(port),
    AWS_INIT_HEALTH_STATUS: options.initialHealth,
    AVAILABILITY_ZONE: task.AvailabilityZone,
    REGION: region,
    ECS_CLUSTER_NAME: cluster,
    ECS_SERVICE_NAME: task.ServiceName,
    ECS_TASK_ARN: arn,
    ECS_TASK_DEFINITION_FAMILY: task.Family,
    ECS_TASK_DEFINITION_REVISION: task.Revision,
    ...imageAttributes(container),
  };
  for (const [key, value] of Object.entries(options.attributes ?? {})) {
    if (key.startsWith('AWS_')) {
      issues.add(
        'RESERVED_ATTRIBUTE',
        `attributes.${key}`,
        `attribute names starting with AWS_ are reserved by Cloud Map, got ${show(key)}`,
      );
    } else {
      computed[key] = value;
    }
  }
  const attributes: Record<string, string> = {};
  for (const key of Object.keys(computed).sort()) {
    const value = computed[key];
    if (value === undefined || value === '') continue;
    attributes[key] = value;
    if (!KEY_PATTERN.test(key))
      issues.add(
        'ATTRIBUTE_KEY',
        `attributes.${key}`,
        `attribute name ${show(key)} must be 1-255 printable ASCII characters`,
      );
    if (typeof value !== 'string' || value.length > 1024) {
      issues.add(
        'ATTRIBUTE_VALUE',
        `attributes.${key}`,
        `attribute ${key} must be a string of at most 1,024 characters, got ${show(value)}`,
      );
    }
  }
  const custom = Object.keys(attributes).filter((key) => !key.startsWith('AWS_'));
  if (custom.length > MAX_CUSTOM) {
    issues.add(
      'ATTRIBUTE_COUNT',
      'attributes',
      `Cloud Map allows ${MAX_CUSTOM} custom attributes per instance, got ${custom.length}`,
    );
  }
  const total = Object.entries(attributes).reduce(
    (sum, [key, value]) => sum + key.length + String(value).length,
    0,
  );
  if (total > MAX_TOTAL) {
    issues.add(
      'ATTRIBUTE_SIZE',
      'attributes',
      `the attributes total ${total} characters; Cloud Map allows ${MAX_TOTAL} (keys and values)`,
    );
  }
  issues.throwIfAny();
  return attributes;
}

function imageAttributes(container: ContainerMetadata): Record<string, string | undefined> {
  const image = container.Image;
  if (!image) return {};
  const [reference, digestInImage] = image.split('@');
  const lastSlash = (reference ?? '').lastIndexOf('/');
  const colon = (reference ?? '').lastIndexOf(':');
  const tag = colon > lastSlash ? reference?.slice(colon + 1) : digestInImage ? undefined : 'latest';
  const digest = container.ImageID?.startsWith('sha256:') ? container.ImageID : digestInImage;
  return { IMAGE: image, IMAGE_TAG: tag, IMAGE_DIGEST: digest };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
