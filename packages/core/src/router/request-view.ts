import { InvalidRequestError } from './errors.js';

/**
 * The parts of an outgoing request that App Mesh route matching looks at. The router builds one
 * per request; header names are looked up lower-cased, as HTTP header names are case-insensitive.
 *
 * @example
 * ```ts
 * import { requestView } from '@meshplane/core/router/internals';
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

/**
 * Header shapes accepted by {@link requestView} and the router's `fetch`.
 *
 * @example
 * ```ts
 * const a: HeadersInput = { 'x-canary': '1' };
 * const b: HeadersInput = new Headers({ 'X-Canary': '1' });
 * const c: HeadersInput = [['x-canary', '1']];
 * ```
 */
export type HeadersInput =
  | Record<string, string | string[] | undefined>
  | Iterable<readonly [string, string]>
  | { forEach(cb: (value: string, key: string) => void): void };

/**
 * The input of {@link requestView}.
 *
 * @example
 * ```ts
 * const input: RequestViewInput = { url: 'http://jazz.prod.svc.cluster.local:9080/', method: 'GET', headers: { accept: 'application/json' } };
 * ```
 */
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
 * routing decision. Anything unusual (userinfo, IPv6 literals, escapes, other schemes) falls back
 * to `URL`.
 *
 * @example
 * ```ts
 * import { parseMeshUrl } from '@meshplane/core/router/internals';
 * console.log(parseMeshUrl('http://Jazz.prod.svc.cluster.local:9080/a?b=1'));
 * // { scheme: 'http', host: 'jazz.prod.svc.cluster.local', explicitPort: 9080, path: '/a', query: 'b=1' }
 * ```
 */
export function parseMeshUrl(input: string | URL): ParsedUrl {
  const out: ParsedUrl = { scheme: 'http', host: '', explicitPort: undefined, path: '/', query: '' };
  if (typeof input !== 'string' || !parseInto(input, out)) return fromUrl(toUrl(input));
  return out;
}

const URL_RULE = 'must be an absolute http:// or https:// URL whose host is a virtual service name';

/** The WHATWG parse of a URL the fast path handed over, with a clear error when it is not one. */
function toUrl(input: unknown): URL {
  if (input instanceof URL) return input;
  if (typeof input !== 'string')
    throw new InvalidRequestError('url', input, `${URL_RULE} (a string or a URL)`);
  try {
    return new URL(input);
  } catch (cause) {
    throw new InvalidRequestError('url', input, `is not a valid URL: it ${URL_RULE}`, { cause });
  }
}

// '"', '<', '>', '\\', '^', '`', '{', '|', '}': percent-encoded (or rewritten) by the WHATWG parser.
const UNSAFE_PATH_CHARS = new Uint8Array(128);
for (const c of '"<>\\^`{|}') UNSAFE_PATH_CHARS[c.charCodeAt(0)] = 1;

/** The fast path of {@link parseMeshUrl}; false when the URL needs the WHATWG parser. */
function parseInto(input: string, out: ParsedUrl): boolean {
  let i: number;
  if (input.startsWith('http://')) {
    out.scheme = 'http';
    i = 7;
  } else if (input.startsWith('https://')) {
    out.scheme = 'https';
    i = 8;
  } else {
    return false;
  }
  const hostStart = i;
  let colon = -1;
  let upper = false;
  const n = input.length;
  for (; i < n; i++) {
    const c = input.charCodeAt(i);
    // '/', '?', '#' end the authority.
    if (c === 47 || c === 63 || c === 35) break;
    if (c === 58) colon = i;
    else if (c >= 65 && c <= 90) upper = true;
    // '@', '[', '%', '\\': userinfo, IPv6 literals and escapes go to the WHATWG parser.
    else if (c === 64 || c === 91 || c === 37 || c === 92) return false;
  }
  const authorityEnd = i;
  const hostEnd = colon >= 0 ? colon : authorityEnd;
  if (hostEnd === hostStart) throw new InvalidRequestError('url', input, `has no host: it ${URL_RULE}`);
  const host = input.slice(hostStart, hostEnd);
  out.host = upper ? host.toLowerCase() : host;
  if (colon >= 0 && colon + 1 < authorityEnd) {
    let port = 0;
    for (let k = colon + 1; k < authorityEnd; k++) {
      const d = input.charCodeAt(k) - 48;
      if (d < 0 || d > 9 || k - colon > 5) throw badPort(input, input.slice(colon + 1, authorityEnd));
      port = port * 10 + d;
    }
    if (port > 65535) throw badPort(input, String(port));
    out.explicitPort = port;
  }
  if (authorityEnd === n) return true;
  // Dot segments, spaces, controls, non-ASCII and characters the WHATWG parser percent-encodes:
  // let it normalise them, so that the path matched is the path sent.
  for (let k = authorityEnd; k < n; k++) {
    const c = input.charCodeAt(k);
    if (c <= 32 || c >= 127 || UNSAFE_PATH_CHARS[c] === 1) return false;
    if (c === 47 && input.charCodeAt(k + 1) === 46) return false;
  }
  let hash = input.indexOf('#', authorityEnd);
  if (hash < 0) hash = n;
  const q = input.indexOf('?', authorityEnd);
  if (q >= 0 && q < hash) {
    out.path = q === authorityEnd ? '/' : input.slice(authorityEnd, q);
    out.query = input.slice(q + 1, hash);
  } else {
    out.path = hash === authorityEnd ? '/' : input.slice(authorityEnd, hash);
  }
  return true;
}

function badPort(input: string, port: string): InvalidRequestError {
  return new InvalidRequestError(
    'url',
    input,
    `has an invalid port "${port}": a port is an integer from 0 to 65535`,
  );
}

function fromUrl(url: URL): ParsedUrl {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidRequestError(
      'url',
      url.href,
      `has an unsupported URL scheme "${url.protocol}": the mesh router speaks http and https`,
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

/**
 * Flattens any accepted header shape to a lower-cased record (several values joined by `,`).
 *
 * @example
 * ```ts
 * import { normalizeHeaders } from '@meshplane/core/router/internals';
 * console.log(normalizeHeaders([['Accept', 'a'], ['accept', 'b']])); // { accept: 'a,b' }
 * ```
 */
export function normalizeHeaders(headers: HeadersInput | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const add = (key: string, value: string) => {
    if (typeof key !== 'string' || typeof value !== 'string') throw badHeader(key, value);
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
      else add(k, v as string);
    }
  }
  return out;
}

/** True for a plain object whose keys are all lower-case: headers can then be read directly. */
function isLowerCaseRecord(headers: object): boolean {
  const proto = Object.getPrototypeOf(headers);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in headers) {
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 65 && c <= 90) return false;
    }
  }
  return true;
}

class View implements RequestView, ParsedUrl {
  method: string;
  scheme: 'http' | 'https' = 'http';
  host = '';
  explicitPort: number | undefined = undefined;
  port: number;
  path = '/';
  query = '';
  private readonly rawHeaders: HeadersInput | undefined;
  private directHeaders: boolean | undefined;
  private headerMap: Record<string, string> | undefined;
  private params: URLSearchParams | undefined;

  constructor(url: string | URL, method: string, headers: HeadersInput | undefined) {
    if (typeof url !== 'string' || !parseInto(url, this)) {
      const parsed = fromUrl(toUrl(url));
      this.scheme = parsed.scheme;
      this.host = parsed.host;
      this.explicitPort = parsed.explicitPort;
      this.path = parsed.path;
      this.query = parsed.query;
    }
    this.method = method;
    this.port = this.explicitPort ?? (this.scheme === 'https' ? 443 : 80);
    if (headers !== undefined && (headers === null || typeof headers !== 'object')) {
      throw new InvalidRequestError(
        'headers',
        headers,
        'must be a plain object, a Headers or an iterable of [name, value] pairs',
      );
    }
    this.rawHeaders = headers;
  }

  header(lowerCaseName: string): string | undefined {
    const raw = this.rawHeaders;
    if (raw === undefined) return undefined;
    if (this.headerMap === undefined) {
      // Most callers pass a plain object with lower-case names: read it as is, no copy.
      this.directHeaders ??= isLowerCaseRecord(raw);
      if (this.directHeaders) {
        const v = (raw as Record<string, unknown>)[lowerCaseName];
        if (typeof v === 'string' || v === undefined) return v;
        // Inherited properties (`constructor`, …) are not headers.
        if (!Object.hasOwn(raw, lowerCaseName)) return undefined;
        if (Array.isArray(v) && v.every((item) => typeof item === 'string')) return v.join(',');
        throw badHeader(lowerCaseName, v);
      }
      this.headerMap = normalizeHeaders(raw);
    }
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
 * import { requestView } from '@meshplane/core/router/internals';
 * const view = requestView({ url: 'http://metal.prod.svc.cluster.local/', method: 'post' });
 * console.log(view.method, view.port); // POST 80
 * ```
 */
export function requestView(input: RequestViewInput): RequestView {
  return new View(input.url, checkedMethod(input.method), input.headers);
}

/**
 * {@link requestView} without the options object, for the router's hot path.
 *
 * @example
 * ```ts
 * import { createView } from '@meshplane/core/router/internals';
 * console.log(createView('http://svc.local/a', 'post', undefined).method); // 'POST'
 * ```
 */
export function createView(
  url: string | URL,
  method: string | undefined,
  headers: HeadersInput | undefined,
): RequestView {
  return new View(url, method === undefined ? 'GET' : checkedMethod(method), headers);
}

// RFC 9110 section 9.1: a method is a token (tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA).
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The upper-cased method, or an {@link InvalidRequestError} naming it. */
function checkedMethod(method: unknown): string {
  if (method === undefined) return 'GET';
  if (typeof method !== 'string' || !METHOD_TOKEN.test(method)) {
    throw new InvalidRequestError(
      'method',
      method,
      'must be an HTTP method token such as "GET" or "POST" (RFC 9110)',
    );
  }
  return method.toUpperCase();
}

/**
 * The error for a header whose value is not a string (or, in a plain object, an array of strings).
 *
 * @example
 * ```ts
 * import { badHeader } from './request-view.js';
 * throw badHeader('x-count', 5); // headers.x-count: 5 must be a string …
 * ```
 */
export function badHeader(name: unknown, value: unknown): InvalidRequestError {
  if (typeof name !== 'string') {
    return new InvalidRequestError('headers', name, 'has a header name that is not a string');
  }
  return new InvalidRequestError(
    `headers.${name}`,
    value,
    'must be a string (or, in a plain object, an array of strings)',
  );
}
