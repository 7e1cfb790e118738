// `@meshplane/core/re2`: RE2 (re2js) for the router's App Mesh regex matches. Not loaded by
// `@meshplane/core/router`: re2js is 147 KB minified, more than the rest of a Lambda function's
// bundle, and only models with regex matches need it. A router compiling such a model without it
// refuses the model, naming each route and field and this import.
import { registerRegexEngine } from '../model/app-mesh-regex.js';
import { re2RegexEngine } from '../model/re2-regex.js';

export type { FullMatchRegex, RegexEngine } from '../model/app-mesh-regex.js';
export { re2RegexEngine } from '../model/re2-regex.js';

/**
 * Registers RE2 as the engine that `createRouter` (and `createMeshFetch`, the Lambda middleware)
 * compiles App Mesh regex matches with: RE2 syntax and full matches, as Envoy's `safe_regex`, in
 * time linear in the input. Call it once, before the first router; calling it again is harmless.
 *
 * @example
 * ```ts
 * import { register } from '@meshplane/core/re2';
 * register();
 * ```
 */
export function register(): void {
  registerRegexEngine(re2RegexEngine);
}
