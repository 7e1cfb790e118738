import { checkOptions, defineOptions, type OptionProblem, optionRule } from '../options/option-schema.js';
import { RouterConfigError } from './errors.js';
import { latticeOptionProblems } from './lattice-options.js';
import type { CreateRouterOptions } from './router-types.js';

const HEALTH_FILTERS = ['HEALTHY', 'HEALTHY_OR_ELSE_ALL', 'ALL', 'UNHEALTHY'];
const HOOK_NAMES = ['onRequestStart', 'onAttempt', 'onAttemptEnd', 'onResponse', 'onError'];

type Options = Record<string, unknown>;

const isFunction = (v: unknown): boolean => typeof v === 'function';
const isRecord = (v: unknown): v is Options => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A number from `min` (to `max`), an integer when asked: App Mesh-style bounds of the router's knobs. */
function numberRule(min: number, max = Number.POSITIVE_INFINITY, integer = false) {
  const kind = integer ? 'an integer' : 'a number';
  const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
  return optionRule(
    `must be ${kind} ${range}`,
    (v) =>
      typeof v === 'number' && !Number.isNaN(v) && v >= min && v <= max && (!integer || Number.isInteger(v)),
  );
}

/** An option that must be an object; its members are checked by their own schema. */
const objectRule = (rule: string) => optionRule(`must be ${rule}`, isRecord);

// The declared schemas of createRouter's options, in the order problems are reported.
const ROUTING = defineOptions<Options>({
  model: optionRule(
    'must be a MeshModel ({ resources: [...] })',
    (v) => isRecord(v) && Array.isArray(v.resources),
    true,
  ),
  sourceNode: optionRule(
    'must be the name of a virtual node',
    (v) => typeof v === 'string' && v !== '',
    true,
  ),
  meshName: optionRule('must be a mesh name', (v) => typeof v === 'string' && v !== ''),
});
const POLICY = defineOptions<Options>({
  healthStatus: optionRule(`must be one of ${HEALTH_FILTERS.join(', ')}`, (v) =>
    HEALTH_FILTERS.includes(v as string),
  ),
  defaultRetryPolicy: optionRule("must be 'app-mesh' or 'none'", (v) => v === 'app-mesh' || v === 'none'),
  defaultPerRequestTimeoutMs: numberRule(0),
  retryBudget: objectRule('an object { percent?, minRetryConcurrency? }'),
});
const RETRY_BUDGET = defineOptions<Options>({
  percent: numberRule(0, 100),
  minRetryConcurrency: numberRule(0, Number.POSITIVE_INFINITY, true),
});
const RETRY_BACKOFF = defineOptions<Options>({ baseMs: numberRule(0), maxMs: numberRule(0) });
const TRANSPORT = defineOptions<Options>({
  retryBackoff: objectRule('an object { baseMs?, maxMs? }'),
  connections: numberRule(1, Number.POSITIVE_INFINITY, true),
  dispatcher: optionRule(
    'must be an undici Dispatcher (an Agent, a Pool, …)',
    // The router only calls request() (router.ts), so a Transport (createHttpTransport()) is one too.
    (v) => isRecord(v) && isFunction(v.request),
  ),
  lattice: objectRule('an object { services, region?, credentials? }'),
});
const CLOCKS = defineOptions<Options>({
  random: optionRule('must be a function', isFunction),
  now: optionRule('must be a function', isFunction),
  hooks: objectRule(`an object of hook functions (${HOOK_NAMES.join(', ')})`),
});

/** The problems of an object option's members, named `parent.member`; none when it is not an object. */
function memberProblems(schema: typeof RETRY_BUDGET, parent: string, value: unknown): string[] {
  if (!isRecord(value)) return [];
  return checkOptions(schema, value).map((p: OptionProblem) => `${parent}.${p.message}`);
}

/**
 * Checks every option of `createRouter` against its declared schemas and reports all problems
 * at once.
 *
 * @example
 * ```ts
 * import { checkRouterOptions } from './router-options.js';
 * try { checkRouterOptions({ model: { resources: [] }, sourceNode: '' }); } catch (e) { console.log((e as RouterConfigError).problems[0]); } // sourceNode: "" must be the name of a virtual node
 * ```
 */
export function checkRouterOptions(options: CreateRouterOptions): void {
  const o = (options ?? {}) as unknown as Options;
  const messages = (schema: typeof ROUTING) => checkOptions(schema, o).map((p) => p.message);
  const problems = messages(ROUTING);
  const discovery = o.discovery as { discover?: unknown; peek?: unknown } | undefined;
  if (
    discovery !== undefined &&
    (!isFunction(discovery?.discover) || (discovery.peek !== undefined && !isFunction(discovery.peek)))
  ) {
    problems.push(
      'discovery: must have a discover(query) function (and optionally peek(query)), like createDiscovery() of @meshplane/core/cloudmap',
    );
  }
  problems.push(...messages(POLICY), ...memberProblems(RETRY_BUDGET, 'retryBudget', o.retryBudget));
  const transport = messages(TRANSPORT);
  // retryBackoff's members read right after retryBackoff itself.
  const backoffAt = transport.findIndex((m) => !m.startsWith('retryBackoff:'));
  transport.splice(
    backoffAt === -1 ? transport.length : backoffAt,
    0,
    ...memberProblems(RETRY_BACKOFF, 'retryBackoff', o.retryBackoff),
  );
  problems.push(...transport, ...latticeOptionProblems(o.lattice));
  if (o.dispatcher !== undefined && o.connections !== undefined) {
    problems.push(
      "connections: applies to the router's own Agent; configure the injected dispatcher instead",
    );
  }
  problems.push(...messages(CLOCKS), ...hookProblems(o.hooks));
  if (problems.length > 0) {
    throw new RouterConfigError(
      `invalid createRouter options: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      { problems },
    );
  }
}

/** Each hook must be a known name holding a function (App Mesh has no hooks: these are the router's observer). */
function hookProblems(hooks: unknown): string[] {
  if (!isRecord(hooks)) return [];
  const unknown = Object.keys(hooks).filter((name) => !HOOK_NAMES.includes(name));
  const known = Object.fromEntries(Object.entries(hooks).filter(([name]) => HOOK_NAMES.includes(name)));
  return [
    ...checkOptions(HOOKS, known).map((p) => `hooks.${p.message}`),
    ...unknown.map((name) => `hooks.${name}: unknown hook (hooks: ${HOOK_NAMES.join(', ')})`),
  ];
}

const HOOKS = defineOptions<Options>(
  Object.fromEntries(HOOK_NAMES.map((name) => [name, optionRule('must be a function', isFunction)])),
);
