/**
 * A compact, documentation-free form of an AWS Smithy 2.0 JSON model: what validation, the
 * local endpoint and the tests need (shapes, constraints, HTTP bindings, errors, pagination).
 * Generated into the repo by `scripts/generate-smithy-ir.ts`; never read from `../shared` at
 * run time.
 */

/** Length or range bounds; either side may be absent. */
export interface Bounds {
  min?: number;
  max?: number;
}

/** Where a member travels in an HTTP request (restJson1); absent means the JSON body. */
export type MemberLocation = 'label' | 'query' | 'header' | 'payload';

/** A structure or union member, or a list/map element. */
export interface MemberIR {
  /** Short shape name in the same model, or a prelude id like `smithy.api#String`. */
  target: string;
  required?: true;
  location?: MemberLocation;
  /** The query parameter or header name, for `query` / `header` locations. */
  locationName?: string;
  jsonName?: string;
  idempotencyToken?: true;
  /** Smithy 2 default value: a member with a default is never reported as missing. */
  default?: unknown;
  length?: Bounds;
  range?: Bounds;
  pattern?: string;
  timestampFormat?: string;
}

/** The kinds of shapes the IR keeps. */
export type ShapeType =
  | 'structure'
  | 'union'
  | 'list'
  | 'map'
  | 'string'
  | 'enum'
  | 'intEnum'
  | 'integer'
  | 'long'
  | 'short'
  | 'byte'
  | 'float'
  | 'double'
  | 'bigInteger'
  | 'bigDecimal'
  | 'boolean'
  | 'timestamp'
  | 'blob'
  | 'document';

/** One shape. Only the fields that apply to its type are present. */
export interface ShapeIR {
  type: ShapeType;
  members?: Record<string, MemberIR>;
  /** List element. */
  member?: MemberIR;
  /** Map key and value. */
  key?: MemberIR;
  value?: MemberIR;
  length?: Bounds;
  range?: Bounds;
  pattern?: string;
  /** Allowed values, for `enum` shapes and strings with the `enum` trait. */
  enum?: string[];
  uniqueItems?: true;
  /** Error shapes: who is at fault, and the HTTP status the protocol uses. */
  error?: 'client' | 'server';
  httpError?: number;
  retryable?: true;
  timestampFormat?: string;
}

/** One operation. */
export interface OperationIR {
  http?: { method: string; uri: string; code: number };
  /** Input/output structure short names; absent for `smithy.api#Unit`. */
  input?: string;
  output?: string;
  errors: string[];
  paginated?: { inputToken?: string; outputToken?: string; pageSize?: string; items?: string };
  /** `smithy.api#endpoint` host prefix, e.g. `data-` for Cloud Map's DiscoverInstances. */
  hostPrefix?: string;
  idempotent?: true;
  readonly?: true;
}

/** A whole service model. */
export interface SmithyModelIR {
  service: {
    /** The service shape's short name, also the awsJson `X-Amz-Target` prefix. */
    name: string;
    version: string;
    sdkId: string;
    arnNamespace: string;
    protocol: 'restJson1' | 'awsJson1_0' | 'awsJson1_1';
    sigv4Name: string;
  };
  operations: Record<string, OperationIR>;
  shapes: Record<string, ShapeIR>;
}
