import { shown } from './value-text.js';

/** What replaces the user information (`user:password`) of a URL. */
export const REDACTED_CREDENTIALS = '<redacted>';

// A URL's user information runs from `scheme://` to the last `@` before the host (WHATWG URL);
// it stops at a path, query, fragment, white space or a quote (the end of a JSON string).
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"]*@/gi;

/**
 * Hides the user information of every URL in a text: `https://admin:s3cr3t@host/` becomes
 * `https://<redacted>@host/`. Error messages, failure reasons and log lines go through it, so a
 * password pasted into a URL property never reaches CloudWatch Logs or the stack events.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * redactUrlCredentials('bad FunctionUrl "https://admin:s3cr3t@abc.lambda-url.us-east-1.on.aws/"');
 * // 'bad FunctionUrl "https://<redacted>@abc.lambda-url.us-east-1.on.aws/"'
 * ```
 */
export function redactUrlCredentials(text: string): string {
  if (typeof text !== 'string') return redactUrlCredentials(shown(text));
  return text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${REDACTED_CREDENTIALS}@`) : text;
}

/**
 * The user information of every URL found in the string values of `sources` (walked without
 * recursion), as the raw text and as it appears inside a JSON string: what must be hidden even
 * where the URL itself is cut or quoted so that the pattern above no longer sees it.
 *
 * @example
 * ```ts
 * urlCredentialsIn({ FunctionUrl: 'https://admin:pa"ss@host/' }); // ['admin:pa\\"ss', 'admin:pa"ss']
 * ```
 */
export function urlCredentialsIn(...sources: unknown[]): string[] {
  const found = new Set<string>();
  const stack = [...sources];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!value.includes('@')) continue;
      for (const match of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/gi)) {
        const userInfo = match[1]!;
        if (userInfo.length === 0) continue;
        found.add(userInfo);
        found.add(JSON.stringify(userInfo).slice(1, -1));
      }
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value !== null && typeof value === 'object') stack.push(...Object.values(value));
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * A text filter that hides the given credentials wherever they appear, then every URL's user
 * information.
 *
 * @example
 * ```ts
 * const hide = credentialScrubber(['admin:s3cr3t']);
 * hide('user admin:s3cr3t at https://x:y@host/'); // 'user <redacted> at https://<redacted>@host/'
 * ```
 */
export function credentialScrubber(credentials: readonly string[]): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of credentials)
      if (out.includes(secret)) out = out.split(secret).join(REDACTED_CREDENTIALS);
    return redactUrlCredentials(out);
  };
}
