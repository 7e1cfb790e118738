import { serviceDiscoveryModel, validateShape } from '@meshplane/core/smithy';
import { classifyOperation } from '../faults/fault-injector.js';
import type { LocalService, RequestContext } from '../service.js';
import { invalidInput } from './errors.js';
import {
  deregisterInstance,
  discoverInstances,
  discoverInstancesRevision,
  getInstance,
  getInstancesHealthStatus,
  listInstances,
  registerInstance,
  updateInstanceCustomHealthStatus,
} from './instances.js';
import {
  createNamespace,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  updateNamespace,
} from './namespaces.js';
import { getOperation, listOperations } from './operations.js';
import {
  createService,
  deleteService,
  deleteServiceAttributes,
  getService,
  getServiceAttributes,
  listServices,
  updateService,
  updateServiceAttributes,
} from './services.js';
import type { CloudMapState } from './state.js';
import { type Call, CloudMapStore, type CloudMapStoreOptions } from './store.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

export { type CloudMapErrorType, cloudMapError, cloudMapErrorStatus } from './errors.js';
export type { CloudMapState } from './state.js';
export { type CloudMapLimits, DEFAULT_CLOUD_MAP_LIMITS } from './store.js';

/** Options of {@link createCloudMapService}. */
export type CloudMapServiceOptions = CloudMapStoreOptions;

type Handler = (store: CloudMapStore, input: Record<string, unknown>, call: Call) => object;

const HANDLERS: Record<string, Handler> = {
  CreateHttpNamespace: (s, i, c) => createNamespace(s, 'CreateHttpNamespace', i, c),
  CreatePrivateDnsNamespace: (s, i, c) => createNamespace(s, 'CreatePrivateDnsNamespace', i, c),
  CreatePublicDnsNamespace: (s, i, c) => createNamespace(s, 'CreatePublicDnsNamespace', i, c),
  GetNamespace: getNamespace,
  ListNamespaces: listNamespaces,
  DeleteNamespace: deleteNamespace,
  UpdateHttpNamespace: (s, i, c) => updateNamespace(s, 'UpdateHttpNamespace', i, c),
  UpdatePrivateDnsNamespace: (s, i, c) => updateNamespace(s, 'UpdatePrivateDnsNamespace', i, c),
  UpdatePublicDnsNamespace: (s, i, c) => updateNamespace(s, 'UpdatePublicDnsNamespace', i, c),
  CreateService: createService,
  GetService: getService,
  ListServices: listServices,
  UpdateService: updateService,
  DeleteService: deleteService,
  GetServiceAttributes: getServiceAttributes,
  UpdateServiceAttributes: updateServiceAttributes,
  DeleteServiceAttributes: deleteServiceAttributes,
  RegisterInstance: registerInstance,
  DeregisterInstance: deregisterInstance,
  GetInstance: getInstance,
  ListInstances: listInstances,
  GetInstancesHealthStatus: getInstancesHealthStatus,
  UpdateInstanceCustomHealthStatus: updateInstanceCustomHealthStatus,
  DiscoverInstances: discoverInstances,
  DiscoverInstancesRevision: discoverInstancesRevision,
  GetOperation: getOperation,
  ListOperations: listOperations,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};

/**
 * The local Cloud Map (AWS Service Discovery) service: every operation of the 2017-03-14
 * model over in-memory state, for the `@meshplane/local` HTTP server to host. Input is
 * checked against the model's shapes first (all problems reported in one `InvalidInput`),
 * then against Cloud Map's documented rules; errors are the model's error shapes with their
 * `httpError` statuses.
 *
 * Namespace, instance and service-update operations are asynchronous as in AWS: they return an
 * `OperationId` whose operation is PENDING until GetOperation polls it or `operationSettleMs`
 * passes. Their effect is visible at once, so code that does not poll still sees its writes.
 *
 * @example
 * ```ts
 * import { createCloudMapService } from '@meshplane/local';
 * const cloudMap = createCloudMapService({ region: 'us-east-1', accountId: '111122223333' });
 * const ctx = { region: 'us-east-1', accountId: '111122223333', now: () => new Date() };
 * const { OperationId } = (await cloudMap.handle('CreateHttpNamespace', { Name: 'prod' }, ctx)) as {
 *   OperationId: string;
 * };
 * const { Operation } = (await cloudMap.handle('GetOperation', { OperationId }, ctx)) as {
 *   Operation: { Status: string; Targets: { NAMESPACE: string } };
 * };
 * console.log(Operation.Status, Operation.Targets.NAMESPACE.startsWith('ns-')); // 'SUCCESS' true
 * ```
 */
export function createCloudMapService(options: CloudMapServiceOptions): LocalService<CloudMapState> {
  const store = new CloudMapStore(options);
  return {
    operations: Object.keys(HANDLERS),
    handle(operation: string, rawInput: Record<string, unknown>, ctx: RequestContext): unknown {
      const handler = HANDLERS[operation];
      const spec = serviceDiscoveryModel.operations[operation];
      if (!handler || !spec) throw invalidInput(`Operation ${operation} is not a Cloud Map operation.`);
      const input = rawInput ?? {};
      if (spec.input) {
        // Unknown members are ignored, as AWS's JSON services do for newer clients.
        const issues = validateShape(serviceDiscoveryModel, spec.input, input, '', {
          unknownMembers: 'ignore',
        });
        if (issues.length > 0) {
          throw invalidInput(
            `${operation} input is invalid: ${issues.map((i) => i.message.replace(/^\./, '')).join('; ')}`,
          );
        }
      }
      const call: Call = {
        region: ctx.region || options.region,
        accountId: ctx.accountId || options.accountId,
        now: ctx.now().getTime() / 1000,
      };
      store.recording = classifyOperation(operation) === 'write';
      try {
        return handler(store, input, call);
      } finally {
        store.recording = false;
      }
    },
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    journal: {
      takeChanges: () => store.takeChanges(),
      applyChanges: (changes) => store.applyChanges(changes),
    },
  };
}
