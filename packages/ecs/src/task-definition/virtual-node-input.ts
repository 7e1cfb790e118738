import { listenerPorts as nodeListenerPorts, type VirtualNodeResource } from '@meshplane/core';
import { plainInput } from '../plain-input.js';
import type { MeshTaskDefinitionOptions } from './options.js';

/**
 * The listener ports of a virtual node input, in declaration order.
 *
 * @example
 * ```ts
 * import { listenerPorts } from './virtual-node-input.js'; // inside packages/ecs/src/task-definition
 * console.log(listenerPorts({ name: 'dj', ports: [9080, 9443] })); // [9080, 9443]
 * ```
 */
export function listenerPorts(input: MeshTaskDefinitionOptions['virtualNode']): number[] {
  const node = plainInput(input, 'virtualNode');
  // A node of the model is read by core's kernel accessor, the one reader of `listeners[].portMapping`;
  // malformed listeners give no port here, the renderer's checks report them.
  if (isNodeResource(node)) return nodeListenerPorts(node.spec).map((listener) => listener.port);
  return Array.isArray(node?.ports) ? [...node.ports] : [];
}

/**
 * True when the virtual node input is a node of the model (not `{ name, ports }`).
 *
 * @example
 * ```ts
 * import { isNodeResource } from './virtual-node-input.js'; // inside packages/ecs/src/task-definition
 * console.log(isNodeResource({ name: 'dj', ports: [9080] })); // false
 * ```
 */
export const isNodeResource = (node: MeshTaskDefinitionOptions['virtualNode']): node is VirtualNodeResource =>
  typeof node === 'object' && node !== null && 'kind' in node;
