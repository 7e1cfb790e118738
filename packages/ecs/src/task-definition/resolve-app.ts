import { checkPort, type InputIssues, show } from '../input-issues.js';
import { checkHealthCheck, checkMeshName, checkModelResource, checkStringList } from './field-checks.js';
import type { AppContainerOptions, MeshTaskDefinitionOptions } from './options.js';
import { isNodeResource } from './virtual-node-input.js';

/** The app container's settings, resolved: its name, image and the ports it serves. */
export interface ResolvedApp {
  name: string;
  image: string;
  /** The app ports (`AppPorts`): `app.ports`, else every listener port of the node. */
  ports: number[];
  /** The options as given (the renderer passes the optional members through). */
  options: AppContainerOptions;
}

/**
 * Checks the virtual node (given as `{ name, ports }` or as a node of the model) and returns its
 * name; problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { resolveVirtualNode } from './resolve-app.js'; // inside packages/ecs/src/task-definition
 * const issues = new InputIssues();
 * console.log(resolveVirtualNode(issues, { mesh: 'dj-app', virtualNode: { name: 'dj', ports: [] } }), issues.list[0]?.code);
 * // 'dj' 'NO_LISTENERS'
 * ```
 */
export function resolveVirtualNode(
  issues: InputIssues,
  o: Pick<MeshTaskDefinitionOptions, 'virtualNode' | 'mesh'>,
): string {
  const node = o.virtualNode;
  if (node === undefined || node === null || typeof node !== 'object') {
    issues.add(
      'REQUIRED',
      'virtualNode',
      `virtualNode is required: { name, ports } or a virtual node of the model, got ${show(node)}`,
    );
    return '';
  }
  if (isNodeResource(node)) {
    checkModelResource(issues, 'virtualNode', node, o.mesh);
    checkMeshName(issues, 'virtualNode.name', node.name);
    const listeners = node.spec?.listeners;
    if (listeners !== undefined && !Array.isArray(listeners)) {
      issues.add(
        'TYPE',
        'virtualNode.spec.listeners',
        `virtualNode.spec.listeners must be a list, got ${show(listeners)}`,
      );
    }
    const list = Array.isArray(listeners) ? listeners : [];
    list.forEach((listener, i) => {
      checkPort(issues, `virtualNode.spec.listeners[${i}].portMapping.port`, listener?.portMapping?.port);
    });
    if (list.length === 0) {
      issues.add(
        'NO_LISTENERS',
        'virtualNode.spec.listeners',
        `virtual node ${show(node.name)} has no listener, so Envoy has no app port to receive traffic on`,
      );
    }
    return node.name;
  }
  checkMeshName(issues, 'virtualNode.name', node.name);
  if (!Array.isArray(node.ports) || node.ports.length === 0) {
    issues.add(
      'NO_LISTENERS',
      'virtualNode.ports',
      `virtualNode.ports must list the node's listener ports (at least one), got ${show(node.ports)}`,
    );
  } else {
    for (const [i, port] of node.ports.entries()) checkPort(issues, `virtualNode.ports[${i}]`, port);
  }
  return node.name;
}

/**
 * Checks the app container's options against the node's listener ports and resolves its name,
 * image and ports; problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { resolveApp } from './resolve-app.js'; // inside packages/ecs/src/task-definition
 * console.log(resolveApp(new InputIssues(), { app: { image: 'dj:1' } }, [9080]).ports); // [9080]
 * ```
 */
export function resolveApp(
  issues: InputIssues,
  o: Pick<MeshTaskDefinitionOptions, 'app'>,
  listeners: number[],
): ResolvedApp {
  const app = o.app ?? ({} as AppContainerOptions);
  if (o.app === undefined || o.app === null || typeof o.app !== 'object') {
    issues.add('REQUIRED', 'app', 'app is required: { image, ... }');
  }
  if (typeof app.image !== 'string' || app.image.trim() === '') {
    issues.add(
      'REQUIRED',
      'app.image',
      `app.image is required (the application image), got ${show(app.image)}`,
    );
  } else if (/\s/.test(app.image) || app.image.length > 255) {
    issues.add(
      'IMAGE',
      'app.image',
      `app.image must be an image reference of at most 255 characters without spaces, got ${show(app.image)}`,
    );
  }
  checkAppPorts(issues, app.ports ?? listeners, listeners, app.ports !== undefined);
  checkStringList(issues, 'app.command', app.command);
  checkStringList(issues, 'app.entryPoint', app.entryPoint);
  checkHealthCheck(issues, 'app.healthCheck', app.healthCheck);
  // A malformed app.ports is reported above; go on with no ports so that every other problem is found too.
  const ports: number[] = app.ports === undefined ? listeners : Array.isArray(app.ports) ? app.ports : [];
  return { name: app.name ?? 'app', image: app.image, ports, options: app };
}

function checkAppPorts(issues: InputIssues, ports: unknown, listeners: number[], explicit: boolean): void {
  if (!Array.isArray(ports)) {
    issues.add('TYPE', 'app.ports', `app.ports must be a list of ports, got ${show(ports)}`);
    return;
  }
  if (explicit && ports.length === 0) {
    issues.add(
      'REQUIRED',
      'app.ports',
      'app.ports must name at least one listener port of the virtual node (AppPorts cannot be empty)',
    );
  }
  const seen = new Set<number>();
  ports.forEach((port, i) => {
    if (!explicit) return;
    if (!checkPort(issues, `app.ports[${i}]`, port)) return;
    if (seen.has(port)) issues.add('DUPLICATE_PORT', `app.ports[${i}]`, `app port ${port} is listed twice`);
    seen.add(port);
    if (!listeners.includes(port)) {
      issues.add(
        'PORT_NOT_LISTENER',
        `app.ports[${i}]`,
        `app port ${port} is not a listener port of the virtual node (listeners: ${listeners.length ? listeners.join(', ') : 'none'})`,
      );
    }
  });
  if (!explicit) {
    const dup = listeners.find((port, i) => listeners.indexOf(port) !== i);
    if (dup !== undefined)
      issues.add(
        'DUPLICATE_PORT',
        'virtualNode',
        `listener port ${dup} is declared twice on the virtual node`,
      );
  }
}
