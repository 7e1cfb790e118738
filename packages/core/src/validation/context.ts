import type { IssueSeverity, MeshIssue } from '../errors/validation-issue.js';
import type { ResourceKind } from '../model/resources.js';
import { listenerPorts } from '../model/spec-accessors.js';
import type { ValidationCode } from './codes.js';

/** A plain object read from untrusted input, or undefined when the value is anything else. */
export type Rec = Record<string, unknown>;

export function rec(value: unknown): Rec | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** One resource of the model, read defensively, with the friendly path prefix of its issues. */
export interface Entry {
  kind: ResourceKind;
  /** Position in `model.resources`. */
  index: number;
  meshName: string;
  name: string;
  /** `virtualRouterName` of a route, `virtualGatewayName` of a gateway route. */
  parentName?: string;
  /** `nodes.dj`, `routers.jazz-router.routes.jazz-route`, … */
  path: string;
  spec: Rec | undefined;
  source?: { file: string; line?: number; column?: number };
}

/** A listener reduced to what cross-resource rules need. */
export interface ListenerInfo {
  port: number;
  protocol: string;
}

/** The declared resources of one mesh, by name. */
export interface MeshIndex {
  mesh?: Entry;
  nodes: Map<string, Entry>;
  routers: Map<string, Entry>;
  gateways: Map<string, Entry>;
  services: Map<string, Entry>;
  routes: Entry[];
  gatewayRoutes: Entry[];
}

/** What an issue is about: its resource's source location and position in the model. */
export type IssueSubject = { source?: Entry['source']; index?: number } | undefined;

/**
 * Collects issues, stamping each with the source location of the resource it concerns, and
 * hands them back grouped by resource (model order), model-wide issues first.
 */
export class IssueSink {
  private readonly collected: { issue: MeshIssue; index: number }[] = [];

  add(
    subject: IssueSubject,
    code: ValidationCode,
    path: string,
    message: string,
    severity: IssueSeverity = 'error',
  ): void {
    const issue: MeshIssue = { code, path, message, severity };
    const source = subject?.source;
    if (source !== undefined) {
      issue.file = source.file;
      if (source.line !== undefined) issue.line = source.line;
      if (source.column !== undefined) issue.column = source.column;
    }
    this.collected.push({ issue, index: subject?.index ?? -1 });
  }

  /** `add` for one subject, in the shape of the rules the router compiler runs too. */
  reporter(subject: IssueSubject): (code: ValidationCode, path: string, message: string) => void {
    return (code, path, message) => this.add(subject, code, path, message);
  }

  /** Adds issues produced by `validateShape`, with the resource's source location. */
  addAll(subject: IssueSubject, issues: readonly MeshIssue[]): void {
    for (const issue of issues) {
      this.add(subject, issue.code as ValidationCode, issue.path, shapeMessage(issue), issue.severity);
    }
  }

  /** The issues, grouped by resource in model order; the sort is stable within a resource. */
  get issues(): MeshIssue[] {
    return this.collected
      .map((entry, position) => ({ ...entry, position }))
      .sort((a, b) => a.index - b.index || a.position - b.position)
      .map((entry) => entry.issue);
  }
}

// validateShape prefixes its messages with the whole path; the path is already in the issue, so
// keep only its last segment as the subject ("port must be 1 to 65535 …").
function shapeMessage(issue: MeshIssue): string {
  const { path, message } = issue;
  if (!message.startsWith(`${path} `)) return message;
  const dot = path.lastIndexOf('.');
  const subject = dot === -1 ? path : path.slice(dot + 1);
  return `${subject} ${message.slice(path.length + 1)}`;
}

/** Reads the listeners of a node, router or gateway spec; malformed ones are skipped. */
export function listenersOf(spec: Rec | undefined): ListenerInfo[] {
  // Ports that are not whole numbers are shape issues already; leave them out here.
  return listenerPorts(spec)
    .filter((l) => Number.isInteger(l.port))
    .map(({ port, protocol }) => ({ port, protocol }));
}

/** `9080/http, 8443/http2` for messages. */
export function describeListeners(listeners: readonly ListenerInfo[]): string {
  return listeners.length === 0 ? 'none' : listeners.map((l) => `${l.port}/${l.protocol}`).join(', ');
}

/** `an http`, `an http2`, `a grpc`, `a tcp`: the article that reads right before a protocol. */
export function article(protocol: string): string {
  return protocol.startsWith('h') ? `an ${protocol}` : `a ${protocol}`;
}
