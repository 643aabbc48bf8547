/**
 * The app's service worker (vite-plugin-pwa `injectManifest`): precaches the shell, answers app
 * navigations with it, waits for the user's "Reload" to take over, and handles push and
 * notification taps. Only wiring lives here; the logic is in `features/pwa/sw/`.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import {
  onNotificationClick,
  onPush,
  type NotificationEventLike,
  type PushEventLike,
  type PushWorkerDeps,
} from '@/features/pwa/sw/handlers';
import type { ClientsLike } from '@/features/pwa/sw/open-app';
import { appendPushLog, claimReplyAttempt, findPushHost, readPushPrefs, replyFromNotification } from '@/host/worker';

/** The worker's global scope, as far as this file uses it (the DOM lib has no worker types). */
interface WorkerScope {
  registration: PushWorkerDeps['registration'];
  clients: ClientsLike;
  skipWaiting: () => Promise<void>;
  addEventListener(type: 'push', listener: (event: PushEventLike) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

declare const self: Window & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };
const scope = self as unknown as WorkerScope;

// The shell only: host data lives in react-query and the event stream must reach the network, so
// nothing is cached at run time.
// The build replaces `self.__WB_MANIFEST` with the precache list (it must be spelled exactly so).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Hash routing keeps every app route on "/", so only "/" (with or without a query, e.g. an
// OpenWork ?ow_url= invite) is an app navigation; any other path on this origin (the gateway's
// /host proxy, /push routes) is not ours to answer. "/index.html" is served by its precache entry.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/^\/(?:\?.*)?$/] }));

// registerType 'prompt': a new build waits until the user taps Reload (workbox-window sends this).
scope.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void scope.skipWaiting();
});

const deps: PushWorkerDeps = {
  registration: scope.registration,
  clients: scope.clients,
  store: { findHost: findPushHost, readPrefs: readPushPrefs, claim: claimReplyAttempt, appendLog: appendPushLog },
  reply: (host, requestId, reply) => replyFromNotification(host, requestId, reply),
};
scope.addEventListener('push', onPush(deps));
scope.addEventListener('notificationclick', onNotificationClick(deps));
