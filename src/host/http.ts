/**
 * The one place that calls `fetch`. Adds credentials only for the origin they belong to, applies
 * timeouts, and turns failures into {@link HostError}s.
 */
import { HostError, messageFromBody } from './errors';

/** The Authorization header value and the single origin allowed to receive it. */
export interface Authorization {
  origin: string;
  header: string;
}

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
 * Returns a `fetch` that adds `Authorization` to requests whose URL origin equals
 * `auth.origin` and to no other: a token never reaches another origin, even when a host
 * hands over an engine URL on a different port. Never sends cookies (`credentials: 'omit'`).
 */
export function authorizedFetch(auth: Authorization | undefined, baseFetch: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.delete('authorization');
    if (auth && new URL(request.url).origin === auth.origin) headers.set('authorization', auth.header);
    return baseFetch(new Request(request, { headers, credentials: 'omit' }));
  };
}

/** The outcome of one HTTP attempt, before any interpretation. */
export type Attempt =
  | { type: 'response'; status: number; contentType: string; text: string; json: unknown; isJson: boolean; wwwAuthenticate: string | null }
  | { type: 'network'; error: unknown }
  | { type: 'timeout' }
  | { type: 'aborted' };

/**
 * Sends one request and reads the whole body. Never throws: network failures, timeouts and
 * aborts become values so the probe can reason about them.
 *
 * @param timeoutMs gives up after this many ms (default 8000).
 */
export async function attempt(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Attempt> {
  const { timeoutMs = 8000, signal, ...rest } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetchImpl(url, { ...rest, signal: combined });
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
    return { type: 'response', status: response.status, contentType, text, json, isJson, wwwAuthenticate: response.headers.get('www-authenticate') };
  } catch (error) {
    if (timeout.aborted) return { type: 'timeout' };
    if (signal?.aborted) return { type: 'aborted' };
    return { type: 'network', error };
  }
}

/**
 * Sends a JSON request and returns the parsed body.
 *
 * @throws {HostError} `unauthorized` (401), `forbidden` (403), `not-found` (404), `conflict`
 *   (409/412), `server-error` (5xx), `bad-response` (not JSON), `timeout`, `unreachable`.
 */
export async function requestJson<T>(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const result = await attempt(fetchImpl, url, { ...init, headers });
  const what = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
  if (result.type === 'timeout') throw new HostError('timeout', `${what} timed out.`, 'Check that the host is running and reachable from this device.');
  if (result.type === 'aborted') throw new HostError('aborted', `${what} was cancelled.`, '');
  if (result.type === 'network') throw new HostError('unreachable', `${what} failed: the host could not be reached.`, 'Check the network and that the host is running.', { cause: result.error });
  if (result.status >= 200 && result.status < 300) {
    if (result.text === '') return undefined as T;
    if (result.json === undefined) throw new HostError('bad-response', `${what} did not answer JSON.`, 'Check that the URL points at the right server.', { status: result.status });
    return result.json as T;
  }
  throw errorForStatus(what, result.status, result.json);
}

/** Maps a non-2xx answer to a {@link HostError} with the host's own message when it sent one. */
export function errorForStatus(what: string, status: number, body: unknown): HostError {
  const hostMessage = messageFromBody(body);
  const detail = hostMessage ? `: ${hostMessage}` : '';
  const options = { status, body };
  if (status === 401) return new HostError('unauthorized', `${what} answered 401${detail}.`, 'The token or password was not accepted: check it, or pair again with a new one.', options);
  if (status === 403) return new HostError('forbidden', `${what} answered 403${detail}.`, 'This token is not allowed to do that; ask the host owner for a token with more scope.', options);
  if (status === 404) return new HostError('not-found', `${what} answered 404${detail}.`, 'It may have been removed or answered elsewhere; refresh to see the current state.', options);
  if (status === 409 || status === 412) return new HostError('conflict', `${what} answered ${status}${detail}.`, 'Someone else changed it meanwhile; reload and try again.', options);
  if (status >= 500) return new HostError('server-error', `${what} answered ${status}${detail}.`, 'The host had a problem; try again shortly.', options);
  return new HostError('bad-response', `${what} answered ${status}${detail}.`, 'Check the input and try again.', options);
}
