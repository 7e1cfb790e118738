import { describe, expect, it } from 'vitest';
import { normalizeHeaders, parseMeshUrl, requestView } from '../../src/router/internals.js';

describe('parseMeshUrl', () => {
  it('splits scheme, lower-cased host, port, path and query without the WHATWG parser', () => {
    // Act
    const parsed = parseMeshUrl('http://Jazz.Prod.svc.cluster.local:9080/artists/1?genre=bossa&x=#frag');
    // Assess
    expect(parsed).toEqual({
      scheme: 'http',
      host: 'jazz.prod.svc.cluster.local',
      explicitPort: 9080,
      path: '/artists/1',
      query: 'genre=bossa&x=',
    });
  });

  it('defaults the path to / and leaves the port unset when absent', () => {
    // Act / Assess
    expect(parseMeshUrl('https://metal.local')).toEqual({
      scheme: 'https',
      host: 'metal.local',
      explicitPort: undefined,
      path: '/',
      query: '',
    });
    expect(parseMeshUrl('http://metal.local?x=1').path).toBe('/');
    expect(parseMeshUrl('http://metal.local:/a').explicitPort).toBeUndefined();
  });

  it('agrees with the WHATWG parser on URLs it hands over (userinfo, IPv6, escapes, URL objects)', () => {
    // Act / Assess
    expect(parseMeshUrl('http://user:pw@svc.local:81/a').host).toBe('svc.local');
    expect(parseMeshUrl('http://[::1]:8080/x')).toMatchObject({
      host: '[::1]',
      explicitPort: 8080,
      path: '/x',
    });
    expect(parseMeshUrl(new URL('http://svc.local/p?q=1'))).toMatchObject({
      host: 'svc.local',
      path: '/p',
      query: 'q=1',
    });
  });

  it('rejects what cannot be routed, naming the problem', () => {
    // Act / Assess
    expect(() => parseMeshUrl('http://svc.local:99999/')).toThrow(/invalid port "99999"/);
    expect(() => parseMeshUrl('http://svc.local:80a/')).toThrow(/invalid port "80a"/);
    expect(() => parseMeshUrl('http:///path')).toThrow(/has no host/);
    expect(() => parseMeshUrl('ftp://svc.local/')).toThrow(/unsupported URL scheme "ftp:"/);
  });
});

describe('requestView headers', () => {
  it('reads headers case-insensitively from every accepted shape', () => {
    // Prepare
    const shapes = [
      { 'X-Tenant': 'acme' },
      { 'x-tenant': 'acme' },
      { 'x-tenant': ['acme'] },
      new Headers({ 'X-Tenant': 'acme' }),
      [['X-TENANT', 'acme']] as [string, string][],
      new Map([['x-Tenant', 'acme']]),
    ];
    // Act
    const values = shapes.map((headers) =>
      requestView({ url: 'http://svc.local/', headers }).header('x-tenant'),
    );
    // Assess
    expect(values).toEqual(['acme', 'acme', 'acme', 'acme', 'acme', 'acme']);
  });

  it('joins repeated headers with commas and ignores inherited properties', () => {
    // Act
    const joined = requestView({ url: 'http://svc.local/', headers: { accept: ['a', 'b'] } }).header(
      'accept',
    );
    const inherited = requestView({ url: 'http://svc.local/', headers: {} }).header('constructor');
    const normalized = normalizeHeaders([
      ['A', '1'],
      ['a', '2'],
    ]);
    // Assess
    expect(joined).toBe('a,b');
    expect(inherited).toBeUndefined();
    expect(normalized).toEqual({ a: '1,2' });
  });

  it('reads the first value of a query parameter, decoded', () => {
    // Act
    const view = requestView({ url: 'http://svc.local/p?tier=gold%20plus&tier=silver&flag' });
    // Assess
    expect(view.queryParam('tier')).toBe('gold plus');
    expect(view.queryParam('flag')).toBe('');
    expect(view.queryParam('missing')).toBeUndefined();
  });
});
