import { RouterConfigError } from './errors.js';
import type { CreateRouterOptions } from './router-types.js';

const HEALTH_FILTERS = ['HEALTHY', 'HEALTHY_OR_ELSE_ALL', 'ALL', 'UNHEALTHY'];
const HOOK_NAMES = ['onRequestStart', 'onAttempt', 'onAttemptEnd', 'onResponse', 'onError'];

/**
 * Checks every option of `createRouter` and reports all problems at once.
 *
 * @example
 * ```ts
 * import { checkRouterOptions } from './router-options.js';
 * try { checkRouterOptions({ model: { resources: [] }, sourceNode: '' }); } catch (e) { console.log((e as RouterConfigError).problems[0]); } // sourceNode: "" must be the name of a virtual node
 * ```
 */
export function checkRouterOptions(options: CreateRouterOptions): void {
  const problems: string[] = [];
  const o = (options ?? {}) as unknown as Record<string, unknown>;
  const show = (v: unknown) => {
    const text = typeof v === 'function' ? 'a function' : (JSON.stringify(v) ?? String(v));
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  const number = (
    field: string,
    value: unknown,
    min: number,
    max = Number.POSITIVE_INFINITY,
    integer = false,
  ) => {
    if (value === undefined) return;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      problems.push(
        `${field}: ${show(value)} must be ${integer ? 'an integer' : 'a number'} ${max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`}`,
      );
    }
  };
  const model = o.model as { resources?: unknown } | undefined;
  if (!model || !Array.isArray(model.resources))
    problems.push(`model: ${show(o.model)} must be a MeshModel ({ resources: [...] })`);
  if (typeof o.sourceNode !== 'string' || o.sourceNode === '') {
    problems.push(`sourceNode: ${show(o.sourceNode)} must be the name of a virtual node`);
  }
  if (o.meshName !== undefined && (typeof o.meshName !== 'string' || o.meshName === '')) {
    problems.push(`meshName: ${show(o.meshName)} must be a mesh name`);
  }
  const discovery = o.discovery as { discover?: unknown; peek?: unknown } | undefined;
  if (
    discovery !== undefined &&
    (typeof discovery?.discover !== 'function' ||
      (discovery.peek !== undefined && typeof discovery.peek !== 'function'))
  ) {
    problems.push(
      'discovery: must have a discover(query) function (and optionally peek(query)), like createDiscovery() of @meshplane/core/cloudmap',
    );
  }
  if (o.healthStatus !== undefined && !HEALTH_FILTERS.includes(o.healthStatus as string)) {
    problems.push(`healthStatus: ${show(o.healthStatus)} must be one of ${HEALTH_FILTERS.join(', ')}`);
  }
  if (
    o.defaultRetryPolicy !== undefined &&
    o.defaultRetryPolicy !== 'app-mesh' &&
    o.defaultRetryPolicy !== 'none'
  ) {
    problems.push(`defaultRetryPolicy: ${show(o.defaultRetryPolicy)} must be 'app-mesh' or 'none'`);
  }
  number('defaultPerRequestTimeoutMs', o.defaultPerRequestTimeoutMs, 0);
  // An option that must be an object: report it once and read no member of it.
  const record = (field: string, value: unknown, rule: string): Record<string, unknown> => {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${field}: ${show(value)} must be ${rule}`);
      return {};
    }
    return value as Record<string, unknown>;
  };
  const budget = record('retryBudget', o.retryBudget, 'an object { percent?, minRetryConcurrency? }');
  number('retryBudget.percent', budget.percent, 0, 100);
  number('retryBudget.minRetryConcurrency', budget.minRetryConcurrency, 0, Number.POSITIVE_INFINITY, true);
  const backoff = record('retryBackoff', o.retryBackoff, 'an object { baseMs?, maxMs? }');
  number('retryBackoff.baseMs', backoff.baseMs, 0);
  number('retryBackoff.maxMs', backoff.maxMs, 0);
  number('connections', o.connections, 1, Number.POSITIVE_INFINITY, true);
  const dispatcher = o.dispatcher as { request?: unknown; dispatch?: unknown } | undefined;
  if (
    dispatcher !== undefined &&
    (dispatcher === null ||
      typeof dispatcher !== 'object' ||
      typeof dispatcher.request !== 'function' ||
      typeof dispatcher.dispatch !== 'function')
  ) {
    problems.push(`dispatcher: ${show(dispatcher)} must be an undici Dispatcher (an Agent, a Pool, …)`);
  }
  if (o.dispatcher !== undefined && o.connections !== undefined) {
    problems.push(
      "connections: applies to the router's own Agent; configure the injected dispatcher instead",
    );
  }
  for (const name of ['random', 'now'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function')
      problems.push(`${name}: ${show(o[name])} must be a function`);
  }
  const hooks = record('hooks', o.hooks, `an object of hook functions (${HOOK_NAMES.join(', ')})`);
  for (const [name, hook] of Object.entries(hooks)) {
    if (!HOOK_NAMES.includes(name))
      problems.push(`hooks.${name}: unknown hook (hooks: ${HOOK_NAMES.join(', ')})`);
    else if (hook !== undefined && typeof hook !== 'function')
      problems.push(`hooks.${name}: ${show(hook)} must be a function`);
  }
  if (problems.length > 0) {
    throw new RouterConfigError(
      `invalid createRouter options: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      {
        problems,
      },
    );
  }
}
