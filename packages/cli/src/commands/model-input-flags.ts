import type { ImportSourcesOptions } from '@meshplane/core';
import { type Command, InvalidArgumentError, Option } from 'commander';

/**
 * The flags that say how model files are read, as commander parses them: `--mesh`, and the values
 * of CloudFormation template parameters (`--parameter`) and Terraform variables (`--var`).
 */
export interface ModelInputFlags {
  mesh?: string;
  parameter?: Record<string, string>;
  var?: Record<string, string>;
}

/**
 * Adds `--mesh <name>`, `--parameter KEY=VALUE` and `--var NAME=VALUE` (both repeatable) to a
 * command that reads model files. A value without `=`, an empty key, or the same key given twice
 * is refused with a message naming the flag and the value.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { addModelInputOptions } from './commands/model-input-flags.js'; // inside packages/cli/src
 * const command = addModelInputOptions(new Command('validate')).exitOverride();
 * command.parse(['--parameter', 'MeshName=dj-app', '--parameter', 'AWS::Region=eu-west-1'], { from: 'user' });
 * console.log(command.opts().parameter); // { MeshName: 'dj-app', 'AWS::Region': 'eu-west-1' }
 * ```
 */
export function addModelInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--mesh <name>',
        'the mesh of App Mesh controller objects the input does not place (no meshRef)',
      ).argParser((raw: string) => {
        if (raw.trim() === '')
          throw new InvalidArgumentError('--mesh must be a mesh name, got an empty string');
        return raw;
      }),
    )
    .addOption(
      new Option(
        '--parameter <KEY=VALUE>',
        'a CloudFormation template parameter (or pseudo parameter such as AWS::Region); repeatable',
      ).argParser(keyValueParser('--parameter', 'KEY=VALUE')),
    )
    .addOption(
      new Option('--var <NAME=VALUE>', 'a Terraform input variable; repeatable').argParser(
        keyValueParser('--var', 'NAME=VALUE'),
      ),
    );
}

/**
 * The import options the flags stand for (`meshName`, `parameters`, `variables`).
 *
 * @example
 * ```ts
 * import { modelInputOptions } from './commands/model-input-flags.js'; // inside packages/cli/src
 * console.log(modelInputOptions({ mesh: 'dj-app', parameter: { ProjectName: 'dj' } }));
 * // { meshName: 'dj-app', parameters: { ProjectName: 'dj' } }
 * ```
 */
export function modelInputOptions(flags: ModelInputFlags): ImportSourcesOptions {
  return {
    ...(flags.mesh ? { meshName: flags.mesh } : {}),
    ...(flags.parameter ? { parameters: flags.parameter } : {}),
    ...(flags.var ? { variables: flags.var } : {}),
  };
}

/** Parses one `KEY=VALUE` occurrence into the map of the earlier ones (split at the first `=`). */
function keyValueParser(flag: string, form: string) {
  return (raw: string, previous: Record<string, string> | undefined): Record<string, string> => {
    const at = raw.indexOf('=');
    if (at === -1) {
      throw new InvalidArgumentError(`${flag} takes ${form}, got "${raw}" (no "=")`);
    }
    const key = raw.slice(0, at).trim();
    if (key === '')
      throw new InvalidArgumentError(`${flag} takes ${form}, got "${raw}" (the name before "=" is empty)`);
    const out: Record<string, string> = { ...(previous ?? {}) };
    if (Object.hasOwn(out, key)) {
      throw new InvalidArgumentError(
        `${flag} ${key} is given twice ("${out[key]}" and "${raw.slice(at + 1)}"); give each name once`,
      );
    }
    Object.defineProperty(out, key, {
      value: raw.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return out;
  };
}
