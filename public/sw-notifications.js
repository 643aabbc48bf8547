// sw-notifications.js: loaded into the generated service worker with workbox `importScripts`
// (vite.config.ts). A tap on a notification opens the app on what it names: an open app window
// is focused and told where to go (it switches host and navigates itself, without a reload that
// would drop its live stream and the draft being typed); with no window open, one is opened.
// The notification's `data.url` is an app URL relative to the scope, e.g. ./#/s/ses_1?hostId=host_1.

const NAVIGATE_MESSAGE = 'openwork:navigate';

/** The absolute URL to open: data.url inside this worker's scope, or the scope itself. */
function targetUrl(data, scope) {
  const url = typeof data?.url === 'string' ? new URL(data.url, scope).href : scope;
  return url.startsWith(scope) ? url : scope;
}

async function openApp(data) {
  const scope = self.registration.scope;
  const url = targetUrl(data, scope);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // matchAll lists the most recently focused window first.
  const client = windows.find((candidate) => candidate.url.startsWith(scope));
  if (!client) return self.clients.openWindow(url);
  // Focus first: the permission to focus lasts only briefly after the tap. A refused focus still
  // leaves the window worth pointing at the request.
  const focused = await client.focus().catch((error) => {
    console.warn('notificationclick: could not focus the app window', error);
    return client;
  });
  focused.postMessage({ type: NAVIGATE_MESSAGE, url });
  return focused;
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openApp(event.notification.data));
});
