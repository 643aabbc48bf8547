/**
 * What a push shows: pure, so the worker's choices (tag, actions, silence) are tested without a
 * browser. The tag of a request's notification is the one the app's own notifier uses for it
 * (`openwork:<hostId>:request:<requestID>`), so a push and an in-app notice of one request replace
 * each other instead of stacking, and Forget closes both.
 */
import { requestTag, sessionUrl } from '../notifications';
import type { PushPayload } from './payload';

/** Action id of "Allow once" on a permission notification. */
export const ALLOW_ONCE_ACTION = 'allow-once';
/** Action id of "Reject" on a permission notification. */
export const REJECT_ACTION = 'reject';

/** What travels with a push notification to `notificationclick`. */
export interface PushNoticeData {
  /** The app URL a tap opens, relative to the scope (see `sessionUrl`). */
  url: string;
  kind: PushPayload['kind'];
  host: string;
  hostId?: string;
  sessionID: string;
  requestID?: string;
  /** The request's words, for the confirmation and the decision log. */
  title: string;
  body: string;
}

/** A notification to show: `registration.showNotification(title, options)`. */
export interface PushNotice {
  title: string;
  options: {
    body: string;
    tag: string;
    data: PushNoticeData;
    actions?: { action: string; title: string }[];
    silent?: boolean;
    requireInteraction?: boolean;
    icon: string;
    badge: string;
  };
}

/** Who the push is for on this device: the paired host it names, if known, and its choice. */
export interface PushNoticeContext {
  /** The local id of the paired host with the payload's URL; undefined when none matches. */
  hostId?: string;
  /** The host's "Answer from the notification" choice. */
  answerFromNotification: boolean;
  /** Base URL of the app's icons (the worker's scope). */
  iconBase: string;
}

/** The tag of a push's notification: per request, else per session and kind. */
export function pushTag(payload: Pick<PushPayload, 'kind' | 'requestID' | 'sessionID'>, hostId?: string): string {
  const owner = hostId ?? 'unknown-host';
  if (payload.requestID) return requestTag(owner, payload.requestID);
  if (payload.kind === 'test') return 'openwork:test';
  return `openwork:${owner}:run:${payload.sessionID || 'unknown'}`;
}

/** The app URL a tap on a push's notification opens: the session (switching host), or the inbox. */
export function pushUrl(payload: Pick<PushPayload, 'sessionID' | 'kind'>, hostId?: string): string {
  if (payload.kind === 'test') return './#/hosts';
  if (hostId && payload.sessionID) return sessionUrl(hostId, payload.sessionID);
  return './#/inbox';
}

/**
 * The notification for a push. A permission request carries "Allow once" and "Reject" (never
 * "always") when the host is known and its "Answer from the notification" is on; a withdrawal
 * replaces the request's notification with a silent "Answered" one (a push must show something).
 */
export function noticeForPush(payload: PushPayload, context: PushNoticeContext): PushNotice {
  const data: PushNoticeData = {
    url: pushUrl(payload, context.hostId),
    kind: payload.kind,
    host: payload.host,
    ...(context.hostId ? { hostId: context.hostId } : {}),
    sessionID: payload.sessionID,
    ...(payload.requestID ? { requestID: payload.requestID } : {}),
    title: payload.title,
    body: payload.body,
  };
  const base = {
    tag: pushTag(payload, context.hostId),
    data,
    icon: `${context.iconBase}pwa-192x192.png`,
    badge: `${context.iconBase}notification-badge-96x96.png`,
  };
  if (payload.kind === 'withdraw')
    return {
      title: 'Answered',
      options: { ...base, body: payload.body || 'This request was answered or withdrawn elsewhere.', silent: true },
    };
  const title = payload.title || fallbackTitle(payload.kind);
  if (payload.kind === 'permission' && context.hostId && context.answerFromNotification)
    return {
      title,
      options: {
        ...base,
        body: payload.body,
        requireInteraction: true,
        actions: [
          { action: ALLOW_ONCE_ACTION, title: 'Allow once' },
          { action: REJECT_ACTION, title: 'Reject' },
        ],
      },
    };
  return { title, options: { ...base, body: payload.body } };
}

function fallbackTitle(kind: PushPayload['kind']): string {
  if (kind === 'permission') return 'A run needs your permission';
  if (kind === 'question') return 'A run asks a question';
  if (kind === 'done') return 'Run finished';
  if (kind === 'failed') return 'Run failed';
  return 'Notifications work';
}

/**
 * The tag of the notification that confirms an answer from a notification. Not the request's own
 * tag: an open app closes the request's tag as soon as the host reports the reply, which would
 * take the confirmation with it (the request's notification itself is closed by the tap).
 */
export function answerTag(requestTagValue: string): string {
  return `${requestTagValue}:answer`;
}

/** The notification that replaces a request's after an answer from it (quiet unless it failed). */
export function replyResultNotice(
  data: PushNoticeData,
  answer: 'once' | 'reject',
  result: { outcome: 'sent' | 'answered-elsewhere' | 'failed'; detail?: string },
  iconBase: string,
): PushNotice {
  const tag = answerTag(
    pushTag({ kind: data.kind, requestID: data.requestID, sessionID: data.sessionID }, data.hostId),
  );
  const base = {
    tag,
    data,
    icon: `${iconBase}pwa-192x192.png`,
    badge: `${iconBase}notification-badge-96x96.png`,
  };
  if (result.outcome === 'sent')
    return {
      title: answer === 'once' ? 'Allowed once' : 'Rejected',
      options: { ...base, body: data.title ? `${data.title}\n${data.body}`.trim() : data.body, silent: true },
    };
  if (result.outcome === 'answered-elsewhere')
    return {
      title: 'Already answered elsewhere',
      options: {
        ...base,
        body: 'The host no longer waits for this request. Open the app to see the run.',
        silent: true,
      },
    };
  return {
    title: 'Your answer was not delivered',
    options: {
      ...base,
      body: `${result.detail ?? 'The host could not be reached.'} The request waits in the app's inbox.`,
    },
  };
}
