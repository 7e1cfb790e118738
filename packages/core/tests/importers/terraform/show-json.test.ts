import { describe, expect, test } from 'vitest';
import { importSources } from '../../../src/index.js';

/** A saved plan (`terraform show -json plan.out`): planned_values, with a module holding a route. */
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'aws_appmesh_mesh.shop',
          mode: 'managed',
          type: 'aws_appmesh_mesh',
          name: 'shop',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          schema_version: 0,
          values: {
            name: 'shop',
            spec: [{ egress_filter: [{ type: 'DROP_ALL' }], service_discovery: [] }],
            tags: { team: 'orders' },
          },
          sensitive_values: {},
        },
      ],
      child_modules: [
        {
          address: 'module.order',
          resources: [
            {
              address: 'module.order.aws_appmesh_route.this',
              mode: 'managed',
              type: 'aws_appmesh_route',
              name: 'this',
              values: {
                mesh_name: 'shop',
                mesh_owner: null,
                name: 'order-r',
                virtual_router_name: 'order-vr',
                spec: [
                  {
                    priority: 0,
                    grpc_route: [],
                    http2_route: [],
                    tcp_route: [],
                    http_route: [
                      {
                        match: [
                          {
                            prefix: '/',
                            method: '',
                            scheme: '',
                            header: [],
                            query_parameter: [],
                            path: [],
                            port: 0,
                          },
                        ],
                        action: [{ weighted_target: [{ virtual_node: 'order-vn', weight: 0, port: 0 }] }],
                        retry_policy: [],
                        timeout: [],
                      },
                    ],
                  },
                ],
                tags: null,
              },
            },
          ],
        },
      ],
    },
  },
};

describe('terraform show -json output', () => {
  test('a saved plan: planned_values with child modules; zero values of optional members mean unset, of required ones not', () => {
    // Act
    const { model, issues } = importSources([{ file: 'plan.json', text: JSON.stringify(plan, null, 2) }]);
    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map(({ source: _s, ...r }) => r)).toEqual([
      {
        kind: 'mesh',
        meshName: 'shop',
        name: 'shop',
        tags: [{ key: 'team', value: 'orders' }],
        spec: { egressFilter: { type: 'DROP_ALL' } },
      },
      {
        kind: 'route',
        meshName: 'shop',
        name: 'order-r',
        virtualRouterName: 'order-vr',
        // weight is required by the provider: its 0 is a value (a target that gets no traffic).
        spec: {
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [{ virtualNode: 'order-vn', weight: 0 }] },
          },
        },
      },
    ]);
    expect(model.resources[1]?.source).toEqual({ file: 'plan.json', line: 37, column: 13 });
  });

  test('an argument the provider does not have is UNKNOWN_MEMBER at its place in the JSON', () => {
    // Arrange
    const broken = structuredClone(plan);
    const spec = broken.planned_values.root_module.resources[0]!.values.spec[0] as Record<string, unknown>;
    spec.egres_filter = [];
    // Act
    const { issues } = importSources([{ file: 'plan.json', text: JSON.stringify(broken, null, 2) }]);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_MEMBER',
        path: 'aws_appmesh_mesh.shop.spec[0].egres_filter',
        message: expect.stringContaining('did you mean "egress_filter"?'),
        file: 'plan.json',
        line: 24,
        column: 33,
      }),
    ]);
  });

  test('data sources are skipped, other managed resources counted, malformed entries named', () => {
    // Act
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { mode: 'data', type: 'aws_region', name: 'current', values: { name: 'us-east-1' } },
            { mode: 'managed', type: 'aws_iam_role', name: 'r', values: {} },
            { mode: 'managed', type: 'aws_appmesh_thing', name: 't', values: {} },
            'not a resource',
          ],
        },
      },
    };
    const { issues, model } = importSources([{ file: 'state.json', text: JSON.stringify(state) }]);
    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.message])).toEqual([
      [
        'UNSUPPORTED_RESOURCE_TYPE',
        'error',
        expect.stringContaining('resource type "aws_appmesh_thing" is not an App Mesh resource type'),
      ],
      [
        'INVALID_DOCUMENT',
        'error',
        'values.root_module.resources[3] must be a resource object with type and values',
      ],
      [
        'IGNORED_RESOURCES',
        'warning',
        '1 resource(s) that are not App Mesh resources were ignored: aws_iam_role ×1',
      ],
    ]);
  });
});

describe('Terraform JSON configuration syntax (.tf.json)', () => {
  test('is refused by importSources with what to do instead, not read as an App Mesh document', () => {
    // Act
    const { issues } = importSources([{ file: 'main.tf.json', text: TF_JSON }]);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNSUPPORTED_FILE',
        severity: 'error',
        file: 'main.tf.json',
        line: 1,
        column: 1,
        message: expect.stringContaining(
          'is a Terraform configuration in JSON syntax (.tf.json), which importSources does not evaluate',
        ),
      }),
    ]);
    expect(issues[0]?.message).toBe(REFUSAL('main.tf.json'));
  });
});

const TF_JSON = '{\n  "resource": { "aws_appmesh_mesh": { "m": { "name": "m" } } }\n}\n';

/** What to do instead: the asynchronous Terraform importers read it (json-syntax.test.ts). */
const REFUSAL = (file: string) =>
  `${file} is a Terraform configuration in JSON syntax (.tf.json), which importSources does not evaluate: import it with importTerraformFiles (with the configuration's other .tf, .tf.json and .tfvars files) or loadModelFromPath (its folder), as meshplane's CLI does`;
