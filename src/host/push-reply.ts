/**
 * A permission reply sent from the service worker: the same OpenCode route and credential rules as
 * the app's own reply (`POST /permission/:requestID/reply` `{"reply": "once"|"reject"}` on the
 * host's OpenCode target, with `?directory=` for a direct OpenCode server; through an OpenWork
 * host, its `/w/:id/opencode` proxy), but with plain `fetch`, because the SDK client and the
 * app's connection store do not run in a worker.
 */
import { opencodeAuthorization } from './auth';
import { HostError } from './errors';
import { authorizedFetch, requestJson } from './http';
import type { PushHostRecord } from './push-store';
import { joinUrl } from './url';

/** The two answers a notification offers (never "always"). */
export type NotificationReply = 'once' | 'reject';

/** How one reply from a notification ended. */
export type NotificationReplyOutcome =
  | { outcome: 'sent' }
  /** The host no longer knows the request (404): it was answered or withdrawn elsewhere. */
  | { outcome: 'answered-elsewhere'; detail: string }
  | { outcome: 'failed'; detail: string };

/** How long a reply from a notification may take before it counts as failed, in ms. */
const REPLY_TIMEOUT_MS = 15_000;

/**
 * Sends one permission reply for `host` and says how it ended. Never throws: every failure is an
 * outcome with a sentence naming the failing check and the next step.
 */
export async function replyFromNotification(
  host: PushHostRecord,
  requestId: string,
  reply: NotificationReply,
  baseFetch: typeof fetch = (...args) => fetch(...args),
): Promise<NotificationReplyOutcome> {
  const url = new URL(joinUrl(host.opencode.baseUrl, `/permission/${encodeURIComponent(requestId)}/reply`));
  if (host.kind === 'opencode' && host.opencode.directory) url.searchParams.set('directory', host.opencode.directory);
  try {
    await requestJson(authorizedFetch(opencodeAuthorization(host), baseFetch), url.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reply }),
      timeoutMs: REPLY_TIMEOUT_MS,
    });
    return { outcome: 'sent' };
  } catch (error) {
    if (error instanceof HostError && error.code === 'not-found')
      return { outcome: 'answered-elsewhere', detail: error.message };
    const detail =
      error instanceof HostError
        ? `${error.message} ${error.nextStep}`.trim()
        : `POST /permission/{id}/reply failed: ${String(error)}. Open the app to answer there.`;
    return { outcome: 'failed', detail };
  }
}
