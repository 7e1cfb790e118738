import type { ServiceDefinition } from '@grpc/grpc-js';
import {
  type DeltaRequest,
  decodeDeltaRequest,
  decodeDeltaResponse,
  decodeSotwRequest,
  decodeSotwResponse,
  type SotwRequest,
} from './messages.js';

const SERVICE = '/envoy.service.discovery.v3.AggregatedDiscoveryService';

const passBuffer = (b: Buffer) => b;

/**
 * envoy.service.discovery.v3.AggregatedDiscoveryService for grpc-js: requests decoded into
 * plain objects, responses written as the bytes the server encoded (see messages.ts).
 */
export const adsServiceDefinition = {
  StreamAggregatedResources: {
    path: `${SERVICE}/StreamAggregatedResources`,
    requestStream: true,
    responseStream: true,
    requestSerialize: passBuffer,
    requestDeserialize: decodeSotwRequest,
    responseSerialize: passBuffer,
    responseDeserialize: passBuffer,
    originalName: 'streamAggregatedResources',
  },
  DeltaAggregatedResources: {
    path: `${SERVICE}/DeltaAggregatedResources`,
    requestStream: true,
    responseStream: true,
    requestSerialize: passBuffer,
    requestDeserialize: decodeDeltaRequest,
    responseSerialize: passBuffer,
    responseDeserialize: passBuffer,
    originalName: 'deltaAggregatedResources',
  },
} as unknown as ServiceDefinition;

/** The client side of the same service (tests, the benchmark's simulated Envoys): bytes in, decoded responses out. */
export const adsClientDefinition = {
  StreamAggregatedResources: {
    ...adsServiceDefinition.StreamAggregatedResources,
    responseDeserialize: decodeSotwResponse,
  },
  DeltaAggregatedResources: {
    ...adsServiceDefinition.DeltaAggregatedResources,
    responseDeserialize: decodeDeltaResponse,
  },
} as unknown as ServiceDefinition;

export type { DeltaRequest, SotwRequest };
