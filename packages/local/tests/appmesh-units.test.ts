import { appMeshModel } from '@meshplane/core/smithy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../src/appmesh/page-token.js';
import {
  appMeshArn,
  compileRestJsonRoutes,
  createAppMeshService,
  LocalServiceError,
  parseAppMeshArn,
  parseCredentialScope,
  TokenBucket,
} from '../src/internals.js';

const name = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);

describe('ARNs', () => {
  it('parses back every ARN it builds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'mesh',
          'virtualNode',
          'virtualRouter',
          'virtualGateway',
          'virtualService',
          'route',
          'gatewayRoute',
        ),
        name,
        name,
        name,
        (kind, meshName, parent, leaf) => {
          // Prepare
          const parentName = kind === 'route' || kind === 'gatewayRoute' ? parent : undefined;
          const address = {
            region: 'eu-west-1',
            accountId: '123456789012',
            kind,
            meshName,
            ...(parentName ? { parentName } : {}),
            name: kind === 'mesh' ? meshName : leaf,
          } as const;
          // Act
          const parsed = parseAppMeshArn(appMeshArn(address));
          // Assess
          expect(parsed).toEqual(address);
        },
      ),
    );
  });

  it('rejects ARNs of other services and of unknown App Mesh paths', () => {
    // Act / Assess
    expect(parseAppMeshArn('arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1')).toBeUndefined();
    expect(parseAppMeshArn('arn:aws:appmesh:us-east-1:123456789012:mesh/m/virtualThing/x')).toBeUndefined();
    expect(parseAppMeshArn('arn:aws:appmesh:us-east-1:12345:mesh/m')).toBeUndefined();
  });
});

describe('pagination', () => {
  it('returns every item exactly once, in order, for any page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        (names, limit) => {
          // Prepare
          const sorted = [...names].sort();
          // Act
          const seen: string[] = [];
          let token: string | undefined;
          let pages = 0;
          do {
            const { page, nextToken } = paginate(sorted, (n) => n, 'scope', limit, token, 100);
            seen.push(...page);
            token = nextToken;
            pages++;
          } while (token && pages < 100);
          // Assess
          expect(seen).toEqual(sorted);
          expect(pages).toBe(Math.max(1, Math.ceil(sorted.length / limit)));
        },
      ),
    );
  });

  it('rejects a token of another list', () => {
    // Prepare
    const { nextToken } = paginate(['a', 'b', 'c'], (n) => n, 'list-a', 1, undefined, 100);
    // Act
    const reuse = () => paginate(['a', 'b', 'c'], (n) => n, 'list-b', 1, nextToken, 100);
    // Assess
    expect(reuse).toThrow(LocalServiceError);
    expect(reuse).toThrow(/is not a token this list returned/);
  });
});

describe('protocol helpers', () => {
  it('matches every App Mesh URI template back to its own operation', () => {
    // Prepare
    const router = compileRestJsonRoutes(appMeshModel);
    // Act
    const mismatches = Object.entries(appMeshModel.operations).filter(([operation, op]) => {
      const match = router.match(
        op.http!.method,
        op.http!.uri.replace(/\{[^}]+\}/g, 'x'),
        new URLSearchParams(),
      );
      return match.kind !== 'operation' || match.route.operation !== operation;
    });
    // Assess
    expect(mismatches).toEqual([]);
  });

  it('decodes percent-encoded labels', () => {
    // Prepare
    const router = compileRestJsonRoutes(appMeshModel);
    // Act
    const match = router.match('GET', '/v20190125/meshes/a%20b/virtualNodes/n%2F1', new URLSearchParams());
    // Assess
    expect(match).toMatchObject({ kind: 'operation', labels: { meshName: 'a b', virtualNodeName: 'n/1' } });
  });

  it('reads the region from a SigV4 Authorization header or a presigned URL', () => {
    // Act
    const header = parseCredentialScope(
      'AWS4-HMAC-SHA256 Credential=AKIA/20260101/ap-northeast-1/appmesh/aws4_request, SignedHeaders=host, Signature=00',
    );
    const presigned = parseCredentialScope(
      undefined,
      new URLSearchParams({ 'X-Amz-Credential': 'AKIA/20260101/sa-east-1/servicediscovery/aws4_request' }),
    );
    // Assess
    expect(header).toEqual({ accessKeyId: 'AKIA', region: 'ap-northeast-1', service: 'appmesh' });
    expect(presigned?.region).toBe('sa-east-1');
    expect(parseCredentialScope('Bearer x')).toBeUndefined();
  });

  it('lets a token bucket burst, then refills at its rate', () => {
    // Prepare
    let now = 0;
    const bucket = new TokenBucket({ rate: 8, burst: 5 }, () => now);
    // Act
    const burst = Array.from({ length: 6 }, () => bucket.tryTake());
    now += 250; // 2 tokens at 8/s
    const refilled = Array.from({ length: 3 }, () => bucket.tryTake());
    // Assess
    expect(burst).toEqual([true, true, true, true, true, false]);
    expect(refilled).toEqual([true, true, false]);
  });
});

describe('App Mesh service without HTTP', () => {
  it('snapshots and restores its whole state', async () => {
    // Prepare
    const ctx = { region: 'us-east-1', accountId: '123456789012', now: () => new Date(0) };
    const first = createAppMeshService();
    await first.handle('CreateMesh', { meshName: 'm', tags: [{ key: 'a', value: '1' }] }, ctx);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    // Act
    const second = createAppMeshService();
    second.restore(snapshot);
    const described = (await second.handle('DescribeMesh', { meshName: 'm' }, ctx)) as { mesh: unknown };
    // Assess
    expect(described).toEqual(await first.handle('DescribeMesh', { meshName: 'm' }, ctx));
    expect(() => second.restore({ version: 2 } as never)).toThrow(/version/);
  });
});
