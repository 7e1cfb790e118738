import { checkPort, type InputIssues, isIntegerIn, show } from '../input-issues.js';
import { addMemberIssues } from '../option-issues.js';
import { checkMeshName, checkModelResource } from './field-checks.js';
import { VIRTUAL_NODE_PORTS } from './option-schemas.js';
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
  // Not an object: reported by the schema's rule of `virtualNode`.
  if (node === undefined || node === null || typeof node !== 'object') return '';
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
  addMemberIssues(issues, VIRTUAL_NODE_PORTS, node, 'virtualNode');
  return node.name;
}

/**
 * Resolves the app container's name, image and ports from options the schema has checked, and
 * checks them against the node's listener ports (each app port must be one, once); problems go
 * to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveApp } from './resolve-app.js'; // inside packages/ecs/src/task-definition
 * console.log(resolveApp(new InputIssues(), { app: { image: 'dj:1' } }, [9080]).ports); // [9080]
 * ```
 */
export function resolveApp(
  issues: InputIssues,
  o: Pick<MeshTaskDefinitionOptions, 'app'>,
  listeners: number[],
): ResolvedApp {
  const given = o.app !== null && typeof o.app === 'object' && !Array.isArray(o.app);
  const app = given ? o.app : ({} as AppContainerOptions);
  // Without an app the schema reports `app`; its one required member is named too, so that the
  // message says what to give.
  if (!given)
    issues.add('REQUIRED', 'app.image', 'app.image is required (the application image), got undefined');
  const explicit = app.ports !== undefined;
  // A malformed app.ports is reported by the schema; go on with no ports so that every other problem is found too.
  const ports: number[] = !explicit ? listeners : Array.isArray(app.ports) ? app.ports : [];
  if (explicit) checkAppPorts(issues, ports, listeners);
  else checkListenersOnce(issues, listeners);
  return { name: app.name ?? 'app', image: app.image, ports, options: app };
}

// AppPorts: the ports whose inbound traffic the proxy configuration sends to Envoy; each must be a
// listener of the node (Envoy has no listener for any other), and each once.
function checkAppPorts(issues: InputIssues, ports: unknown[], listeners: number[]): void {
  const seen = new Set<number>();
  ports.forEach((port, i) => {
    // A port out of range is reported by the schema.
    if (!isIntegerIn(port, 1, 65535)) return;
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
}

function checkListenersOnce(issues: InputIssues, listeners: number[]): void {
  const dup = listeners.find((port, i) => listeners.indexOf(port) !== i);
  if (dup !== undefined)
    issues.add('DUPLICATE_PORT', 'virtualNode', `listener port ${dup} is declared twice on the virtual node`);
}
