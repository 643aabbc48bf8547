/**
 * Web Push end to end with the real parts, as a user runs them: a real `opencode serve` with a
 * password and the scripted model; the gateway (`npm start -- --proxy <opencode>`) serving the
 * built app and proxying OpenCode under `/host`; Chromium opening the app from the gateway's
 * origin and pairing with `<gateway>/host`; the fake push service standing in for the vendor's.
 *
 * The device subscribes through the app's own "Notify me when the app is closed" switch. Chromium's
 * `pushManager.subscribe` needs a vendor push service, so `PushManager` is stubbed (an init script)
 * to hand back a subscription the fake push service made (its key pair and auth secret, as a
 * browser makes them): everything after it (the VAPID key fetch, `POST /push/subscriptions` with
 * the app's Authorization, the stored subscription id, the host record the worker reads) is the
 * app's own code.
 *
 * Then the app's page is closed (the context, and so the service worker, stays), the agent asks,
 * the push that reaches the push service is delivered to the worker as it arrived, and the
 * notification's actions are fired inside the worker.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { EventRecorder } from './event-recorder';
import { hostApi, startGateway } from './fixtures/gateway.mjs';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';
import { startPushService } from './fixtures/push-service.mjs';
import { AppPage } from './pages/app-page';
import {
  clickNotificationAction,
  deliverPush,
  shownNotifications,
  storedHosts,
  type Device,
  type PushPayload as Payload,
} from './push-sw';

const PASSWORD = 'push-chain-e2e-password';
let llm: Awaited<ReturnType<typeof startMockLlm>>;
let opencode: Awaited<ReturnType<typeof startOpencode>>;
let pushService: Awaited<ReturnType<typeof startPushService>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let stateDir: string;
let auth: string;
let device: Device;
let recorder: EventRecorder;
let browser: Browser;
let context: BrowserContext;
let appPage: Page;
/** A page of the gateway's origin that is not the app: what `deliverPush` and the notification list need. */
let originPage: Page;
let hostId = '';
/** Every request this spec made the agent ask. */
const asked: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The host API through the gateway's /host proxy with the device's credential, as another device would call it. */
function host(method: string, route: string, body?: unknown): Promise<unknown> {
  return hostApi(gateway, auth, opencode.workspaceDir)(method, route, body);
}

/** Starts a run whose agent asks to run `command`; resolves with the push it caused at the push service. */
async function askToRun(title: string, command: string): Promise<Payload> {
  const before = device.received.length;
  const session = (await host('POST', '/session', { title })) as { id: string };
  await host('POST', `/session/${session.id}/prompt_async`, {
    parts: [{ type: 'text', text: `please run the command \`${command}\`` }],
  });
  // The next permission push: a late push of an earlier test (its withdrawal, a run finished) is not it.
  for (let from = before; ; from += 1) {
    const push = (await device.next({ after: from, timeoutMs: 30_000 })).payload as Payload;
    if (push.kind !== 'permission' || (push.requestID && asked.includes(push.requestID))) continue;
    if (push.requestID) asked.push(push.requestID);
    return push;
  }
}

function repliesTo(requestID: string) {
  return recorder.events.filter((e) => e.type === 'permission.replied' && e.properties.requestID === requestID);
}

/** The pushes this device received for one request, by kind. */
function pushesFor(requestID: string): string[] {
  return device.received
    .map((p) => p.payload as Payload)
    .filter((p) => p.requestID === requestID)
    .map((p) => p.kind);
}

/** The next push for `requestID` of `kind`, waiting for it. */
async function nextPush(requestID: string, kind: string): Promise<Payload> {
  for (let from = 0; ; from += 1) {
    const push = (await device.next({ after: from, timeoutMs: 20_000 })).payload as Payload;
    if (push.requestID === requestID && push.kind === kind) return push;
  }
}

const titles = async (tag: string) => (await shownNotifications(originPage, tag)).map((n) => n.title);

beforeAll(async () => {
  llm = await startMockLlm();
  opencode = await startOpencode({ llm, password: PASSWORD });
  auth = opencode.headers.Authorization ?? '';
  pushService = await startPushService();
  stateDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'owpwa-chain-')), 'state');
  gateway = await startGateway({ proxy: opencode.url, stateDir, caFile: pushService.caFile });
  recorder = await EventRecorder.start(opencode.url, { authorization: auth });
  device = pushService.subscribe();

  browser = await launchBrowser();
  context = await phoneContext(browser);
  await context.grantPermissions(['notifications'], { origin: gateway.url });
  // The stand-in for the vendor push service's subscribe (see the header comment).
  await context.addInitScript((subscription) => {
    const stub = subscription as unknown as PushSubscriptionJSON;
    if (typeof PushManager === 'undefined') return;
    PushManager.prototype.getSubscription = () => Promise.resolve(null);
    PushManager.prototype.subscribe = () =>
      Promise.resolve({ endpoint: stub.endpoint, toJSON: () => stub } as unknown as PushSubscription);
  }, device.subscription);
  appPage = await context.newPage();
});

afterAll(async () => {
  // Leave nothing pending: the server is ours, but a waiting run keeps OpenCode busy on stop.
  for (const requestID of asked) {
    if (repliesTo(requestID).length > 0) continue;
    await host('POST', `/permission/${requestID}/reply`, { reply: 'reject' }).catch(() => undefined);
  }
  recorder?.stop();
  await browser?.close();
  await gateway?.stop();
  await pushService?.close();
  await opencode?.stop();
  await llm?.close();
  if (stateDir) rmSync(path.dirname(stateDir), { recursive: true, force: true });
});

describe('push, from the host to the notification and back', () => {
  it('pairs through the gateway and subscribes with the app’s own switch', async () => {
    const app = new AppPage(appPage);
    await app.open(gateway.url);
    await appPage.waitForURL(/#\/pair/);
    await app.pair(gateway.hostUrl, PASSWORD);
    await app.kindBadge('OpenCode').waitFor({ timeout: 20_000 });
    await expect.poll(() => storedHosts(appPage), { timeout: 15_000 }).toBe(1);
    hostId = await appPage.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('openwork-pwa.hosts') ?? '{}') as { state?: { activeId?: string } }).state
          ?.activeId ?? '',
    );
    expect(hostId).not.toBe('');

    await app.open(gateway.url, '#/hosts');
    const group = appPage.getByRole('group', { name: /^Push for / });
    const notify = group.getByRole('switch', { name: 'Notify me when the app is closed' });
    await notify.waitFor({ timeout: 15_000 });
    await notify.click();
    await expect.poll(() => group.getByRole('status').textContent(), { timeout: 15_000 }).toBe('On.');
    expect(await notify.isChecked()).toBe(true);
    expect(await group.getByRole('switch', { name: 'Answer from the notification' }).isChecked()).toBe(true);

    // The gateway keeps exactly this device, for the URL the app paired with.
    const listed = await fetch(`${gateway.url}/push/subscriptions`, { headers: { authorization: auth } });
    const { items } = (await listed.json()) as { items: { id: string; host: string }[] };
    expect(items.map((item) => item.host)).toEqual([gateway.hostUrl]);

    // The phone goes into the pocket: the app's page closes, its browser (and service worker) stays.
    await appPage.close();
    originPage = await context.newPage();
    await originPage.goto(`${gateway.url}/push/vapid-public-key`);
    await expect.poll(() => storedHosts(originPage)).toBe(1);
  });

  it('Allow once: one push names the command, the worker replies once, the tool runs, the withdrawal replaces it', async () => {
    const command = 'touch chain-allowed.txt';
    const push = await askToRun('Chain allow', command);
    expect(push).toMatchObject({ kind: 'permission', host: gateway.hostUrl, title: 'Run needs you: bash' });
    expect(push.body).toContain(command);
    const requestID = push.requestID ?? '';

    await deliverPush(originPage, gateway.url, push);
    const tag = `openwork:${hostId}:request:${requestID}`;
    await expect.poll(() => shownNotifications(originPage, tag), { timeout: 10_000 }).toHaveLength(1);
    const [shown] = await shownNotifications(originPage, tag);
    expect(shown?.actions).toEqual(['allow-once', 'reject']);
    expect(shown?.body).toContain(command);

    await clickNotificationAction(context, tag, 'allow-once');
    await expect
      .poll(() => existsSync(path.join(opencode.workspaceDir, 'chain-allowed.txt')), { timeout: 20_000 })
      .toBe(true);
    // The tool ran, so the reply was taken; the recorder hears of it over the event stream, a moment later.
    await expect.poll(() => repliesTo(requestID).length, { timeout: 10_000 }).toBe(1);
    expect(repliesTo(requestID).map((e) => e.properties.reply)).toEqual(['once']);
    expect(await titles(`${tag}:answer`)).toEqual(['Allowed once']);

    const withdrawn = await nextPush(requestID, 'withdraw');
    await deliverPush(originPage, gateway.url, withdrawn);
    await expect
      .poll(async () => (await shownNotifications(originPage, tag)).map((n) => [n.title, n.silent, n.actions.length]), {
        timeout: 10_000,
      })
      .toEqual([['Answered', true, 0]]);
    await sleep(500);
    expect(pushesFor(requestID)).toEqual(['permission', 'withdraw']);
    expect(repliesTo(requestID)).toHaveLength(1);
  });

  it('Reject: the worker rejects once and nothing is written', async () => {
    const command = 'touch chain-rejected.txt';
    const push = await askToRun('Chain reject', command);
    const requestID = push.requestID ?? '';
    await deliverPush(originPage, gateway.url, push);
    const tag = `openwork:${hostId}:request:${requestID}`;
    await expect.poll(() => shownNotifications(originPage, tag), { timeout: 10_000 }).toHaveLength(1);

    await clickNotificationAction(context, tag, 'reject');
    await expect.poll(() => repliesTo(requestID).length, { timeout: 10_000 }).toBe(1);
    expect(repliesTo(requestID)[0]?.properties.reply).toBe('reject');
    expect(await titles(`${tag}:answer`)).toEqual(['Rejected']);
    await nextPush(requestID, 'withdraw');
    expect(existsSync(path.join(opencode.workspaceDir, 'chain-rejected.txt'))).toBe(false);
  });

  it('answered elsewhere: the stale notification’s Allow once says so and sends no second reply', async () => {
    const command = 'touch chain-elsewhere.txt';
    const push = await askToRun('Chain elsewhere', command);
    const requestID = push.requestID ?? '';
    await deliverPush(originPage, gateway.url, push);
    const tag = `openwork:${hostId}:request:${requestID}`;
    await expect.poll(() => shownNotifications(originPage, tag), { timeout: 10_000 }).toHaveLength(1);

    // Another device rejects first; the withdrawal is on its way but not yet delivered here.
    await host('POST', `/permission/${requestID}/reply`, { reply: 'reject' });
    await expect.poll(() => repliesTo(requestID).length, { timeout: 10_000 }).toBe(1);
    await clickNotificationAction(context, tag, 'allow-once');
    expect(await titles(`${tag}:answer`)).toEqual(['Already answered elsewhere']);
    await sleep(1_000);
    expect(repliesTo(requestID).map((e) => e.properties.reply)).toEqual(['reject']);
    expect(existsSync(path.join(opencode.workspaceDir, 'chain-elsewhere.txt'))).toBe(false);
    await nextPush(requestID, 'withdraw');
  });

  it('an open app closes a push notification whose request is answered (no withdrawal reaches a visible app)', async () => {
    const command = 'touch chain-open-app.txt';
    const push = await askToRun('Chain open app', command);
    const requestID = push.requestID ?? '';
    await deliverPush(originPage, gateway.url, push);
    const tag = `openwork:${hostId}:request:${requestID}`;
    await expect.poll(() => shownNotifications(originPage, tag), { timeout: 10_000 }).toHaveLength(1);

    // The user opens the app: it tells the gateway it is visible, and its own stream is live.
    appPage = await context.newPage();
    const app = new AppPage(appPage);
    await app.open(gateway.url, '#/inbox');
    await app.permissionCard().filter({ hasText: command }).waitFor({ timeout: 20_000 });
    await sleep(500);

    await host('POST', `/permission/${requestID}/reply`, { reply: 'reject' });
    await expect.poll(() => shownNotifications(originPage, tag), { timeout: 10_000 }).toEqual([]);
    await sleep(1_000);
    expect(pushesFor(requestID)).toEqual(['permission']);
  });
});
