import type { Context } from 'aws-lambda';
import type { CustomResourceLogger } from './logger.js';

/** The request types CloudFormation sends. */
export type RequestType = 'Create' | 'Update' | 'Delete';

/** The event CloudFormation sends to a custom-resource Lambda (ResourceProperties values are strings). */
export interface CustomResourceEvent {
  RequestType: RequestType;
  ServiceToken: string;
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResourceType: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

/** What a provider's operation gives back. */
export interface ProviderResult {
  /** The resource's id. Create: required unless generated; Update: a different value means replacement. */
  physicalResourceId?: string;
  /** Attributes for `Fn::GetAtt`; values are turned into strings. */
  data?: Record<string, string | number | boolean>;
  /** Hide `data` from `Fn::GetAtt` output and from the logs. */
  noEcho?: boolean;
}

/** Everything a provider operation may use besides its properties. */
export interface ProviderContext {
  event: CustomResourceEvent;
  lambdaContext: Context;
  /** Aborted when the deadline fires: stop starting new work. */
  signal: AbortSignal;
  logger: CustomResourceLogger;
}

/** The result of parsing a resource's properties: the value, or every problem found. */
export type ParseResult<P> = { ok: true; value: P } | { ok: false; problems: string[] };

/**
 * One custom resource type. `parse` receives the properties without `ServiceToken`,
 * `ServiceTimeout` and `NoEcho`, as CloudFormation sends them (scalars are strings).
 */
export interface CustomResourceProvider<P> {
  parse(properties: Record<string, unknown>): ParseResult<P>;
  create(properties: P, context: ProviderContext): Promise<ProviderResult>;
  update(properties: P, oldProperties: P | undefined, context: ProviderContext): Promise<ProviderResult>;
  /** Deletes the resource named by `context.event.PhysicalResourceId`. */
  delete(properties: P | undefined, context: ProviderContext): Promise<ProviderResult | undefined>;
}
