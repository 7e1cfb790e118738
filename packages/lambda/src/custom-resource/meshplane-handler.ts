import { defineOptions, optionRule } from '@meshplane/core/options';
import { assertOptions } from '../option-problems.js';
import { isPlainRecord } from '../value-text.js';
import { lazyProviderClients, type ProviderClientOptions } from './clients.js';
import {
  type CustomResourceHandler,
  type CustomResourceHandlerOptions,
  createCustomResourceHandler,
} from './framework.js';
import { createLambdaNodeProvider } from './providers/lambda-node-provider.js';
import { createMeshProvider } from './providers/mesh-provider.js';
import { createTrafficShiftProvider } from './providers/traffic-shift-provider.js';

/**
 * The resource types the meshplane handler serves.
 *
 * @example
 * ```ts
 * import { MESHPLANE_RESOURCE_TYPES } from '@meshplane/lambda/custom-resource';
 * console.log(MESHPLANE_RESOURCE_TYPES.includes('Custom::MeshplaneTrafficShift')); // true
 * ```
 */
export const MESHPLANE_RESOURCE_TYPES = [
  'Custom::MeshplaneMesh',
  'Custom::MeshplaneLambdaNode',
  'Custom::MeshplaneTrafficShift',
] as const;

/** Options of {@link createMeshplaneHandler}: the framework's options (without providers) plus clients. */
export type MeshplaneHandlerOptions = Omit<CustomResourceHandlerOptions, 'providers'> & ProviderClientOptions;

// Client options may hold credentials: their problems print <hidden>. The framework's own
// options are checked by createCustomResourceHandler.
const clientOptions = {
  ...optionRule('must be { client } or { clientConfig }', isPlainRecord),
  sensitive: true,
};
const MESHPLANE_HANDLER_OPTIONS = defineOptions<
  Pick<MeshplaneHandlerOptions, 'appMesh' | 'serviceDiscovery'>
>({
  appMesh: clientOptions,
  serviceDiscovery: clientOptions,
});

/**
 * The CloudFormation custom-resource handler for `Custom::MeshplaneMesh`,
 * `Custom::MeshplaneLambdaNode` and `Custom::MeshplaneTrafficShift`, with every guarantee of
 * `createCustomResourceHandler`. Clients are created on first use from the SDK's standard
 * configuration, so `AWS_ENDPOINT_URL_APP_MESH` / `AWS_ENDPOINT_URL_SERVICEDISCOVERY` point it at
 * another endpoint (e.g. `meshplane local`).
 *
 * @example
 * ```ts
 * import { createMeshplaneHandler } from '@meshplane/lambda/custom-resource';
 * export const handler = createMeshplaneHandler({ deadlineMarginMs: 10_000 });
 * ```
 */
export function createMeshplaneHandler(options: MeshplaneHandlerOptions = {}): CustomResourceHandler {
  assertOptions('meshplane handler options', MESHPLANE_HANDLER_OPTIONS, options);
  const { appMesh, serviceDiscovery, ...framework } = options;
  const clients = lazyProviderClients({
    ...(appMesh ? { appMesh } : {}),
    ...(serviceDiscovery ? { serviceDiscovery } : {}),
  });
  return createCustomResourceHandler({
    ...framework,
    providers: {
      'Custom::MeshplaneMesh': createMeshProvider(clients),
      'Custom::MeshplaneLambdaNode': createLambdaNodeProvider(clients),
      'Custom::MeshplaneTrafficShift': createTrafficShiftProvider(clients),
    },
  });
}

let defaultHandler: CustomResourceHandler | undefined;

/**
 * The Lambda entry point for the three meshplane custom resources (`Handler: index.handler`),
 * configured from the environment: AWS SDK standard configuration, and
 * `MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL=true` only for local tests.
 *
 * @example
 * ```ts
 * // index.ts of the custom-resource function
 * export { handler } from '@meshplane/lambda/custom-resource';
 * ```
 */
export const handler: CustomResourceHandler = (event, context) => {
  defaultHandler ??= createMeshplaneHandler();
  return defaultHandler(event, context);
};
