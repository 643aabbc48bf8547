/**
 * The service worker's `push` and `notificationclick` handlers, written against a small fake-able
 * scope (`src/sw.ts` only wires them to the real one):
 * - `push`: one notification per request (see `push-notice.ts`), logged for the "While you were
 *   away" summary;
 * - `notificationclick` on `allow-once` / `reject`: the reply is sent from the worker itself with
 *   the device's stored credential, at most once per request (the attempt is recorded in
 *   IndexedDB before sending), and the notification is replaced by the outcome; the answer is
 *   logged so the app's decision log records it as answered from a notification;
 * - any other tap opens the app on the request.
 */
import type {
  NotificationReply,
  NotificationReplyOutcome,
  PushHostRecord,
  PushLogEntry,
  PushPrefs,
} from '@/host/worker';
import { openApp, type ClientsLike } from './open-app';
import { readPushPayload } from './payload';
import {
  ALLOW_ONCE_ACTION,
  noticeForPush,
  REJECT_ACTION,
  replyResultNotice,
  type PushNotice,
  type PushNoticeData,
} from './push-notice';

/** The registration, as far as showing notifications needs it. */
export interface RegistrationLike {
  scope: string;
  showNotification: (title: string, options: PushNotice['options']) => Promise<void>;
}

/** What the handlers read and write on the device (IndexedDB in the worker, fakes in tests). */
export interface PushStoreLike {
  findHost: (url: string) => Promise<PushHostRecord | undefined>;
  readPrefs: (hostId: string) => Promise<PushPrefs>;
  claim: (hostId: string, requestId: string, reply: string) => Promise<boolean>;
  appendLog: (entry: PushLogEntry) => Promise<void>;
}

/** Everything the handlers need from the worker. */
export interface PushWorkerDeps {
  registration: RegistrationLike;
  clients: ClientsLike;
  store: PushStoreLike;
  reply: (host: PushHostRecord, requestId: string, reply: NotificationReply) => Promise<NotificationReplyOutcome>;
}

/** The parts of a `PushEvent` used here. */
export interface PushEventLike {
  data: { json: () => unknown; text: () => string } | null;
  waitUntil: (work: Promise<unknown>) => void;
}

/** The parts of a `NotificationEvent` used here. */
export interface NotificationEventLike {
  action: string;
  notification: { data: unknown; close: () => void };
  waitUntil: (work: Promise<unknown>) => void;
}

function readJson(data: PushEventLike['data']): unknown {
  if (!data) return undefined;
  try {
    return data.json();
  } catch (error) {
    console.warn('push: the payload is not JSON', error);
    return undefined;
  }
}

function isNoticeData(data: unknown): data is PushNoticeData {
  return typeof data === 'object' && data !== null && typeof (data as { kind?: unknown }).kind === 'string';
}

async function logQuietly(store: PushStoreLike, entry: PushLogEntry): Promise<void> {
  // The log feeds a summary and the decision log; losing one line must not lose the notification.
  await store.appendLog(entry).catch((error: unknown) => console.warn('push: could not log', error));
}

/** Shows the notification for one push. Exported for tests; the `push` listener calls it. */
export async function handlePush(deps: PushWorkerDeps, json: unknown): Promise<void> {
  const { registration, store } = deps;
  const payload = readPushPayload(json);
  if (!payload) {
    // The platform requires a visible notification for every push (userVisibleOnly).
    await registration.showNotification('OpenWork', {
      body: 'Something happened on a paired host. Open the app to see it.',
      tag: 'openwork:unknown-push',
      data: { url: './#/inbox', kind: 'test', host: '', sessionID: '', title: '', body: '' },
      icon: `${registration.scope}pwa-192x192.png`,
      badge: `${registration.scope}notification-badge-96x96.png`,
    });
    return;
  }
  const host = await store.findHost(payload.host).catch((error: unknown) => {
    console.warn('push: could not read the paired hosts', error);
    return undefined;
  });
  const prefs = host ? await store.readPrefs(host.hostId).catch(() => undefined) : undefined;
  const notice = noticeForPush(payload, {
    ...(host ? { hostId: host.hostId } : {}),
    answerFromNotification: prefs?.answerFromNotification ?? true,
    iconBase: registration.scope,
  });
  await registration.showNotification(notice.title, notice.options);
  if (host && payload.kind !== 'test')
    await logQuietly(store, {
      at: payload.at,
      hostId: host.hostId,
      hostName: host.name,
      sessionID: payload.sessionID,
      ...(payload.requestID ? { requestID: payload.requestID } : {}),
      type: 'received',
      kind: payload.kind,
      title: payload.title,
      body: payload.body,
    });
}

/** Answers from a notification, or opens the app. Exported for tests; the listener calls it. */
export async function handleNotificationClick(deps: PushWorkerDeps, action: string, data: unknown): Promise<void> {
  const answer: NotificationReply | undefined =
    action === ALLOW_ONCE_ACTION ? 'once' : action === REJECT_ACTION ? 'reject' : undefined;
  if (!answer || !isNoticeData(data) || data.kind !== 'permission' || !data.requestID || !data.hostId) {
    await openApp(deps.clients, deps.registration.scope, data);
    return;
  }
  const { store, registration } = deps;
  const host = await store.findHost(data.host);
  if (!host || host.hostId !== data.hostId) {
    const notice = replyResultNotice(
      data,
      answer,
      { outcome: 'failed', detail: 'This host is no longer paired on this device.' },
      registration.scope,
    );
    await registration.showNotification(notice.title, notice.options);
    return;
  }
  // Recorded before sending: a second tap, or the browser retrying this event, finds it and stops.
  if (!(await store.claim(host.hostId, data.requestID, answer))) return;
  const result = await deps.reply(host, data.requestID, answer);
  const notice = replyResultNotice(data, answer, result, registration.scope);
  await registration.showNotification(notice.title, notice.options);
  await logQuietly(store, {
    at: Date.now(),
    hostId: host.hostId,
    hostName: host.name,
    sessionID: data.sessionID,
    requestID: data.requestID,
    type: 'answered',
    kind: data.kind,
    title: data.title,
    body: data.body,
    answer,
    outcome: result.outcome,
    ...('detail' in result ? { detail: result.detail } : {}),
  });
}

/** The `push` listener. */
export function onPush(deps: PushWorkerDeps) {
  return (event: PushEventLike): void => {
    event.waitUntil(handlePush(deps, readJson(event.data)));
  };
}

/** The `notificationclick` listener. */
export function onNotificationClick(deps: PushWorkerDeps) {
  return (event: NotificationEventLike): void => {
    event.notification.close();
    event.waitUntil(handleNotificationClick(deps, event.action, event.notification.data));
  };
}
