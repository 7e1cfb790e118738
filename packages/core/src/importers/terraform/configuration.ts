import { didYouMean } from '../../errors/suggest-name.js';
import type { ValidationIssue } from '../../errors/validation-issue.js';
import { APPMESH_RESOURCE_TYPES } from './appmesh-resource-types.js';
import type { HclAttribute, HclBlock, HclBody, HclPosition } from './hcl-structure.js';
import { terraformIssue } from './terraform-issue.js';

/** A parsed `.tf` file. */
export interface TerraformFile {
  file: string;
  body: HclBody;
}

/** A `resource "type" "name"` block and where it is. */
export interface ResourceDeclaration {
  type: string;
  name: string;
  block: HclBlock;
  file: string;
}

/** The declarations of one Terraform module (the `.tf` files of one folder) that the importer reads. */
export interface Configuration {
  variables: Map<string, { block: HclBlock; file: string }>;
  locals: Map<string, { attribute: HclAttribute; file: string }>;
  /** Every managed resource by address (`aws_appmesh_mesh.this`), App Mesh or not. */
  resources: Map<string, ResourceDeclaration>;
  /** The `aws_appmesh_*` resources of a known type, in file order. */
  appMesh: ResourceDeclaration[];
  /** Count of ignored managed resources by type. */
  ignored: Map<string, number>;
  modules: Array<{ name: string; block: HclBlock; file: string }>;
  /** `output` blocks, read when a calling module refers to `module.<name>.<output>`. */
  outputs: Map<string, { block: HclBlock; file: string }>;
}

/**
 * Collects the declarations of the files (one module: Terraform merges every `.tf` file of a
 * folder). Declaring a resource address, a variable or a local twice is an error, as in
 * Terraform ("Duplicate resource configuration").
 */
export function collectConfiguration(
  files: readonly TerraformFile[],
  issues: ValidationIssue[],
): Configuration {
  const config: Configuration = {
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    appMesh: [],
    ignored: new Map(),
    modules: [],
    outputs: new Map(),
  };
  const duplicate = (
    what: string,
    path: string,
    file: string,
    at: HclPosition,
    first: { file: string; at: HclPosition },
  ) =>
    issues.push(
      terraformIssue(
        'DUPLICATE_DECLARATION',
        'error',
        path,
        `${what} is declared again: the first declaration is at ${first.file}:${first.at.line}:${first.at.column} (Terraform refuses a configuration that declares an address twice)`,
        file,
        at,
      ),
    );
  for (const { file, body } of files) {
    for (const block of body.blocks) {
      const [first, second] = block.labels;
      if (block.type === 'variable' && first !== undefined) {
        const earlier = config.variables.get(first);
        if (earlier)
          duplicate(`variable "${first}"`, `var.${first}`, file, block.at, {
            file: earlier.file,
            at: earlier.block.at,
          });
        else config.variables.set(first, { block, file });
      } else if (block.type === 'locals') {
        for (const attribute of block.body.attributes) {
          const earlier = config.locals.get(attribute.name);
          if (earlier) {
            duplicate(`local value "${attribute.name}"`, `local.${attribute.name}`, file, attribute.at, {
              file: earlier.file,
              at: earlier.attribute.at,
            });
          } else config.locals.set(attribute.name, { attribute, file });
        }
      } else if (block.type === 'output' && first !== undefined) {
        config.outputs.set(first, { block, file });
      } else if (block.type === 'module' && first !== undefined) {
        config.modules.push({ name: first, block, file });
      } else if (block.type === 'resource' && first !== undefined && second !== undefined) {
        collectResource(config, { type: first, name: second, block, file }, issues, duplicate);
      }
      // terraform, provider, data, output, moved, import, check and removed blocks declare no App
      // Mesh resource: data sources are only read where they are referenced (and cannot be).
    }
  }
  return config;
}

function collectResource(
  config: Configuration,
  declaration: ResourceDeclaration,
  issues: ValidationIssue[],
  duplicate: (
    what: string,
    path: string,
    file: string,
    at: HclPosition,
    first: { file: string; at: HclPosition },
  ) => void,
): void {
  const { type, name, block, file } = declaration;
  const address = `${type}.${name}`;
  const earlier = config.resources.get(address);
  if (earlier) {
    duplicate(`resource ${address}`, address, file, block.at, { file: earlier.file, at: earlier.block.at });
    return;
  }
  config.resources.set(address, declaration);
  if (Object.hasOwn(APPMESH_RESOURCE_TYPES, type)) {
    config.appMesh.push(declaration);
  } else if (type.startsWith('aws_appmesh_')) {
    issues.push(
      terraformIssue(
        'UNSUPPORTED_RESOURCE_TYPE',
        'error',
        address,
        `resource type "${type}" is not an App Mesh resource type of the AWS provider${didYouMean(type, Object.keys(APPMESH_RESOURCE_TYPES))}; meshplane reads ${Object.keys(APPMESH_RESOURCE_TYPES).join(', ')}`,
        file,
        block.at,
      ),
    );
  } else {
    config.ignored.set(type, (config.ignored.get(type) ?? 0) + 1);
  }
}
