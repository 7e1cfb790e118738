/**
 * The parts of an outgoing request that App Mesh route matching looks at. The router builds one
 * per request; header names are looked up lower-cased, as HTTP header names are case-insensitive.
 *
 * @example
 * ```ts
 * import { requestView } from '@meshplane/core/router';
 * const view = requestView({ url: 'http://jazz.prod.svc.cluster.local:9080/artists?genre=bossa', headers: { 'X-Canary': '1' } });
 * console.log(view.host, view.port, view.path, view.header('x-canary')); // jazz.prod.svc.cluster.local 9080 /artists 1
 * ```
 */
export interface RequestView {
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly scheme: 'http' | 'https';
  /** Lower-case host name without the port (the virtual service name). */
  readonly host: string;
  /** The port of the URL, or undefined when the URL has none. */
  readonly explicitPort: number | undefined;
  /**
   * The port used for matching: the URL's port, else 80/443 by scheme; the router sets it to the
   * listener port it matched the request on.
   */
  port: number;
  /** The path without the query string, always starting with `/`. */
  readonly path: string;
  /** The raw query string without `?` (empty when there is none). */
  readonly query: string;
  /** A header value (several values joined with `,`), or undefined when absent. */
  header(lowerCaseName: string): string | undefined;
  /** The first value of a query parameter, or undefined when absent. */
  queryParam(name: string): string | undefined;
}

/** Header shapes accepted by {@link requestView} and the router's `fetch`. */
export type HeadersInput =
  | Record<string, string | string[] | undefined>
  | Iterable<readonly [string, string]>
  | { forEach(cb: (value: string, key: string) => void): void };

/** The input of {@link requestView}. */
export interface RequestViewInput {
  url: string | URL;
  method?: string;
  headers?: HeadersInput;
}

interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  explicitPort: number | undefined;
  path: string;
  query: string;
}

/**
 * Splits an absolute http(s) URL without the WHATWG URL parser, which costs more than the whole
 * routing decision. Anything unusual (userinfo, IPv6 literals, other schemes) falls back to `URL`.
 */
export function parseMeshUrl(input: string | URL): ParsedUrl {
  if (typeof input !== 'string') return fromUrl(input);
  let rest: string;
  let scheme: 'http' | 'https';
  if (input.startsWith('http://')) {
    scheme = 'http';
    rest = input.slice(7);
  } else if (input.startsWith('https://')) {
    scheme = 'https';
    rest = input.slice(8);
  } else {
    return fromUrl(new URL(input));
  }
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    // '/', '?', '#'
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
    // '@', '[', '%', '\\': let the WHATWG parser deal with userinfo, IPv6 and escapes.
    if (c === 64 || c === 91 || c === 37 || c === 92) return fromUrl(new URL(input));
  }
  const authority = rest.slice(0, end);
  const colon = authority.lastIndexOf(':');
  let host = authority;
  let explicitPort: number | undefined;
  if (colon >= 0) {
    host = authority.slice(0, colon);
    const portText = authority.slice(colon + 1);
    if (portText !== '') {
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
        throw new TypeError(`invalid port "${portText}" in URL "${input}"`);
      }
      explicitPort = Number(portText);
    }
  }
  if (host === '') throw new TypeError(`URL "${input}" has no host`);
  let tail = rest.slice(end);
  const hash = tail.indexOf('#');
  if (hash >= 0) tail = tail.slice(0, hash);
  const q = tail.indexOf('?');
  const path = q >= 0 ? tail.slice(0, q) : tail;
  const query = q >= 0 ? tail.slice(q + 1) : '';
  return { scheme, host: host.toLowerCase(), explicitPort, path: path === '' ? '/' : path, query };
}

function fromUrl(url: URL): ParsedUrl {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(
      `unsupported URL scheme "${url.protocol}" in "${url.href}": the mesh router speaks http and https`,
    );
  }
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname.toLowerCase(),
    explicitPort: url.port === '' ? undefined : Number(url.port),
    path: url.pathname === '' ? '/' : url.pathname,
    query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
  };
}

/** Flattens any accepted header shape to a lower-cased record (several values joined by `,`). */
export function normalizeHeaders(headers: HeadersInput | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const add = (key: string, value: string) => {
    const k = key.toLowerCase();
    const prev = out[k];
    out[k] = prev === undefined ? value : `${prev},${value}`;
  };
  if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
    (headers as { forEach(cb: (value: string, key: string) => void): void }).forEach((v, k) => {
      add(k, v);
    });
  } else if (Symbol.iterator in (headers as object)) {
    for (const [k, v] of headers as Iterable<readonly [string, string]>) add(k, v);
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) add(k, item);
      else add(k, v);
    }
  }
  return out;
}

class View implements RequestView {
  readonly method: string;
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly explicitPort: number | undefined;
  port: number;
  readonly path: string;
  readonly query: string;
  private readonly rawHeaders: HeadersInput | undefined;
  private headerMap: Record<string, string> | undefined;
  private params: URLSearchParams | undefined;

  constructor(parsed: ParsedUrl, method: string, headers: HeadersInput | undefined) {
    this.method = method;
    this.scheme = parsed.scheme;
    this.host = parsed.host;
    this.explicitPort = parsed.explicitPort;
    this.port = parsed.explicitPort ?? (parsed.scheme === 'https' ? 443 : 80);
    this.path = parsed.path;
    this.query = parsed.query;
    this.rawHeaders = headers;
  }

  header(lowerCaseName: string): string | undefined {
    // Normalised lazily: most routes never look at headers.
    if (this.headerMap === undefined) this.headerMap = normalizeHeaders(this.rawHeaders);
    return this.headerMap[lowerCaseName];
  }

  queryParam(name: string): string | undefined {
    if (this.query === '') return undefined;
    if (this.params === undefined) this.params = new URLSearchParams(this.query);
    return this.params.get(name) ?? undefined;
  }
}

/**
 * Builds the {@link RequestView} of a request: what route matching sees.
 *
 * @example
 * ```ts
 * import { requestView } from '@meshplane/core/router';
 * const view = requestView({ url: 'http://metal.prod.svc.cluster.local/', method: 'post' });
 * console.log(view.method, view.port); // POST 80
 * ```
 */
export function requestView(input: RequestViewInput): RequestView {
  return new View(parseMeshUrl(input.url), (input.method ?? 'GET').toUpperCase(), input.headers);
}
