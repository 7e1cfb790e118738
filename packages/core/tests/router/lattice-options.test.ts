import { describe, expect, it } from 'vitest';
import {
  compileLatticeTargets,
  compileMesh,
  createRouter,
  RouterConfigError,
} from '../../src/router/internals.js';
import { meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

const JAZZ = 'jazz.prod.svc.cluster.local';
const METAL = 'metal.prod.svc.cluster.local';
const LATTICE_URL = 'https://jazz-0123456789abcdef0.7d67968.vpc-lattice-svcs.us-east-1.on.aws';
const model = meshModel(
  [JAZZ, METAL],
  [
    node('jazz-v1'),
    node('metal-v1'),
    router('jazz-router'),
    route('jazz-router', 'r', {
      httpRoute: {
        match: { prefix: '/' },
        action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1 }] },
      },
    }),
    service(JAZZ, { router: 'jazz-router' }),
    service(METAL, { node: 'metal-v1' }),
  ],
);

function problemsOf(make: () => unknown): string[] {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(RouterConfigError);
    return (error as RouterConfigError).problems;
  }
  throw new Error('expected a RouterConfigError');
}

describe('the lattice option', () => {
  it('reports every bad member at once, naming the field, the value and the rule, never a secret', () => {
    const problems = problemsOf(() =>
      createRouter({
        model,
        sourceNode: 'client',
        lattice: {
          services: {
            [JAZZ]: 'https://jazz.example/v1',
            [METAL]: 'ftp://metal.example',
            'x.local': 'https://user:pw@x.example',
          },
          region: 'Mars-1',
          credentials: { accessKeyId: 'AKID', secretAccessKey: 42 },
          retries: 3,
        } as never,
      }),
    );
    expect(problems).toEqual([
      'lattice.region: "Mars-1" must be an AWS region name (e.g. us-east-1)',
      'lattice.credentials: { accessKeyId: string, secretAccessKey: number } must be { accessKeyId, secretAccessKey, sessionToken? } or a credential provider function',
      'lattice.retries: unknown option (options: services, region, credentials)',
      `lattice.services.${JAZZ}: "https://jazz.example/v1" must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)`,
      `lattice.services.${METAL}: "ftp://metal.example" must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)`,
      'lattice.services.x.local: "https://user:pw@x.example" must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)',
    ]);
  });

  it('refuses a lattice that is not an object, and services that are neither a map nor a function', () => {
    expect(problemsOf(() => createRouter({ model, sourceNode: 'client', lattice: 'yes' as never }))).toEqual([
      'lattice: "yes" must be an object { services, region?, credentials? }',
    ]);
    expect(problemsOf(() => createRouter({ model, sourceNode: 'client', lattice: {} as never }))).toEqual([
      'lattice.services: undefined must be an object of virtual service name → Lattice service URL, or a function (name) => URL | undefined',
    ]);
  });

  it('refuses, against the model, a name that is not a backend, a bad URL from a function, an unknown region and a Cloud Map service left without discovery', () => {
    const tables = compileMesh({ model, sourceNode: 'client', discovery: staticDiscovery({}) });
    expect(
      problemsOf(() =>
        compileLatticeTargets(
          tables,
          { services: { [JAZZ]: 'http://127.0.0.1:1', 'rock.prod.svc.cluster.local': LATTICE_URL } },
          false,
          {},
        ),
      ),
    ).toEqual([
      `lattice.services.rock.prod.svc.cluster.local: not a backend of virtual node "client" (backends: ${JAZZ}, ${METAL})`,
      `lattice.region: the signing region of ${JAZZ} (http://127.0.0.1:1) cannot be told: its host is not a Lattice DNS name (….vpc-lattice-svcs.<region>.on.aws) and neither lattice.region nor AWS_REGION is set`,
      `discovery: virtual node "metal-v1" (of ${METAL}, not mapped in lattice.services) uses Cloud Map prod.svc.cluster.local/metal-v1: pass a \`discovery\` client or map ${METAL} to its Lattice service`,
    ]);
    expect(
      problemsOf(() =>
        compileLatticeTargets(
          tables,
          { services: (name) => (name === JAZZ ? '/relative' : LATTICE_URL) },
          true,
          {},
        ),
      ),
    ).toEqual([
      `lattice.services("${JAZZ}"): "/relative" must be an http(s) URL of a Lattice service, origin only (no path, query or fragment)`,
    ]);
    const throwing = (name: string) => {
      if (name === METAL) throw new Error('no Lattice service for metal yet');
      return LATTICE_URL;
    };
    expect(problemsOf(() => compileLatticeTargets(tables, { services: throwing }, true, {}))).toEqual([
      `lattice.services("${METAL}"): the function threw: no Lattice service for metal yet`,
    ]);
  });

  it('takes the region from the Lattice DNS name, else lattice.region, else AWS_REGION / AWS_DEFAULT_REGION', () => {
    const tables = compileMesh({ model, sourceNode: 'client', discovery: staticDiscovery({}) });
    const regionOf = (url: string, region: string | undefined, env: Record<string, string>) =>
      compileLatticeTargets(
        tables,
        { services: { [JAZZ]: url }, ...(region ? { region } : {}) },
        true,
        env,
      ).services.get(JAZZ)?.region;
    expect(regionOf(LATTICE_URL, undefined, {})).toBe('us-east-1');
    expect(regionOf(LATTICE_URL, 'eu-west-1', {})).toBe('eu-west-1');
    expect(regionOf('https://jazz.internal', undefined, { AWS_REGION: 'ap-southeast-2' })).toBe(
      'ap-southeast-2',
    );
    expect(regionOf('https://jazz.internal', undefined, { AWS_DEFAULT_REGION: 'us-gov-west-1' })).toBe(
      'us-gov-west-1',
    );
    expect(() => regionOf('https://jazz.internal', undefined, { AWS_REGION: 'nowhere' })).toThrow(
      'lattice.region: the signing region of jazz.prod.svc.cluster.local (https://jazz.internal) cannot be told: its host is not a Lattice DNS name (….vpc-lattice-svcs.<region>.on.aws) and neither lattice.region nor AWS_REGION is set to a region name (AWS_REGION "nowhere")',
    );
  });

  it('a Lattice-only router needs no discovery client; a reload that would need one is refused, the tables stay', () => {
    const r = createRouter({
      model,
      sourceNode: 'client',
      lattice: {
        services: { [JAZZ]: LATTICE_URL, [METAL]: LATTICE_URL.replace('jazz', 'metal') },
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      },
    });
    expect(r.discoveryQueries()).toEqual([]);
    expect(r.decide(`http://${JAZZ}:9080/`)).toMatchObject({
      routeName: 'r',
      targetNode: undefined,
      target: undefined,
    });
    const before = r.tables;
    const ROCK = 'rock.prod.svc.cluster.local';
    const withRock = meshModel(
      [JAZZ, METAL, ROCK],
      [...model.resources.slice(2), node('rock-v1'), service(ROCK, { node: 'rock-v1' })],
    );
    expect(() => r.reload(withRock)).toThrow(
      `discovery: virtual node "rock-v1" (of ${ROCK}, not mapped in lattice.services)`,
    );
    expect(r.tables).toBe(before);
    void r.close();
  });
});
