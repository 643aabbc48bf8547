/**
 * A tap on a notification opens the app on what it names: an open app window is focused and told
 * where to go (it switches host and navigates itself, without a reload that would drop its live
 * stream and the draft being typed); with no window open, one is opened. `data.url` is an app URL
 * relative to the scope, e.g. `./#/s/ses_1?hostId=host_1`.
 */
import { NAVIGATE_MESSAGE } from '../notifications';

/** The window clients of the worker, as far as opening the app needs them. */
export interface WindowClientLike {
  url: string;
  focus: () => Promise<WindowClientLike>;
  postMessage: (message: unknown) => void;
}

/** `self.clients` of a service worker, as far as opening the app needs it. */
export interface ClientsLike {
  matchAll: (options: { type: 'window'; includeUncontrolled: boolean }) => Promise<readonly WindowClientLike[]>;
  openWindow: (url: string) => Promise<unknown>;
}

/** The absolute URL to open: `data.url` inside the worker's scope, or the scope itself. */
export function targetUrl(data: unknown, scope: string): string {
  const raw = (data as { url?: unknown } | null | undefined)?.url;
  const url = typeof raw === 'string' ? new URL(raw, scope).href : scope;
  return url.startsWith(scope) ? url : scope;
}

/** Focuses (or opens) the app on `data.url`. */
export async function openApp(clients: ClientsLike, scope: string, data: unknown): Promise<unknown> {
  const url = targetUrl(data, scope);
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  // matchAll lists the most recently focused window first.
  const client = windows.find((candidate) => candidate.url.startsWith(scope));
  if (!client) return clients.openWindow(url);
  // Focus first: the permission to focus lasts only briefly after the tap. A refused focus still
  // leaves the window worth pointing at the request.
  const focused = await client.focus().catch((error: unknown) => {
    console.warn('notificationclick: could not focus the app window', error);
    return client;
  });
  focused.postMessage({ type: NAVIGATE_MESSAGE, url });
  return focused;
}
