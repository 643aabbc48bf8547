/**
 * The PWA on the production build (`vite build` + `vite preview` on 127.0.0.1, a secure context):
 * Chrome finds it installable, the service worker becomes ready, the navigation fallback answers
 * only "/", a reload offline still renders the shell with the paired host, and a permission
 * request arriving while the page is hidden shows a system notification and the badge count.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchPhoneProfile } from './browser';
import { EventRecorder } from './event-recorder';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');

/** What the init script adds to the page: a visibility switch and a log of badge calls. */
interface E2eWindow {
  __e2eHidden: boolean;
  __badges: number[];
}

let profileDir: string;
let context: BrowserContext;
let page: Page;
let app: AppPage;
let recorder: EventRecorder;
const pageErrors: string[] = [];
/** The page's console warnings and errors, to explain a failure. */
const consoleLines: string[] = [];

/** The notifications the service worker registration shows now. */
async function notifications(): Promise<
  { title: string; body: string; tag: string; url: string; timestamp: number }[]
> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      url: String((n.data as { url?: unknown } | null)?.url),
      timestamp: (n as Notification & { timestamp: number }).timestamp,
    }));
  });
}

async function setHidden(hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    (window as unknown as E2eWindow).__e2eHidden = value;
  }, hidden);
}

beforeAll(async () => {
  profileDir = mkdtempSync(join(tmpdir(), 'owpwa-e2e-profile-'));
  context = await launchPhoneProfile(profileDir);
  await context.grantPermissions(['notifications'], { origin: appUrl });
  // A phone with the app in the background: `document.visibilityState` says "hidden" while the
  // test sets __e2eHidden (headless pages are always visible). Badge calls are recorded; the
  // Badging API itself is kept when the browser has it.
  await context.addInitScript(() => {
    const w = window as unknown as E2eWindow;
    w.__e2eHidden = false;
    w.__badges = [];
    const real = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState');
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (w.__e2eHidden ? 'hidden' : real?.get?.call(document)),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => w.__e2eHidden });
    const nav = navigator as Navigator & {
      setAppBadge?: (n?: number) => Promise<void>;
      clearAppBadge?: () => Promise<void>;
    };
    const set = nav.setAppBadge?.bind(nav);
    const clear = nav.clearAppBadge?.bind(nav);
    nav.setAppBadge = (n?: number) => {
      w.__badges.push(n ?? 0);
      return set ? set(n) : Promise.resolve();
    };
    nav.clearAppBadge = () => {
      w.__badges.push(0);
      return clear ? clear() : Promise.resolve();
    };
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') consoleLines.push(message.text());
  });
  app = new AppPage(page);
  recorder = await EventRecorder.start(opencodeUrl);
});

afterAll(async () => {
  recorder?.stop();
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('the installable app on the production build', () => {
  it('registers a service worker that becomes ready', async () => {
    await app.open(appUrl);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${appUrl}/`);
  });

  it('has no installability errors and a complete manifest', async () => {
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as {
      id?: string;
      display?: string;
      icons?: { sizes: string; purpose?: string }[];
    };
    expect(data).toMatchObject({ id: '/', display: 'standalone' });
    expect(data.icons?.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
    await cdp.detach();
    const touchIcon = await page.request.get(`${appUrl}/apple-touch-icon-180x180.png`);
    expect(touchIcon.headers()['content-type']).toBe('image/png');
  });

  it('answers app navigations from the precache and leaves every other path to the network', async () => {
    // A reload puts the page under the worker's control (registerType "prompt" never claims clients).
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const hostPath = await context.newPage();
    const response = await hostPath.goto(`${appUrl}/w/ws_1/opencode/event`);
    expect(response?.fromServiceWorker()).toBe(false);
    await hostPath.close();
  });

  it('opens offline: the shell renders with the paired host and "Offline — will reconnect"', async () => {
    await app.open(appUrl, '#/pair');
    await app.pair(opencodeUrl);
    await app.kindBadge('OpenCode').waitFor({ timeout: 15_000 });
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
    await context.setOffline(true);
    try {
      // A new tab, as when the app is opened from the home screen with no network. (Chromium keeps
      // navigator.onLine true in a page reloaded under offline emulation; a new page gets false.)
      const offline = await context.newPage();
      const offlineApp = new AppPage(offline);
      const response = await offline.goto(`${appUrl}/`);
      expect(response?.fromServiceWorker()).toBe(true);
      await expect
        .poll(() => offlineApp.connectionStatus().textContent(), { timeout: 10_000 })
        .toContain('Offline — will reconnect');
      expect(await offline.getByRole('link', { name: /^Host / }).textContent()).toMatch(/127\.0\.0\.1/);
      await offline.getByRole('link', { name: 'Hosts', exact: true }).click();
      // The Hosts screen's chunk is lazy-loaded (and precached): wait for it to render.
      await offline.locator('.hosts .host-name').first().waitFor({ timeout: 10_000 });
      expect(await offline.locator('.hosts .host-name').count()).toBe(1);
      // The session route's chunk is lazy-loaded; it is precached too.
      await offline.goto(`${appUrl}/#/s/ses_offline`);
      await offline.locator('.session-header').waitFor({ timeout: 10_000 });
      if (process.env.E2E_SCREENSHOTS) {
        await offline.goto(`${appUrl}/#/hosts`);
        await offline.screenshot({ path: 'docs/screenshot-offline.png' });
      }
      await offline.close();
    } finally {
      await context.setOffline(false);
    }
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
  });

  it('notifies a permission request that arrives while the page is hidden, and badges the count', async () => {
    await app.open(appUrl, '#/hosts');
    const toggle = page.getByRole('switch', { name: 'Notify me when a run needs me' });
    await toggle.check();
    expect(await toggle.isChecked()).toBe(true);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-device.png', fullPage: true });

    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await app.newSession();
    const sessionId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/s\//, ''));
    await setHidden(true);
    const from = recorder.events.length;
    await app.send('please run the command `echo pwa > pwa-e2e.txt`');
    try {
      await expect.poll(notifications, { timeout: 20_000 }).toHaveLength(1);
    } catch (error) {
      // Say which link of the chain broke: the server's request, the app's card, the page's state.
      const seen = recorder.events.slice(from).map((e) => e.type);
      const state = await page.evaluate(() => ({
        cards: document.querySelectorAll('[data-testid="permission-card"]').length,
        hidden: document.visibilityState,
        permission: Notification.permission,
        controller: navigator.serviceWorker.controller !== null,
        connection: document.querySelector('.host-bar [role="status"]')?.textContent,
      }));
      throw new Error(
        `no notification: server events since the prompt ${JSON.stringify(seen)}; page ${JSON.stringify(state)}; console ${JSON.stringify(consoleLines.slice(-10))}`,
        { cause: error },
      );
    }
    const [shown] = await notifications();
    const asked = await recorder.next('permission.asked', (e) => e.properties.sessionID === sessionId, from);
    console.log(
      `measured: permission.asked (server) → system notification shown: ${(shown?.timestamp ?? 0) - asked.at} ms`,
    );
    expect(shown?.title).toBe('Allow bash?');
    expect(shown?.body).toContain('Run: echo pwa > pwa-e2e.txt');
    expect(shown?.body).toMatch(/on 127\.0\.0\.1/);
    expect(shown?.url).toMatch(new RegExp(`^\\./#/s/${sessionId}\\?hostId=host_`));
    await expect.poll(() => page.title()).toBe('(1) OpenWork Remote');
    expect(await page.evaluate(() => (window as unknown as E2eWindow).__badges.at(-1))).toBe(1);

    // Back in the app: reject, so no file is written; the answered request's notification closes.
    await setHidden(false);
    const card = app.permissionCard();
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(notifications, { timeout: 10_000 }).toHaveLength(0);
    await expect.poll(() => page.title()).toBe('OpenWork Remote');
    expect(await page.evaluate(() => (window as unknown as E2eWindow).__badges.at(-1))).toBe(0);
    expect(existsSync(join(workspaceDir, 'pwa-e2e.txt'))).toBe(false);
  });

  it('a notification tap posted by the service worker opens that session', async () => {
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    const row = page.locator('a.session-row').first();
    await row.waitFor();
    const sessionPath = (await row.getAttribute('href')) ?? '';
    expect(sessionPath).toMatch(/^#\/s\//);
    const hostId = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('openwork-pwa.hosts') ?? '{}') as { state?: { activeId?: string } }).state
          ?.activeId,
    );
    // What the service worker (src/features/pwa/sw/open-app.ts) posts to an open window after `notificationclick`.
    await page.evaluate(
      ({ path, host }) =>
        navigator.serviceWorker.dispatchEvent(
          new MessageEvent('message', {
            data: { type: 'openwork:navigate', url: `${location.origin}/${path}?hostId=${host}` },
          }),
        ),
      { path: sessionPath, host: hostId },
    );
    await page.waitForURL((url) => url.hash === sessionPath);
    await app.sessionStatus().waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
