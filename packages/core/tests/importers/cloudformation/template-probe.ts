import { importSources, type MeshplaneResource, type ValidationIssue } from '../../../src/index.js';

/** What {@link probe} adds to its template. */
export interface ProbeOptions {
  /** Top-level sections (Parameters, Conditions, Mappings) as YAML, before Resources. */
  sections?: string;
  /** More resources, as YAML indented by two spaces. */
  resources?: string;
  parameters?: Record<string, string>;
}

/**
 * Imports a template whose line 1 starts `options.sections`, followed by a mesh `m` and a virtual
 * node `n` whose DNS hostname is `expression` (YAML), and returns that hostname as imported.
 */
export function probe(
  expression: string,
  options: ProbeOptions = {},
): { hostname: unknown; issues: ValidationIssue[]; resources: MeshplaneResource[] } {
  const text = `${options.sections ?? ''}Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: m
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !GetAtt Mesh.MeshName
      VirtualNodeName: n
      Spec:
        ServiceDiscovery:
          DNS:
            Hostname: ${expression}
${options.resources ?? ''}`;
  const imported = importSources(
    [{ file: 'template.yaml', text }],
    options.parameters ? { parameters: options.parameters } : {},
  );
  const node = imported.model.resources.find((r) => r.kind === 'virtualNode');
  const spec = node?.spec as { serviceDiscovery?: { dns?: { hostname?: unknown } } } | undefined;
  return {
    hostname: spec?.serviceDiscovery?.dns?.hostname,
    issues: imported.issues,
    resources: imported.model.resources,
  };
}

/** The issues of one severity as `line:column CODE message`. */
export function described(
  issues: readonly ValidationIssue[],
  severity: 'error' | 'warning' = 'error',
): string[] {
  return issues
    .filter((i) => i.severity === severity)
    .map((i) => `${i.line}:${i.column} ${i.code} ${i.message}`);
}
