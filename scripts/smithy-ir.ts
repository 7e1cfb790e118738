// Turns an AWS Smithy 2.0 JSON model into the compact IR of packages/core/src/smithy/ir.ts.
// Pure functions, so the drift test can regenerate in memory and compare with the committed files.
import type {
  Bounds,
  MemberIR,
  OperationIR,
  ShapeIR,
  ShapeType,
  SmithyModelIR,
} from '../packages/core/src/smithy/ir.js';

type Traits = Record<string, unknown>;
interface SmithyMember {
  target: string;
  traits?: Traits;
}
interface SmithyShape {
  type: string;
  traits?: Traits;
  members?: Record<string, SmithyMember>;
  member?: SmithyMember;
  key?: SmithyMember;
  value?: SmithyMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  operations?: { target: string }[];
  collectionOperations?: { target: string }[];
  resources?: { target: string }[];
  version?: string;
  [lifecycle: string]: unknown;
}
export interface SmithyJson {
  smithy: string;
  shapes: Record<string, SmithyShape>;
}

const KEPT_TYPES = new Set<string>([
  'structure',
  'union',
  'list',
  'set',
  'map',
  'string',
  'enum',
  'intEnum',
  'integer',
  'long',
  'short',
  'byte',
  'float',
  'double',
  'bigInteger',
  'bigDecimal',
  'boolean',
  'timestamp',
  'blob',
  'document',
]);
const PROTOCOLS = ['restJson1', 'awsJson1_0', 'awsJson1_1'] as const;
const RESOURCE_LIFECYCLE = ['create', 'put', 'read', 'update', 'delete', 'list'];

/** `com.amazonaws.appmesh#VirtualNodeSpec` → `VirtualNodeSpec`; prelude ids stay whole. */
function shortName(id: string): string {
  return id.startsWith('smithy.api#') ? id : id.slice(id.indexOf('#') + 1);
}

function bounds(value: unknown): Bounds | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { min, max } = value as { min?: number | string; max?: number | string };
  const out: Bounds = {};
  if (min !== undefined) out.min = Number(min);
  if (max !== undefined) out.max = Number(max);
  return out;
}

function member(m: SmithyMember): MemberIR {
  const t = m.traits ?? {};
  const out: MemberIR = { target: shortName(m.target) };
  if ('smithy.api#required' in t) out.required = true;
  if ('smithy.api#httpLabel' in t) out.location = 'label';
  if ('smithy.api#httpQuery' in t) {
    out.location = 'query';
    out.locationName = t['smithy.api#httpQuery'] as string;
  }
  if ('smithy.api#httpHeader' in t) {
    out.location = 'header';
    out.locationName = t['smithy.api#httpHeader'] as string;
  }
  if ('smithy.api#httpPayload' in t) out.location = 'payload';
  if ('smithy.api#jsonName' in t) out.jsonName = t['smithy.api#jsonName'] as string;
  if ('smithy.api#idempotencyToken' in t) out.idempotencyToken = true;
  if ('smithy.api#default' in t) out.default = t['smithy.api#default'];
  const length = bounds(t['smithy.api#length']);
  if (length) out.length = length;
  const range = bounds(t['smithy.api#range']);
  if (range) out.range = range;
  if (typeof t['smithy.api#pattern'] === 'string') out.pattern = t['smithy.api#pattern'];
  if (typeof t['smithy.api#timestampFormat'] === 'string')
    out.timestampFormat = t['smithy.api#timestampFormat'];
  return out;
}

function shape(s: SmithyShape): ShapeIR {
  const t = s.traits ?? {};
  const type = (s.type === 'set' ? 'list' : s.type) as ShapeType;
  const out: ShapeIR = { type };
  if (s.members && type !== 'enum' && type !== 'intEnum') {
    out.members = {};
    for (const [name, m] of Object.entries(s.members)) out.members[name] = member(m);
  }
  if (type === 'enum') {
    out.enum = Object.entries(s.members ?? {}).map(
      ([name, m]) => (m.traits?.['smithy.api#enumValue'] as string | undefined) ?? name,
    );
  }
  if (s.member) out.member = member(s.member);
  if (s.key) out.key = member(s.key);
  if (s.value) out.value = member(s.value);
  const length = bounds(t['smithy.api#length']);
  if (length) out.length = length;
  const range = bounds(t['smithy.api#range']);
  if (range) out.range = range;
  if (typeof t['smithy.api#pattern'] === 'string') out.pattern = t['smithy.api#pattern'];
  if (Array.isArray(t['smithy.api#enum'])) {
    out.enum = (t['smithy.api#enum'] as { value: string }[]).map((e) => e.value);
  }
  if ('smithy.api#uniqueItems' in t || s.type === 'set') out.uniqueItems = true;
  if (t['smithy.api#error'] === 'client' || t['smithy.api#error'] === 'server') {
    out.error = t['smithy.api#error'];
  }
  if (typeof t['smithy.api#httpError'] === 'number') out.httpError = t['smithy.api#httpError'];
  if ('smithy.api#retryable' in t) out.retryable = true;
  if (typeof t['smithy.api#timestampFormat'] === 'string')
    out.timestampFormat = t['smithy.api#timestampFormat'];
  return out;
}

/** Builds the IR of the single service in a Smithy JSON model. */
export function generateIR(model: SmithyJson): SmithyModelIR {
  const services = Object.entries(model.shapes).filter(([, s]) => s.type === 'service');
  if (services.length !== 1) throw new Error(`expected exactly one service shape, found ${services.length}`);
  const [serviceId, service] = services[0]!;
  const st = service.traits ?? {};
  const protocol = PROTOCOLS.find((p) => `aws.protocols#${p}` in st);
  if (!protocol) throw new Error(`${serviceId}: no supported protocol trait`);
  const awsService = (st['aws.api#service'] ?? {}) as { sdkId?: string; arnNamespace?: string };
  const servicePaginated = (st['smithy.api#paginated'] ?? {}) as OperationIR['paginated'];

  // Operations are bound to the service directly or through (nested) resources.
  const operationIds = new Set<string>();
  const visit = (s: SmithyShape) => {
    for (const o of [...(s.operations ?? []), ...(s.collectionOperations ?? [])]) operationIds.add(o.target);
    for (const key of RESOURCE_LIFECYCLE) {
      const ref = s[key] as { target: string } | undefined;
      if (ref?.target) operationIds.add(ref.target);
    }
    for (const r of s.resources ?? []) {
      const resource = model.shapes[r.target];
      if (resource) visit(resource);
    }
  };
  visit(service);

  const operations: Record<string, OperationIR> = {};
  for (const id of [...operationIds].sort()) {
    const op = model.shapes[id];
    if (!op) throw new Error(`operation ${id} is referenced but not defined`);
    const t = op.traits ?? {};
    const out: OperationIR = { errors: (op.errors ?? []).map((e) => shortName(e.target)).sort() };
    const http = t['smithy.api#http'] as { method: string; uri: string; code?: number } | undefined;
    if (http) out.http = { method: http.method, uri: http.uri, code: http.code ?? 200 };
    if (op.input && op.input.target !== 'smithy.api#Unit') out.input = shortName(op.input.target);
    if (op.output && op.output.target !== 'smithy.api#Unit') out.output = shortName(op.output.target);
    if (t['smithy.api#paginated']) {
      out.paginated = { ...servicePaginated, ...(t['smithy.api#paginated'] as OperationIR['paginated']) };
    }
    const endpoint = t['smithy.api#endpoint'] as { hostPrefix?: string } | undefined;
    if (endpoint?.hostPrefix) out.hostPrefix = endpoint.hostPrefix;
    if ('smithy.api#idempotent' in t) out.idempotent = true;
    if ('smithy.api#readonly' in t) out.readonly = true;
    operations[shortName(id)] = out;
  }

  const shapes: Record<string, ShapeIR> = {};
  for (const id of Object.keys(model.shapes).sort()) {
    const s = model.shapes[id]!;
    if (KEPT_TYPES.has(s.type)) shapes[shortName(id)] = shape(s);
  }
  // The prelude shapes that members may target.
  const prelude: Record<string, ShapeType> = {
    String: 'string',
    Boolean: 'boolean',
    PrimitiveBoolean: 'boolean',
    Integer: 'integer',
    PrimitiveInteger: 'integer',
    Long: 'long',
    PrimitiveLong: 'long',
    Short: 'short',
    Byte: 'byte',
    Float: 'float',
    Double: 'double',
    PrimitiveDouble: 'double',
    PrimitiveFloat: 'float',
    Timestamp: 'timestamp',
    Blob: 'blob',
    Document: 'document',
    BigInteger: 'bigInteger',
    BigDecimal: 'bigDecimal',
  };
  for (const [name, type] of Object.entries(prelude)) shapes[`smithy.api#${name}`] = { type };

  return {
    service: {
      name: shortName(serviceId),
      version: service.version ?? '',
      sdkId: awsService.sdkId ?? '',
      arnNamespace: awsService.arnNamespace ?? '',
      protocol,
      sigv4Name: ((st['aws.auth#sigv4'] ?? {}) as { name?: string }).name ?? '',
    },
    operations,
    shapes,
  };
}

/**
 * Renders the IR as a TypeScript module exporting one constant, preceded by `doc` (the lines of
 * its TSDoc comment, without the comment markers) when given.
 *
 * @example
 * ```ts
 * import { generateIR, renderModule } from './smithy-ir.js';
 * const text = renderModule(generateIR(json), 'appMeshModel', '../ir.js', 'aws-models/app-mesh.json');
 * ```
 */
export function renderModule(
  ir: SmithyModelIR,
  exportName: string,
  irTypeImport: string,
  source: string,
  doc?: readonly string[],
): string {
  return [
    `// Generated by scripts/generate-smithy-ir.ts from ${source}. Do not edit.`,
    `// Regenerate with \`npm run generate\`; a test fails when this file drifts from the model.`,
    `import type { SmithyModelIR } from '${irTypeImport}';`,
    '',
    ...(doc ? ['/**', ...doc.map((line) => (line === '' ? ' *' : ` * ${line}`)), ' */'] : []),
    `export const ${exportName}: SmithyModelIR = ${JSON.stringify(ir, null, 1)};`,
    '',
  ].join('\n');
}

/** What the generator writes: source model file → output module. */
export const TARGETS = [
  {
    model: 'app-mesh.json',
    output: 'packages/core/src/smithy/generated/appmesh-model.ts',
    exportName: 'appMeshModel',
    irTypeImport: '../ir.js',
    doc: [
      'The App Mesh API model (2019-01-25, restJson1) as a compact IR: operations with their HTTP',
      'bindings, errors and pagination, and every shape with its constraints.',
      '',
      '@example',
      '```ts',
      "import { appMeshModel, validateShape } from '@meshplane/core/smithy';",
      "console.log(appMeshModel.operations.CreateMesh?.http?.uri); // '/v20190125/meshes'",
      "const issues = validateShape(appMeshModel, 'PortMapping', { port: 0, protocol: 'http' }, 'portMapping');",
      "console.log(issues.map((issue) => issue.code)); // [ 'SHAPE_RANGE' ]",
      '```',
    ],
  },
  {
    model: 'servicediscovery.json',
    output: 'packages/core/src/smithy/generated/servicediscovery-model.ts',
    exportName: 'serviceDiscoveryModel',
    irTypeImport: '../ir.js',
    doc: [
      'The Cloud Map API model (2017-03-14, awsJson1_1, target prefix Route53AutoNaming_v20170314)',
      'as a compact IR: operations with their errors, pagination and host prefixes, and every shape.',
      '',
      '@example',
      '```ts',
      "import { serviceDiscoveryModel } from '@meshplane/core/smithy';",
      "console.log(serviceDiscoveryModel.operations.DiscoverInstances?.hostPrefix); // 'data-'",
      '```',
    ],
  },
  {
    model: 'ecs.json',
    output: 'packages/ecs/src/generated/ecs-model.ts',
    exportName: 'ecsModel',
    irTypeImport: '@meshplane/core/smithy',
    // packages/ecs documents its own export; its generated text stays as it is.
    doc: undefined,
  },
] as const;

/** Where the compact copies of the AWS models live, relative to the repository root. */
export const COMPACT_MODELS_DIR = 'scripts/aws-models';

/** The compact copy of one AWS model, as committed: its provenance and the trimmed model. */
export interface CompactModelFile {
  /** The official file it was trimmed from: name, size and sha256 (see /work/shared/aws-models/SOURCES.md). */
  source: { file: string; bytes: number; sha256: string };
  /** What was left out: traits the generator never reads. */
  dropped: string[];
  model: SmithyJson;
}

// Prose and endpoint rules: large, and nothing in the IR comes from them.
const DROPPED_TRAITS = [
  'smithy.api#documentation',
  'smithy.api#examples',
  'smithy.api#externalDocumentation',
  'smithy.rules#*',
];

/**
 * The official model without the traits the IR generator never reads (documentation, examples,
 * endpoint rules): about a third of its size, and `generateIR` gives the very same IR from it.
 * Committed under {@link COMPACT_MODELS_DIR}, so the drift test runs on every clone.
 *
 * @example
 * ```ts
 * import { compactModel } from './scripts/smithy-ir.js';
 * const compact = compactModel({ smithy: '2.0', shapes: { 'a#S': { type: 'string', traits: { 'smithy.api#documentation': 'x', 'smithy.api#length': { min: 1 } } } } });
 * console.log(compact.shapes['a#S']?.traits); // { 'smithy.api#length': { min: 1 } }
 * ```
 */
export function compactModel(json: SmithyJson): SmithyJson {
  const dropped = (key: string) =>
    DROPPED_TRAITS.some((d) => (d.endsWith('*') ? key.startsWith(d.slice(0, -1)) : key === d));
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (!dropped(key)) out[key] = strip(member);
    return out;
  };
  return strip(json) as SmithyJson;
}

/** The text of a compact model file: one shape per line, so a model update diffs shape by shape. */
export function renderCompactModelFile(file: CompactModelFile): string {
  const { shapes, ...rest } = file.model as SmithyJson & Record<string, unknown>;
  const lines = Object.keys(shapes)
    .sort()
    .map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(shapes[id])}`);
  return [
    '{',
    `  "source": ${JSON.stringify(file.source)},`,
    `  "dropped": ${JSON.stringify(file.dropped)},`,
    `  "model": {`,
    ...Object.entries(rest).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)},`),
    '  "shapes": {',
    lines.join(',\n'),
    '  }}',
    '}',
    '',
  ].join('\n');
}

export const DROPPED_MODEL_TRAITS: readonly string[] = DROPPED_TRAITS;
