/**
 * Shows and closes system notifications through the service worker registration
 * (`registration.showNotification`): Chrome on Android has no `new Notification()`, and only a
 * service worker notification can be tapped open after the page was frozen.
 */
import type { HostEvent } from '@/domain';
import { useNotificationSettings } from './notification-settings-store';
import {
  answeredRequestId,
  mayNotify,
  noticeFor,
  requestTag,
  shouldNotify,
  type Notice,
  type NoticeContext,
} from './notifications';

const ICON = `${import.meta.env.BASE_URL}pwa-192x192.png`;
const BADGE = `${import.meta.env.BASE_URL}notification-badge-96x96.png`;

/** The active service worker registration, or undefined without one (dev server, insecure context). */
async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return navigator.serviceWorker.getRegistration();
}

/**
 * Shows a notice through the service worker. Resolves false when there is no service worker to
 * show it (no registration), true once shown. Rejects when the browser refuses (permission).
 */
export async function showNotice(notice: Notice): Promise<boolean> {
  const reg = await registration();
  if (!reg) return false;
  await reg.showNotification(notice.title, {
    body: notice.body,
    tag: notice.tag,
    data: notice.data,
    icon: ICON,
    badge: BADGE,
  });
  return true;
}

/** Closes the notifications with this tag (the request was answered elsewhere). */
export async function closeNotices(tag: string): Promise<void> {
  const reg = await registration();
  if (!reg) return;
  for (const notification of await reg.getNotifications({ tag })) notification.close();
}

/**
 * Closes every notification shown for a host (on "Forget this host"): their tags are
 * `openwork:<hostId>:…` (see `requestTag`), and their text names the host and its requests.
 */
export async function closeNoticesForHost(hostId: string): Promise<void> {
  const reg = await registration();
  if (!reg) return;
  const prefix = `openwork:${hostId}:`;
  for (const notification of await reg.getNotifications())
    if (notification.tag.startsWith(prefix)) notification.close();
}

function currentPermission(): NotificationPermission {
  return typeof Notification === 'undefined' ? 'denied' : Notification.permission;
}

/**
 * Reacts to one host event: a permission request or question (and, per host setting, a finished or
 * failed run) arriving while the page is hidden shows a notification; an answered request closes
 * its notification. Failures are logged, never thrown: the event stream must go on.
 */
export function notifyForEvent(event: HostEvent, context: Omit<NoticeContext, 'runUpdates'>): void {
  // Streamed text arrives thousands of times a second; reading the permission for each costs a
  // measurable share of the main thread (bench/streaming.mjs).
  if (!mayNotify(event.kind)) return;
  const answered = answeredRequestId(event);
  if (answered) {
    closeNotices(requestTag(context.hostId, answered)).catch((error: unknown) =>
      console.warn('could not close the notification', error),
    );
    return;
  }
  const settings = useNotificationSettings.getState();
  // `Notification.permission` is a synchronous call into the browser (1–2 ms each in Chromium,
  // bench/event-to-pixel.mjs): read it only when the cheap checks pass. A visible page never notifies.
  if (!settings.enabled || document.visibilityState !== 'hidden') return;
  if (
    !shouldNotify({ enabled: settings.enabled, permission: currentPermission(), visibility: document.visibilityState })
  )
    return;
  const notice = noticeFor(event, { ...context, runUpdates: settings.runUpdates[context.hostId] === true });
  if (!notice) return;
  showNotice(notice).catch((error: unknown) => console.warn('could not show the notification', error));
}
