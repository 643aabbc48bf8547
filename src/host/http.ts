/**
 * The one place that calls `fetch`. Adds credentials only for the origin they belong to, applies
 * timeouts, and turns failures into {@link HostError}s.
 */
import { HostError, messageFromBody } from './errors';

/**
 * The credentials one request may carry, and the single origin allowed to receive them.
 * Built only by `auth.ts`; {@link authorizedFetch} is the only code that turns it into headers.
 */
export interface Authorization {
  /** `scheme://host:port` of the one origin these headers may go to. */
  origin: string;
  /** The `Authorization` header value (`Bearer …` or `Basic …`), if any. */
  header?: string;
  /** The OpenWork host token (`X-OpenWork-Host-Token`), for owner routes only. */
  hostToken?: string;
}

/** Request headers that carry a credential: only {@link authorizedFetch} may set them. */
export const CREDENTIAL_HEADERS = ['authorization', 'x-openwork-host-token'] as const;

/** `Basic base64(user:pass)`, UTF-8 safe. */
export function basicAuthHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** `Bearer <token>`. */
export function bearerAuthHeader(token: string): string {
  return `Bearer ${token}`;
}

/**
 * True for a redirect answer that was not followed: a 3xx status, or the `opaqueredirect` a
 * browser returns for `redirect: 'manual'`. Used by every caller that must not hand a redirect on.
 */
export function isRedirect(response: Response): boolean {
  // `opaqueredirect` is what a browser returns for `redirect: 'manual'`; Node's fetch returns the
  // 3xx itself. 304 is a cache answer, not a redirect.
  return (
    response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304)
  );
}

/**
 * Returns a `fetch` that adds the credentials in `auth` to requests whose URL origin equals
 * `auth.origin` and to no other: a token never reaches another origin, even when a host hands
 * over an engine URL on a different port. Every credential header a caller set itself
 * ({@link CREDENTIAL_HEADERS}) is removed first, so nothing else can route a token.
 *
 * - Never sends cookies (`credentials: 'omit'`).
 * - A request that carries credentials does not follow redirects (`redirect: 'manual'`): a
 *   browser keeps custom headers such as `X-OpenWork-Host-Token` across a cross-origin
 *   redirect, so following one could hand the token to another origin. A redirect answer
 *   rejects with {@link redirectError} (`bad-response`), which names at most the target's origin.
 * - A URL that carries user info (`http://user:pass@…`) is refused before anything is sent.
 *
 * @throws {HostError} `bad-response` (rejected promise) for a redirect or a URL with user info.
 */
export function authorizedFetch(
  auth: Authorization | undefined,
  baseFetch: typeof fetch = (...args) => fetch(...args),
): typeof fetch {
  const userInfo = (what: string) =>
    new HostError(
      'bad-response',
      `${what} was not sent: the address contains a user name or password.`,
      'Pair again with an address without "user:password@"; put the password in the token field.',
    );
  return async (input, init) => {
    let request: Request;
    try {
      request = new Request(input, init);
    } catch {
      // Browsers refuse `http://user:pass@…` here, and their message quotes the whole URL: keep
      // neither the message nor the cause, so the password cannot surface in a log.
      throw userInfo('The request');
    }
    const url = new URL(request.url);
    const what = `${request.method} ${url.pathname}`;
    if (url.username || url.password) throw userInfo(what);
    const headers = new Headers(request.headers);
    for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    const allowed = auth !== undefined && url.origin === auth.origin;
    if (allowed && auth.header) headers.set('authorization', auth.header);
    if (allowed && auth.hostToken) headers.set('x-openwork-host-token', auth.hostToken);
    const credentialed = allowed && Boolean(auth.header || auth.hostToken);
    const response = await baseFetch(
      new Request(request, { headers, credentials: 'omit', ...(credentialed ? { redirect: 'manual' as const } : {}) }),
    );
    // Not followed, and not handed on either: the SDK would read a redirect as an empty answer.
    if (credentialed && isRedirect(response))
      throw redirectError(what, request.url, response.status, response.headers.get('location') ?? undefined);
    return response;
  };
}

/** The outcome of one HTTP attempt, before any interpretation. */
export type Attempt =
  | {
      type: 'response';
      status: number;
      contentType: string;
      text: string;
      json: unknown;
      isJson: boolean;
      wwwAuthenticate: string | null;
      retryAfter: string | null;
    }
  /** A 3xx, not followed. `location` is known only outside browsers (a browser hides it). */
  | { type: 'redirect'; status: number; location: string | undefined }
  | { type: 'network'; error: unknown }
  | { type: 'timeout' }
  | { type: 'aborted' };

/**
 * Sends one request and reads the whole body. Never throws: network failures, timeouts and
 * aborts become values so the probe can reason about them. Redirects are not followed (unless the
 * caller passes `redirect`): a host that answers with one is reported as a `redirect`, because a
 * captive portal or a moved server is not the host the user paired with.
 *
 * @param timeoutMs gives up after this many ms (default 8000).
 */
export async function attempt(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Attempt> {
  const { timeoutMs = 8000, signal, redirect = 'manual', ...rest } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetchImpl(url, { ...rest, redirect, signal: combined });
    if (isRedirect(response)) {
      // Nothing of a redirect's body is of use; free the connection.
      await response.body?.cancel().catch(() => undefined);
      return { type: 'redirect', status: response.status, location: response.headers.get('location') ?? undefined };
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown = undefined;
    let isJson = false;
    if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
      try {
        json = JSON.parse(text);
        isJson = /json/i.test(contentType);
      } catch {
        // Not JSON after all: callers look at isJson/json and treat it as "not a JSON answer".
        json = undefined;
      }
    }
    return {
      type: 'response',
      status: response.status,
      contentType,
      text,
      json,
      isJson,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    if (timeout.aborted) return { type: 'timeout' };
    if (signal?.aborted) return { type: 'aborted' };
    return { type: 'network', error };
  }
}

/**
 * Sends a JSON request and returns the parsed body, unread: its shape is not trusted, so the
 * caller reads it (see `openwork/client.ts` and `shapes.ts`). An empty 2xx body is `undefined`.
 *
 * @throws {HostError} `unauthorized` (401), `forbidden` (403), `not-found` (404), `conflict`
 *   (409/412), `server-error` (5xx), `bad-response` (not JSON), `timeout`, `unreachable`.
 */
export async function requestJson(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<unknown> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const result = await attempt(fetchImpl, url, { ...init, headers });
  const what = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
  if (result.type === 'timeout')
    throw new HostError(
      'timeout',
      `${what} timed out.`,
      'Check that the host is running and reachable from this device.',
    );
  if (result.type === 'aborted') throw new HostError('aborted', `${what} was cancelled.`, '');
  // A HostError here is authorizedFetch refusing (a redirect, user info in the URL): keep its words.
  if (result.type === 'network' && result.error instanceof HostError) throw result.error;
  if (result.type === 'network')
    throw new HostError(
      'unreachable',
      `${what} failed: the host could not be reached.`,
      'Check the network and that the host is running.',
      { cause: result.error },
    );
  if (result.type === 'redirect') throw redirectError(what, url, result.status, result.location);
  if (result.status >= 200 && result.status < 300) {
    if (result.text === '') return undefined;
    if (result.json === undefined)
      throw new HostError(
        'bad-response',
        `${what} did not answer JSON.`,
        'Check that the URL points at the right server.',
        { status: result.status },
      );
    return result.json;
  }
  throw errorForStatus(what, result.status, result.json, result.retryAfter);
}

/**
 * A redirect the app did not follow. Says where it pointed when that is known and on another
 * origin (a browser hides a manual redirect's target).
 */
export function redirectError(what: string, url: string, status: number, location: string | undefined): HostError {
  let target = '';
  if (location) {
    try {
      const to = new URL(location, url);
      target =
        to.origin === new URL(url).origin
          ? ` (to ${to.pathname} on the same server)`
          : ` to another address (${to.origin})`;
    } catch {
      // An unparsable Location names nothing useful: say "a redirect" without a target.
    }
  }
  return new HostError(
    'bad-response',
    `${what} answered with a redirect${target}, which the app does not follow.`,
    'If this network shows a sign-in page (hotel, café or guest Wi-Fi), open any website in a browser tab and sign in, then try again. If the server moved, pair with its new address.',
    status ? { status } : {},
  );
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), capped at an hour. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - now) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(seconds, 3600);
}

/**
 * Maps a non-2xx answer to a {@link HostError} with the host's own message when it sent one (a
 * web page is named by its title, long text is clipped). `retryAfter` is the `Retry-After`
 * header, used in the advice for 429 and 503.
 */
export function errorForStatus(what: string, status: number, body: unknown, retryAfter?: string | null): HostError {
  const hostMessage = messageFromBody(body);
  const detail = hostMessage ? `: ${hostMessage}` : '';
  const options = { status, body };
  const wait = retryAfterSeconds(retryAfter);
  const waitFor = (fallback: string) => (wait !== undefined ? `${wait} s` : fallback);
  if (status === 401)
    return new HostError(
      'unauthorized',
      `${what} answered 401${detail}.`,
      'The token or password was not accepted: check it, or pair again with a new one.',
      options,
    );
  if (status === 403)
    return new HostError(
      'forbidden',
      `${what} answered 403${detail}.`,
      'This token is not allowed to do that; ask the host owner for a token with more scope.',
      options,
    );
  if (status === 404)
    return new HostError(
      'not-found',
      `${what} answered 404${detail}.`,
      'It may have been removed or answered elsewhere; refresh to see the current state.',
      options,
    );
  if (status === 409 || status === 412)
    return new HostError(
      'conflict',
      `${what} answered ${status}${detail}.`,
      'Someone else changed it meanwhile; reload and try again.',
      options,
    );
  if (status === 429)
    return new HostError(
      'rate-limited',
      `${what} answered 429 (too many requests)${detail}.`,
      `The host (or a proxy in front of it) is limiting requests: wait ${waitFor('a minute')}, then try again.`,
      options,
    );
  if (status === 502 || status === 504)
    return new HostError(
      'server-error',
      `${what} answered ${status}${detail}.`,
      'A proxy in front of OpenCode could not get an answer from it: OpenCode may be stopped or restarting. Wait a few seconds and try again; if it persists, restart OpenCode on the host.',
      options,
    );
  if (status === 503)
    return new HostError(
      'server-error',
      `${what} answered 503${detail}.`,
      `The host is starting up or overloaded: try again in ${waitFor('a few seconds')}.`,
      options,
    );
  if (status >= 500)
    return new HostError(
      'server-error',
      `${what} answered ${status}${detail}.`,
      "The host had a problem; try again shortly. If it keeps happening, check the host's logs.",
      options,
    );
  return new HostError(
    'bad-response',
    `${what} answered ${status}${detail}.`,
    'Check the input and try again.',
    options,
  );
}
