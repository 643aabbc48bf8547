/** Turns the SDK's `{data, error, response}` results into data or a {@link HostError}. */
import { HostError } from './errors';
import { errorForStatus, isRedirect, redirectError } from './http';

/** The shape every `@opencode-ai/sdk` v2 call resolves to (without `throwOnError`). */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
  request?: Request;
}

/** A thrown or returned failure that is not an HTTP answer, as a {@link HostError}. */
function failureWithoutAnswer(error: unknown, what: string, unreachable: string): HostError {
  // Our own fetch wrappers (timeouts.ts, authorizedFetch) already say what happened.
  if (error instanceof HostError) return error;
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return new HostError(
      'timeout',
      `${what} got no answer in time.`,
      'The host may be busy or the network slow; check the connection and try again.',
      { cause: error },
    );
  if (error instanceof DOMException && error.name === 'AbortError')
    return new HostError('aborted', `${what} was cancelled.`, '', { cause: error });
  // The SDK's own refusal of a bare `text/html` answer (timeouts.ts avoids it by adding a charset).
  if (error instanceof Error && /responded with text\/html/.test(error.message)) {
    return new HostError(
      'bad-response',
      `${what} answered a web page instead of data.`,
      'A proxy, a sign-in page of this network or an error page (for example from a stopped OpenCode) is answering: open any website in a browser tab to check, then try again.',
      { cause: error },
    );
  }
  // The SDK parses a 2xx JSON answer itself; a body that is not JSON throws a SyntaxError.
  if (error instanceof SyntaxError)
    return new HostError(
      'bad-response',
      `${what} answered something that is not valid JSON.`,
      'A proxy or a sign-in page of this network may be answering instead of the host; check the address and try again.',
      { cause: error },
    );
  return new HostError('unreachable', `${what} failed: ${unreachable}.`, 'Check the connection, then try again.', {
    cause: error,
  });
}

/**
 * Awaits an SDK call and returns its data.
 *
 * @param what names the call in the error, e.g. `"POST /session/{id}/prompt_async"`.
 * @throws {HostError} `unreachable` when no answer came, `timeout` when it came too late (see
 *   timeouts.ts), `bad-response` for a redirect, a web page or invalid JSON where data was
 *   expected, or the status-mapped error (401 `unauthorized`, 404 `not-found`, 429
 *   `rate-limited`, 5xx `server-error`, …) with the server's message.
 */
export async function unwrap<T>(call: Promise<SdkResult<T>>, what: string): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw failureWithoutAnswer(error, what, 'the host could not be reached');
  }
  const response = result.response;
  if (!response) {
    if (result.error !== undefined) throw failureWithoutAnswer(result.error, what, 'no answer from the host');
    return result.data as T;
  }
  const requested = result.request?.url ?? response.url;
  if (isRedirect(response))
    throw redirectError(
      what,
      requested || 'http://invalid/',
      response.status,
      response.headers.get('location') ?? undefined,
    );
  // A fetch that follows redirects (any without `withTimeouts`, which sends `redirect: 'manual'`)
  // may end on another origin: that answer is not the host's.
  if (response.redirected && requested && response.url && new URL(response.url).origin !== new URL(requested).origin) {
    throw redirectError(what, requested, 0, response.url);
  }
  const status = response.status;
  if (result.error !== undefined || status >= 400) {
    throw errorForStatus(what, status, result.error, response.headers.get('retry-after'));
  }
  // Every OpenCode route answers JSON (or nothing); a web page means something else answered.
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new HostError(
      'bad-response',
      `${what} answered a web page instead of data.`,
      'A proxy or a sign-in page of this network may be answering instead of the host: open any website in a browser tab to check, then try again.',
      { status },
    );
  }
  return result.data as T;
}
