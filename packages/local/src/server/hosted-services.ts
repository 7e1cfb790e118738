import { appMeshModel, serviceDiscoveryModel } from '@meshplane/core/smithy';
import { createAppMeshService } from '../appmesh/index.js';
import { createCloudMapService } from '../cloudmap/index.js';
import { errorStatus } from '../protocol/error-shapes.js';
import type { LocalService } from '../service.js';
import type { HostedService } from './hosted-service.js';

/** App Mesh with the error shapes the server answers for it on its own (App Mesh API model). */
export function hostedAppMesh(): HostedService {
  return {
    key: 'appmesh',
    model: appMeshModel,
    service: createAppMeshService() as LocalService<unknown>,
    malformedError: 'BadRequestException',
    throttlingError: 'TooManyRequestsException',
    serverError: {
      type: 'ServiceUnavailableException',
      status: errorStatus(appMeshModel, 'ServiceUnavailableException'),
    },
    internalError: 'InternalServerErrorException',
  };
}

/** Cloud Map (the given service, or the local one) with its server-side error shapes. */
export function hostedCloudMap(
  region: string,
  accountId: string,
  service: LocalService<unknown> = createCloudMapService({ region, accountId }) as LocalService<unknown>,
): HostedService {
  return {
    key: 'cloudmap',
    model: serviceDiscoveryModel,
    service,
    malformedError: 'InvalidInput',
    throttlingError: 'RequestLimitExceeded',
    // Cloud Map's model has no 5xx error shape; AWS JSON services answer InternalFailure.
    serverError: { type: 'InternalFailure', status: 500 },
    internalError: 'InternalFailure',
  };
}
