/**
 * Per-call limits for the OpenCode SDK client: time, and no redirects.
 *
 * Time. The SDK has no timeout: a host that accepts the
 * connection and then never answers (a stalled proxy, a half-open TCP connection after a network
 * change, a server stuck on a lock) would leave a screen "Loading…" and a "Sending…" button locked
 * forever. This wraps the client's `fetch` with two limits:
 *
 * - **answer**: the response headers must arrive within `headersMs`;
 * - **silence**: after that, the body must keep arriving, with no gap longer than `idleMs`. A slow
 *   but moving download (a 20 MB transcript on a weak network) is not cut off; a stuck one is.
 *   The body is read in full here (the SDK reads every REST answer in full anyway) and the
 *   response handed on with it, so a limit that passes while it arrives rejects the call itself.
 *
 * The event stream (`Accept: text/event-stream`) gets no time limit: it is meant to stay open,
 * and event-stream.ts watches its heartbeats instead.
 *
 * Redirects. Every request is sent with `redirect: 'manual'` (the SDK asks for `follow`).
 * OpenCode never redirects its API; a redirect means a captive portal, a proxy or a moved host.
 * Following one would send the request to another origin, and in a browser a cross-origin
 * redirect without CORS headers fails as an anonymous network error ("unreachable"), while a
 * manual one arrives as an `opaqueredirect` that `unwrap` names ("answered with a redirect").
 * Credentialed requests are refused on a redirect by `authorizedFetch` itself.
 *
 * Responses pass through unchanged, except that an HTML page's bare `text/html` type gets a
 * charset (see below), so the SDK hands error pages to `unwrap` with their status.
 *
 * On a limit the request is aborted and the call rejects with a {@link HostError} `timeout` that
 * names the request, which `unwrap` passes through unchanged.
 */
import { HostError } from './errors';

/** Time limits for one request, in ms. */
export interface TimeoutBudget {
  /** Until the response headers arrive. */
  headersMs: number;
  /** Longest gap between two chunks of the body. */
  idleMs: number;
}

/** Reads: listing sessions, messages, files. Writes: prompt, reply, abort, create. */
export const DEFAULT_BUDGETS = {
  read: { headersMs: 15_000, idleMs: 15_000 },
  write: { headersMs: 30_000, idleMs: 15_000 },
} as const satisfies Record<string, TimeoutBudget>;

/**
 * The budget for a request, or undefined for none (the event stream).
 * GET/HEAD get {@link DEFAULT_BUDGETS.read}; other methods {@link DEFAULT_BUDGETS.write}.
 */
export function budgetFor(request: Request): TimeoutBudget | undefined {
  if (/text\/event-stream/i.test(request.headers.get('accept') ?? '')) return undefined;
  return request.method === 'GET' || request.method === 'HEAD' ? DEFAULT_BUDGETS.read : DEFAULT_BUDGETS.write;
}

function timeoutError(request: Request, phase: 'answer' | 'silence', ms: number): HostError {
  const what = `${request.method} ${new URL(request.url).pathname}`;
  const seconds = ms >= 1000 ? Math.round(ms / 1000) : ms / 1000;
  return phase === 'answer'
    ? new HostError(
        'timeout',
        `${what} got no answer within ${seconds} s.`,
        'The host may be busy or the network slow: check the connection status at the top, then try again.',
      )
    : new HostError(
        'timeout',
        `${what} stopped sending its answer (nothing for ${seconds} s).`,
        'The connection may have dropped: check the connection status at the top, then try again.',
      );
}

/** Statuses whose responses have no body (a Response with one of them cannot be rebuilt with a body). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Returns a `fetch` that enforces {@link budgetFor}'s limits (or `budget`'s, in tests) on every
 * request. A caller's own abort signal still works and wins.
 *
 * @throws {HostError} `timeout` (rejected promise) when a limit passes.
 */
export function withTimeouts(
  baseFetch: typeof fetch = (...args) => fetch(...args),
  budget: (request: Request) => TimeoutBudget | undefined = budgetFor,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const limits = budget(request);
    if (!limits) return baseFetch(new Request(request, { redirect: 'manual' }));
    const controller = new AbortController();
    const fail = (phase: 'answer' | 'silence', ms: number) => controller.abort(timeoutError(request, phase, ms));
    let timer = setTimeout(() => fail('answer', limits.headersMs), limits.headersMs);
    let response: Response;
    try {
      response = await baseFetch(
        new Request(request, { redirect: 'manual', signal: AbortSignal.any([request.signal, controller.signal]) }),
      );
    } catch (error) {
      clearTimeout(timer);
      // Our limit, not the network: say so (fetch rejects with the abort reason, but not every
      // fetch implementation passes the reason through).
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    }
    clearTimeout(timer);
    if (
      !response.body ||
      response.type === 'opaqueredirect' ||
      (response.status >= 300 && response.status < 400) ||
      NULL_BODY.has(response.status)
    )
      return response;

    // The body is read here, under the silence limit, and handed on whole: a browser reports any
    // failure of a body stream the SDK reads as a bare "TypeError: Failed to fetch" (Chromium),
    // which would hide that it was a timeout. Only the event stream is consumed incrementally,
    // and it has no limits here.
    const reader = response.body.getReader();
    const onAbort = () => void reader.cancel().catch(() => undefined);
    controller.signal.addEventListener('abort', onAbort, { once: true });
    request.signal.addEventListener('abort', onAbort, { once: true });
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        timer = setTimeout(() => fail('silence', limits.idleMs), limits.idleMs);
        const { done, value } = await reader.read();
        clearTimeout(timer);
        // A cancelled read ends as "done": an abort decides, not the stream.
        if (controller.signal.aborted) throw controller.signal.reason;
        if (request.signal.aborted) throw request.signal.reason;
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
      }
    } catch (error) {
      clearTimeout(timer);
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      controller.signal.removeEventListener('abort', onAbort);
      request.signal.removeEventListener('abort', onAbort);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const headers = new Headers(response.headers);
    // The SDK throws a bare Error for a content type of exactly `text/html` (its response
    // interceptor, @opencode-ai/sdk dist/v2/client.js), which hides the status: nginx's 502 page
    // would read as "unreachable". With a charset it passes the page on, and `unwrap` says
    // "answered 502: a web page titled …" or, for a 2xx, "answered a web page instead of data".
    if (headers.get('content-type')?.trim().toLowerCase() === 'text/html')
      headers.set('content-type', 'text/html; charset=utf-8');
    const wrapped = new Response(bytes, { status: response.status, statusText: response.statusText, headers });
    // A rebuilt Response starts with no URL and `redirected: false`; `unwrap` reads both to notice
    // an answer that came from another origin.
    Object.defineProperties(wrapped, { url: { value: response.url }, redirected: { value: response.redirected } });
    return wrapped;
  };
}
