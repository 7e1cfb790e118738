import type { CustomResourceEvent, CustomResourceResponse } from '@meshplane/lambda/custom-resource';
import { invokeCustomResource } from '@meshplane/lambda/testing';
import type { Context } from 'aws-lambda';
import type { Template } from './template.js';

/** Attributes of the template's non-custom resources, which the simulator does not create. */
export type FakeAttributes = Record<string, { Ref?: string } & Record<string, string>>;

/** One custom resource as the simulated stack holds it. */
export interface StackResource {
  type: string;
  physicalResourceId: string;
  data: Record<string, string>;
  properties: Record<string, unknown>;
}

/** What a stack operation produced. */
export interface StackResult {
  status:
    | 'CREATE_COMPLETE'
    | 'UPDATE_COMPLETE'
    | 'DELETE_COMPLETE'
    | 'ROLLBACK_COMPLETE'
    | 'UPDATE_ROLLBACK_COMPLETE';
  /** Every answer CloudFormation received, in order. */
  events: { logicalId: string; requestType: string; response: CustomResourceResponse | undefined }[];
  outputs: Record<string, unknown>;
}

type Handler = (event: CustomResourceEvent, context: Context) => Promise<unknown>;

function refsOf(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) refsOf(v, out);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') out.add(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) out.add(String(o['Fn::GetAtt'][0]));
    for (const v of Object.values(o)) refsOf(v, out);
  }
  return out;
}

/**
 * A small local CloudFormation for custom resources: creates, updates and deletes the
 * `Custom::*` resources of a template in dependency order through the custom-resource harness,
 * resolving `Ref` (parameters and resources) and `Fn::GetAtt` (custom resource `Data`, or the given
 * fake attributes of the other resources). Like CloudFormation, a failed create rolls back what
 * was created, and an update that changes a PhysicalResourceId deletes the old resource at the end.
 *
 * @example
 * ```ts
 * import { handler } from '@meshplane/lambda/custom-resource';
 * import { LocalStack } from './local-stack.js';
 * import { readTemplate } from './template.js';
 * const stack = new LocalStack(readTemplate('template.yaml'), handler, { ArtifactBucket: 'b' }, {});
 * await stack.create();
 * ```
 */
export class LocalStack {
  readonly resources = new Map<string, StackResource>();
  private parameters: Record<string, unknown>;

  constructor(
    private readonly template: Template,
    private readonly handler: Handler,
    parameters: Record<string, unknown>,
    private readonly fakes: FakeAttributes,
  ) {
    this.parameters = this.withDefaults(parameters);
  }

  private withDefaults(parameters: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(this.template.Parameters ?? {})) {
      const value = parameters[name] ?? p.Default;
      if (value === undefined) throw new Error(`parameter ${name} has no value and no default`);
      out[name] = value;
    }
    return out;
  }

  /** Custom resources in creation order. */
  customResources(): string[] {
    const custom = Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type.startsWith('Custom::'))
      .map(([id]) => id);
    const order: string[] = [];
    const visit = (id: string, path: string[]) => {
      if (order.includes(id)) return;
      if (path.includes(id)) throw new Error(`circular dependency: ${[...path, id].join(' -> ')}`);
      const resource = this.template.Resources[id]!;
      const deps = refsOf(resource.Properties, new Set());
      for (const d of [resource.DependsOn ?? []].flat()) deps.add(d);
      for (const dep of deps) if (custom.includes(dep)) visit(dep, [...path, id]);
      order.push(id);
    };
    for (const id of custom) visit(id, []);
    return order;
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (!value || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') {
      if (o.Ref in this.parameters) return this.parameters[o.Ref];
      const r = this.resources.get(o.Ref);
      if (r) return r.physicalResourceId;
      const fake = this.fakes[o.Ref]?.Ref;
      if (fake !== undefined) return fake;
      throw new Error(`Ref ${o.Ref}: no such parameter or resource value`);
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [id, attribute] = o['Fn::GetAtt'] as [string, string];
      const r = this.resources.get(id);
      const found = r ? r.data[attribute] : this.fakes[id]?.[attribute];
      if (found === undefined) throw new Error(`Fn::GetAtt ${id}.${attribute}: no such attribute`);
      return found;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, this.resolve(v)]));
  }

  private propertiesOf(id: string): Record<string, unknown> {
    return this.resolve(this.template.Resources[id]!.Properties ?? {}) as Record<string, unknown>;
  }

  private async send(
    id: string,
    requestType: 'Create' | 'Update' | 'Delete',
    properties: Record<string, unknown>,
    extra: { physicalResourceId?: string; oldProperties?: Record<string, unknown> } = {},
  ) {
    const { response, rejected } = await invokeCustomResource(this.handler, {
      requestType,
      resourceType: this.template.Resources[id]!.Type,
      logicalResourceId: id,
      properties,
      ...extra,
    });
    // An answer CloudFormation would refuse fails the resource, as it would in a real stack.
    if (response && rejected.length > 0) {
      return { ...response, Status: 'FAILED' as const, Reason: `answer refused: ${rejected.join('; ')}` };
    }
    return response;
  }

  async create(): Promise<StackResult> {
    const events: StackResult['events'] = [];
    for (const id of this.customResources()) {
      const properties = this.propertiesOf(id);
      const response = await this.send(id, 'Create', properties);
      events.push({ logicalId: id, requestType: 'Create', response });
      if (response?.Status !== 'SUCCESS') {
        // CloudFormation deletes the failed resource too (its sentinel id makes that a no-op).
        if (response) {
          await this.send(id, 'Delete', properties, { physicalResourceId: response.PhysicalResourceId });
        }
        await this.deleteAll(events);
        return { status: 'ROLLBACK_COMPLETE', events, outputs: {} };
      }
      this.resources.set(id, {
        type: this.template.Resources[id]!.Type,
        physicalResourceId: response.PhysicalResourceId,
        data: response.Data ?? {},
        properties,
      });
    }
    return { status: 'CREATE_COMPLETE', events, outputs: this.outputs() };
  }

  async update(parameters: Record<string, unknown>): Promise<StackResult> {
    this.parameters = this.withDefaults(parameters);
    const events: StackResult['events'] = [];
    const replaced: { id: string; physicalResourceId: string; properties: Record<string, unknown> }[] = [];
    for (const id of this.customResources()) {
      const current = this.resources.get(id)!;
      const properties = this.propertiesOf(id);
      if (JSON.stringify(properties) === JSON.stringify(current.properties)) continue;
      const response = await this.send(id, 'Update', properties, {
        physicalResourceId: current.physicalResourceId,
        oldProperties: current.properties,
      });
      events.push({ logicalId: id, requestType: 'Update', response });
      if (response?.Status !== 'SUCCESS')
        return { status: 'UPDATE_ROLLBACK_COMPLETE', events, outputs: this.outputs() };
      if (response.PhysicalResourceId !== current.physicalResourceId) {
        replaced.push({ id, physicalResourceId: current.physicalResourceId, properties: current.properties });
      }
      this.resources.set(id, {
        ...current,
        physicalResourceId: response.PhysicalResourceId,
        data: response.Data ?? {},
        properties,
      });
    }
    // Cleanup phase: the replaced resources' old ids.
    for (const old of replaced) {
      const response = await this.send(old.id, 'Delete', old.properties, {
        physicalResourceId: old.physicalResourceId,
      });
      events.push({ logicalId: old.id, requestType: 'Delete', response });
    }
    return { status: 'UPDATE_COMPLETE', events, outputs: this.outputs() };
  }

  async delete(): Promise<StackResult> {
    const events: StackResult['events'] = [];
    await this.deleteAll(events);
    return {
      status: events.every((e) => e.response?.Status === 'SUCCESS') ? 'DELETE_COMPLETE' : 'ROLLBACK_COMPLETE',
      events,
      outputs: {},
    };
  }

  private async deleteAll(events: StackResult['events']) {
    for (const id of this.customResources().reverse()) {
      const r = this.resources.get(id);
      if (!r) continue;
      const response = await this.send(id, 'Delete', r.properties, {
        physicalResourceId: r.physicalResourceId,
      });
      events.push({ logicalId: id, requestType: 'Delete', response });
      if (response?.Status === 'SUCCESS') this.resources.delete(id);
    }
  }

  outputs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, o] of Object.entries(this.template.Outputs ?? {})) {
      try {
        out[name] = this.resolve(o.Value);
      } catch {
        out[name] = undefined;
      }
    }
    return out;
  }
}
