import type { MemberIR, SmithyModelIR } from '@meshplane/core/smithy';

/**
 * Why a resource name cannot be served, or undefined when it can. App Mesh's model gives
 * `ResourceName` only a length (1-255) and no pattern, but every name travels back in a URI label
 * (`/v20190125/meshes/{meshName}`), and a label is percent-encoded UTF-8: a lone surrogate has no
 * UTF-8 form (the SDKs' `encodeURIComponent` throws on it), so a resource created under such a
 * name could never be described, updated or deleted again. Control characters (C0, DEL, C1) are
 * refused as the service's own name rules do (App Mesh names are printable).
 */
export function resourceNameProblem(name: string): string | undefined {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = name.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a lone surrogate (U+${hex(code)}) at index ${i}: it has no UTF-8 form, so the name could not be sent back in a URL`;
    }
    if (code >= 0xdc00 && code <= 0xdfff)
      return `contains a lone surrogate (U+${hex(code)}) at index ${i}: it has no UTF-8 form, so the name could not be sent back in a URL`;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
      return `contains the control character U+${hex(code)} at index ${i}: names must be printable`;
  }
  return undefined;
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

const NAME_SHAPE = 'ResourceName';

/**
 * Every `ResourceName` in an input, wherever the model puts one (the top-level names and the names
 * a spec refers to), that {@link resourceNameProblem} refuses, as `path: "value" problem` messages.
 */
export function resourceNameProblems(model: SmithyModelIR, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  const walk = (target: string, current: unknown, path: string, depth: number): void => {
    if (depth > 64 || current === null || current === undefined) return;
    if (target === NAME_SHAPE) {
      const problem = typeof current === 'string' ? resourceNameProblem(current) : undefined;
      if (problem) problems.push(`${path}: ${JSON.stringify(current)} ${problem}`);
      return;
    }
    const shape = model.shapes[target];
    if (!shape || typeof current !== 'object') return;
    const member = (m: MemberIR | undefined, v: unknown, p: string): void => {
      if (m) walk(m.target, v, p, depth + 1);
    };
    if (shape.type === 'list' && Array.isArray(current))
      current.forEach((item, i) => {
        member(shape.member, item, `${path}[${i}]`);
      });
    else if (shape.type === 'map')
      for (const [k, v] of Object.entries(current)) member(shape.value, v, `${path}.${k}`);
    else if (shape.members)
      for (const [k, m] of Object.entries(shape.members))
        member(m, (current as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  };
  walk(shapeName, value, '', 0);
  return problems;
}
