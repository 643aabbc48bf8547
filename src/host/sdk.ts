/** Turns the SDK's `{data, error, response}` results into data or a {@link HostError}. */
import { HostError } from './errors';
import { errorForStatus } from './http';

/** The shape every `@opencode-ai/sdk` v2 call resolves to (without `throwOnError`). */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
  request?: Request;
}

/**
 * Awaits an SDK call and returns its data.
 *
 * @param what names the call in the error, e.g. `"POST /session/{id}/prompt_async"`.
 * @throws {HostError} `unreachable` when no answer came, or the status-mapped error
 *   (401 `unauthorized`, 404 `not-found`, 5xx `server-error`, …) with the server's message.
 */
export async function unwrap<T>(call: Promise<SdkResult<T>>, what: string): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof HostError) throw error;
    if (error instanceof DOMException && error.name === 'AbortError') throw new HostError('aborted', `${what} was cancelled.`, '', { cause: error });
    throw new HostError('unreachable', `${what} failed: the host could not be reached.`, 'Check the connection, then try again.', { cause: error });
  }
  const status = result.response?.status;
  if (result.error !== undefined || (status !== undefined && status >= 400)) {
    if (status === undefined) throw new HostError('unreachable', `${what} failed: no answer from the host.`, 'Check the connection, then try again.', { body: result.error });
    throw errorForStatus(what, status, result.error);
  }
  return result.data as T;
}
