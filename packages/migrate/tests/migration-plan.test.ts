import { defineMesh, http } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import { migrationPlan } from '../src/index.js';

// A front service reached only through a gateway, and a back service its node calls.
const edge = () =>
  defineMesh({
    name: 'edge',
    egressFilter: 'ALLOW_ALL',
    nodes: {
      web: {
        listeners: [http(80)],
        discovery: { dns: { hostname: 'web.ns.local' } },
        backends: ['api.ns.local'],
      },
      api: { listeners: [http(80)], discovery: { dns: { hostname: 'api.ns.local' } } },
    },
    services: {
      'web.ns.local': { provider: { node: 'web' } },
      'api.ns.local': { provider: { node: 'api' } },
    },
    gateways: {
      ingress: {
        listeners: [http(8080)],
        gatewayRoutes: { all: { http: { match: { prefix: '/' }, action: { target: 'web.ns.local' } } } },
      },
    },
  });

describe('the cutover of callers', () => {
  it('Lattice: declared callers are allowed by the auth policy; a service no node calls is named with the gateway route that reaches it', () => {
    const plan = migrationPlan(edge(), 'lattice');
    expect(plan.services.map((s) => [s.service, s.callers, s.steps[2]])).toEqual([
      [
        'api.ns.local',
        ['web'],
        'cut over callers (web): point api.ns.local at the Lattice service (its custom domain) and sign requests with SigV4; the auth policy allows exactly these callers',
      ],
      [
        'web.ns.local',
        [],
        "cut over callers (none declared; reached through gatewayRoute:edge/ingress/all, which is not exported): the Lattice service has no auth policy and denies every request; attach one that allows the callers (what replaces the gateway, the clients' roles) before moving their traffic",
      ],
    ]);
  });

  it('Service Connect: the gateway route is named too', () => {
    const plan = migrationPlan(edge(), 'service-connect');
    expect(plan.services[1]?.steps[2]).toBe(
      'cut over callers (none declared; reached through gatewayRoute:edge/ingress/all, which is not exported): redeploy them with Service Connect on and without the Envoy sidecar',
    );
  });
});
