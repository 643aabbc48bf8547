/**
 * Drives the app's service worker like a push service and a user would, over the DevTools
 * protocol (Chromium only): deliver a push payload to the registration, list what it shows, and
 * fire a notification's action inside the worker. No vendor push service is needed: the payload
 * arrives as if decrypted. Reusable with the gateway's fake push service: deliver what it received.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { startPushService } from './fixtures/push-service.mjs';
import { countStoredHosts } from './fixtures/push-page.mjs';

/** A notification as the page's `registration.getNotifications()` lists it. */
export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  silent: boolean | null;
  actions: string[];
  data: unknown;
}

/**
 * Delivers `payload` (JSON) to the app's service worker as a push message. The registration id
 * comes from the `ServiceWorker` domain's own events, on the same DevTools session that delivers
 * (the domain must be enabled on the session that sends the push).
 */
export async function deliverPush(page: Page, appUrl: string, payload: unknown): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const origin = new URL(appUrl).origin;
  const scope = `${origin}/`;
  const cdp = await page.context().newCDPSession(page);
  try {
    const found = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no service worker registration for ${scope} within 10 s`)),
        10_000,
      );
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const match = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
        if (!match) return;
        clearTimeout(timer);
        resolve(match.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const registrationId = await found;
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The notifications the app's registration shows now (optionally those with `tag`). */
export async function shownNotifications(page: Page, tag?: string): Promise<ShownNotification[]> {
  return page.evaluate(async (wanted) => {
    const registration = await navigator.serviceWorker.ready;
    const list = await registration.getNotifications(wanted ? { tag: wanted } : undefined);
    return list.map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      silent: n.silent,
      actions: ((n as Notification & { actions?: { action: string }[] }).actions ?? []).map((a) => a.action),
      data: n.data as unknown,
    }));
  }, tag);
}

/**
 * Fires `notificationclick` with `action` on the notification tagged `tag`, inside the worker, and
 * waits for the work the handler hands to `waitUntil`. A script-made event is untrusted, and an
 * untrusted event's own `waitUntil` throws, so the event gets a `waitUntil` that collects the work.
 */
export async function clickNotificationAction(context: BrowserContext, tag: string, action: string): Promise<void> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
  await worker.evaluate(
    async ({ wantedTag, wantedAction }) => {
      const scope = self as unknown as {
        registration: { getNotifications: (filter: { tag: string }) => Promise<unknown[]> };
        dispatchEvent: (event: Event) => boolean;
      };
      const [notification] = await scope.registration.getNotifications({ tag: wantedTag });
      if (!notification) throw new Error(`no notification tagged ${wantedTag} to click`);
      const NotificationEventCtor = (
        globalThis as unknown as { NotificationEvent: new (type: string, init: unknown) => Event }
      ).NotificationEvent;
      const event = new NotificationEventCtor('notificationclick', { notification, action: wantedAction });
      const work: Promise<unknown>[] = [];
      Object.defineProperty(event, 'waitUntil', { value: (promise: Promise<unknown>) => work.push(promise) });
      scope.dispatchEvent(event);
      await Promise.all(work);
    },
    { wantedTag: tag, wantedAction: action },
  );
}

/** How many host records the service worker can read in `page`'s origin (the app writes them when a host is paired). */
export function storedHosts(page: Page): Promise<number> {
  return page.evaluate(countStoredHosts);
}

/** A subscription the fake push service made, with the pushes it received (`startPushService().subscribe()`). */
export type Device = ReturnType<Awaited<ReturnType<typeof startPushService>>['subscribe']>;

/** A decrypted push as the gateway sends it: the app's own type (README "Notifications when the app is closed"). */
export type { PushPayload } from '../src/features/pwa/sw/payload';
