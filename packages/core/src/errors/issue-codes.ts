// The quotas in the rules' text are the kernel's (model/kinds.ts): one copy of each number.
import { MESH_QUOTAS } from '../model/kinds.js';

/**
 * Every code `validate` can report, with the rule it stands for. Codes are stable: scripts may
 * switch on them. Shape codes (`SHAPE_*`) come from the App Mesh Smithy model via `validateShape`.
 *
 * @example
 * ```ts
 * import { VALIDATION_CODES } from '@meshplane/core';
 * console.log(VALIDATION_CODES.WEIGHT_TOTAL); // 'the weights of a route add up to 1-100'
 * ```
 */
export const VALIDATION_CODES = {
  INVALID_MODEL: 'a model is an object with a `resources` list',
  INVALID_RESOURCE: 'a resource is an object',
  UNREADABLE_VALUE:
    'every member can be read as data (no getter or proxy that throws, no value that contains itself)',
  UNKNOWN_KIND:
    'kind is one of mesh, virtualNode, virtualRouter, virtualGateway, route, virtualService, gatewayRoute',
  SHAPE_TYPE: 'a value has the type the App Mesh model gives it',
  SHAPE_REQUIRED: 'a required member of the App Mesh model is present',
  SHAPE_LENGTH: 'a string or list length is within the App Mesh model bounds',
  SHAPE_RANGE: 'a number is within the App Mesh model range',
  SHAPE_PATTERN: 'a string matches the App Mesh model pattern',
  SHAPE_ENUM: 'a value is one of the App Mesh model enum values',
  SHAPE_UNION: 'exactly one member of an App Mesh union is set',
  SHAPE_UNKNOWN_MEMBER: 'no member outside the App Mesh model',
  SHAPE_UNIQUE: 'list items the App Mesh model declares unique are unique',
  EMPTY_NAME: 'a resource name is not empty (it is a URI label of the API)',
  DUPLICATE_RESOURCE: 'a resource name is unique per kind within its mesh (and router or gateway)',
  UNKNOWN_MESH: 'a resource belongs to a mesh declared in the model',
  UNKNOWN_ROUTER: "a route's virtual router is declared",
  UNKNOWN_GATEWAY: "a gateway route's virtual gateway is declared",
  UNKNOWN_TARGET: "a route's weighted target names a declared virtual node",
  UNKNOWN_PROVIDER: "a virtual service's provider names a declared virtual node or router",
  UNKNOWN_GATEWAY_TARGET: "a gateway route's target names a declared virtual service",
  UNDECLARED_BACKEND:
    "a node's backend names a declared virtual service (warning; an error in strict mode under egress filter DROP_ALL)",
  QUOTA_MESHES: `at most ${MESH_QUOTAS.meshes} meshes (App Mesh quota per account and region)`,
  QUOTA_VIRTUAL_NODES: `at most ${MESH_QUOTAS.virtualNodesPerMesh} virtual nodes per mesh`,
  QUOTA_VIRTUAL_ROUTERS: `at most ${MESH_QUOTAS.virtualRoutersPerMesh} virtual routers per mesh`,
  QUOTA_VIRTUAL_SERVICES: `at most ${MESH_QUOTAS.virtualServicesPerMesh} virtual services per mesh`,
  QUOTA_ROUTES: `at most ${MESH_QUOTAS.routesPerRouter} routes per virtual router`,
  QUOTA_BACKENDS: `at most ${MESH_QUOTAS.backendsPerNode} backends per virtual node`,
  WEIGHT_TOTAL: `the weights of a route add up to 1-${MESH_QUOTAS.maxTotalWeight}`,
  DUPLICATE_TARGET: 'a route names each virtual node (and port) once',
  ROUTE_TYPE:
    'a route sets exactly one of httpRoute, http2Route, grpcRoute, tcpRoute (gateway routes: no tcpRoute)',
  ROUTE_PROTOCOL: "a route's protocol matches the protocol of its router or gateway listener",
  ROUTE_PORT: "a route's match.port is a listener port of its router or gateway",
  ROUTE_PORT_REQUIRED: 'a route sets match.port when its router or gateway has several listeners',
  ROUTE_MATCH:
    'an HTTP match sets at most one of prefix and path, and a prefix starts with /; a gRPC match on methodName sets serviceName',
  TARGET_PORT: "a target port is a listener port of the target node (or the target service's provider)",
  TARGET_PORT_REQUIRED: 'a target sets port when the target node (or service provider) has several listeners',
  TARGET_PROTOCOL: "a route's protocol matches the listener protocol of the target virtual node",
  TARGET_NO_LISTENER: 'a route targets a virtual node that has a listener',
  RETRY_EVENTS: 'a retry policy lists at least one retry event',
  DUPLICATE_PRIORITY:
    'two routes of a router (or gateway routes of a gateway) share a priority (warning: App Mesh accepts it; meshplane tries equal priorities in route-name order)',
  HEALTH_CHECK_PORT: "a listener's healthCheck.port is the listener's own port",
  MESH_NAME_ARN: 'a meshName is the name of the mesh, not its ARN',
  DUPLICATE_PORT: 'no two listeners of a resource share a port',
  DUPLICATE_BACKEND: 'a node names each backend once',
  LISTENER_PROTOCOL: "a listener's timeout and connection pool use the listener's own protocol",
  MISSING_SERVICE_DISCOVERY: 'a virtual node with a listener has service discovery',
  REGEX_SYNTAX:
    "a regex match is RE2 syntax, as Envoy's safe_regex compiles it (no lookaround or backreference, repetition counts up to 1000)",
} as const;

/** A stable validation code. */
export type ValidationCode = keyof typeof VALIDATION_CODES;

/**
 * Every code the importers (JSON, YAML, App Mesh documents, controller objects, files) can
 * report, with what it means. Codes are stable: scripts may switch on them.
 *
 * @example
 * ```ts
 * import { IMPORT_CODES } from '@meshplane/core';
 * console.log(IMPORT_CODES.PARSE_ERROR); // 'the text is not valid JSON or YAML'
 * ```
 */
export const IMPORT_CODES = {
  PARSE_ERROR: 'the text is not valid JSON or YAML',
  DUPLICATE_KEY: 'an object names a key twice',
  EMPTY_DOCUMENT: 'a file holds no document',
  INVALID_DOCUMENT: 'a document is not an App Mesh document or controller object',
  UNKNOWN_DOCUMENT: 'a document of a kind meshplane does not read',
  SKIPPED_DOCUMENT: 'a Kubernetes object that is not an App Mesh resource is skipped (warning)',
  UNKNOWN_API_VERSION: 'an App Mesh controller apiVersion other than v1beta1 and v1beta2',
  INVALID_TYPE: 'a member has the wrong type',
  MISSING_MEMBER: 'a required member is missing',
  UNKNOWN_MEMBER: 'a member the format (App Mesh document or controller CRD) does not declare',
  IGNORED_MEMBER: 'a member meshplane reads but does not send (warning)',
  UNMAPPED_FIELD: 'a controller field without an App Mesh API equivalent (warning)',
  UNRESOLVED_REF: 'a controller reference names no object of the input (its default name is assumed)',
  INVALID_ARN: 'an ARN that does not name the expected App Mesh resource',
  MESH_UNKNOWN: 'a controller object whose mesh cannot be told',
  GATEWAY_UNKNOWN: 'a controller gateway route whose gateway cannot be told',
  PREVIEW_UPGRADED: 'a 2018 preview document was upgraded to the GA shape (warning)',
  PREVIEW_SHAPE: 'a 2018 preview document that cannot be upgraded',
  ROUTER_NAME_DEFAULTED: 'a router name was derived (warning)',
  ROUTER_LISTENERS_DERIVED: "a router's listeners were derived from its route targets (warning)",
  ROUTER_LISTENERS_UNKNOWN: "a router's listeners cannot be derived",
  OVERRIDDEN: 'a later definition of a resource replaces an earlier one (warning)',
  FILE_UNREADABLE: 'a file cannot be read',
  UNSUPPORTED_FILE: 'a file whose extension meshplane does not read',
  NO_INPUT: 'no input file was found',
  FILE_NOT_FOUND: 'an input path does not exist',
  MODEL_LOAD_ERROR: 'a model module (TypeScript or JavaScript) cannot be loaded',
  MODEL_EXPORT: 'a model module does not export a model',
  EMPTY_MODEL: 'the input holds no resource',
  // CloudFormation templates and Terraform configurations (issue 15).
  UNRESOLVED_EXPRESSION:
    'a CloudFormation intrinsic function or Terraform expression that cannot be resolved statically (the issue names it)',
  IGNORED_RESOURCES:
    'resources of a template or configuration that are not App Mesh resources were ignored (warning, with a count)',
  MISSING_PARAMETER: 'a template parameter or Terraform variable with no default and no given value',
  UNKNOWN_PARAMETER: 'a given parameter or variable that the template or configuration does not declare',
  INVALID_PARAMETER:
    "a given parameter value that breaks the parameter's declared type or constraints (AllowedValues, AllowedPattern, MinLength, MaxLength, MinValue, MaxValue)",
  UNSUPPORTED_RESOURCE_TYPE: 'an AWS::AppMesh::* or aws_appmesh_* type meshplane does not know',
  DUPLICATE_DECLARATION: 'a Terraform resource address, variable or local value declared twice',
  UNFOLLOWED_MODULE: 'a Terraform module block whose resources are not imported (warning, naming the module)',
} as const;

/** A stable importer code. */
export type ImportCode = keyof typeof IMPORT_CODES;

/** Every code a {@link ValidationIssue} can carry: validation's and the importers'. */
export type IssueCode = ValidationCode | ImportCode;
