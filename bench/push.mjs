/**
 * Push latency, both halves.
 *
 * The gateway: from a host event to the push request at the push service. The scripted host
 * (`sse-host.mjs`) emits `permission.asked`; the push gateway (`npm start -- --proxy <host>`, a
 * child process, as a user runs it, serving the repository's dist/) watches it and sends a Web
 * Push (VAPID, aes128gcm) to a fake push service on 127.0.0.1 that verifies and decrypts it.
 * Measured per request: the time from the host writing the event to the push service having the
 * decrypted push (one clock: host and push service run in this process). Each request is then
 * answered (`permission.replied`) and its withdrawal awaited, so requests never overlap. The first
 * pushes (session title fetch, TLS handshake) are warm-up and not counted.
 *
 * The app: in Chromium, the app (the build under measurement) is paired with a scripted host
 * (which accepts replies and records when each arrived), so the app writes the host record its
 * service worker reads. Then, per request, with the app's real service worker:
 * - push delivered → notification shown: the payload the gateway would send is delivered over the
 *   DevTools protocol (`ServiceWorker.deliverPushMessage`) and the time runs until the worker's
 *   `showNotification` resolved (the worker's `registration.showNotification` is wrapped to note
 *   that moment; the handler is the app's own);
 * - notification action → reply received by the host: `notificationclick` with `allow-once` is
 *   fired in the worker on that notification and the time runs from the dispatch until the host
 *   received `POST /permission/:id/reply` (the worker first records the reply in IndexedDB, then
 *   sends it with the stored credential).
 * Both clocks are this machine's wall clock (`performance.timeOrigin + performance.now()` in the
 * worker, `Date.now()` in Node).
 *
 * Targets (issue 16): host event → push p95 ≤ 100 ms on loopback; push delivered → notification
 * shown p95 ≤ 50 ms; notification action → reply at the host p95 ≤ 300 ms.
 *
 *   node bench/push.mjs [--app <url>] [--no-build] [--json <file>]
 *   (builds bench/.dist for the app half; the gateway builds dist/ first when it is missing)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../e2e/fixtures/gateway.mjs';
import { countStoredHosts } from '../e2e/fixtures/push-page.mjs';
import { startPushService } from '../e2e/fixtures/push-service.mjs';
import { launchBrowser, pairedContext, pairedHost, sleep, waitUntil } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeSessions } from './lib/data.mjs';
import { figure, median, percentile } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const REQUESTS = Number(process.env.BENCH_PUSH_REQUESTS ?? 60);
const WARM_UP = 3;
/** Requests for the app half (each: one push shown, one reply sent). */
const APP_REQUESTS = Number(process.env.BENCH_PUSH_APP_REQUESTS ?? 40);
const DIRECTORY = '/bench/workspace';

/**
 * Runs both halves: the gateway's figures, then the app's (on `appUrl`).
 * @param {{appUrl: string}} context
 * @returns {Promise<ReturnType<typeof figure>[]>}
 */
export async function run({ appUrl }) {
  return [...(await gatewayHalf()), ...(await appHalf(appUrl))];
}

/**
 * Host event → push at the push service, through the gateway (which serves its own dist/).
 * @returns {Promise<ReturnType<typeof figure>[]>}
 */
async function gatewayHalf() {
  const [session] = makeSessions(1, { prefix: 'ses_push' });
  const host = await startSseHost({ sessions: [session] });
  const pushService = await startPushService();
  const stateParent = mkdtempSync(join(tmpdir(), 'owpwa-bench-push-'));
  const gateway = await startGateway({
    proxy: host.url,
    stateDir: join(stateParent, 'state'),
    caFile: pushService.caFile,
  });
  try {
    const device = pushService.subscribe();
    const response = await fetch(`${gateway.url}/push/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({ subscription: device.subscription, host: gateway.hostUrl, directory: DIRECTORY }),
    });
    if (response.status !== 201) throw new Error(`subscribing answered ${response.status}: ${await response.text()}`);
    await host.waitForClients(1);
    await waitForLive(gateway.url);

    const latencies = [];
    for (let i = 0; i < REQUESTS + WARM_UP; i += 1) {
      const id = `per_bench_${String(i).padStart(4, '0')}`;
      const seen = device.received.length;
      const emittedAt = Date.now();
      host.emit({
        type: 'permission.asked',
        properties: {
          id,
          sessionID: session.id,
          permission: 'bash',
          patterns: [`npm test -- --shard ${i}`],
          metadata: { command: `npm test -- --shard ${i}` },
          always: ['npm *'],
        },
      });
      const push = await device.next({ after: seen, timeoutMs: 10_000 });
      if (push.payload.requestID !== id) throw new Error(`expected the push for ${id}, got ${push.payload.requestID}`);
      if (i >= WARM_UP) latencies.push(push.at - emittedAt);
      host.emit({ type: 'permission.replied', properties: { sessionID: session.id, requestID: id, reply: 'once' } });
      await device.next({ after: seen + 1, timeoutMs: 10_000 });
    }
    const note = `${latencies.length} requests after ${WARM_UP} warm-up; gateway as a child process, push service verifies VAPID and decrypts`;
    return [
      figure('push', 'host event → push at the push service, p50', median(latencies), 'ms', undefined, note),
      figure('push', 'host event → push at the push service, p95', percentile(latencies, 95), 'ms', { max: 100 }, note),
    ];
  } catch (error) {
    throw new Error(`${error.message}\n--- the gateway's output ---\n${gateway.log().slice(-2000)}`);
  } finally {
    await gateway.stop();
    await pushService.close();
    await host.close();
    rmSync(stateParent, { recursive: true, force: true });
  }
}

/** The id the app half pairs its host under (the notification tags name it). */
const APP_HOST_ID = 'host_bench_push';

/** Epoch ms with sub-ms precision, on the same clock as the worker's `performance.timeOrigin + performance.now()`. */
const now = () => performance.timeOrigin + performance.now();

/**
 * In the service worker: wraps `registration.showNotification` (once) so each notification notes
 * when it was shown, by tag (epoch ms). The app's handlers call it through the same registration.
 */
function instrumentWorker() {
  const registration = self.registration;
  if (registration.__benchShown) return;
  const shown = new Map();
  const original = registration.showNotification.bind(registration);
  registration.showNotification = async (title, options) => {
    await original(title, options);
    shown.set(options?.tag ?? '', performance.timeOrigin + performance.now());
  };
  registration.__benchShown = shown;
}

/**
 * In the service worker: fires `notificationclick` with `action` on the notification tagged `tag`
 * (a script-made event gets a `waitUntil` that collects the work, as the e2e helper does) and
 * resolves with when it was dispatched (epoch ms), after the handler's work settled.
 */
async function clickInWorker({ tag, action }) {
  const [notification] = await self.registration.getNotifications({ tag });
  if (!notification) throw new Error(`no notification tagged ${tag} to click`);
  const event = new globalThis.NotificationEvent('notificationclick', { notification, action });
  const work = [];
  Object.defineProperty(event, 'waitUntil', { value: (promise) => work.push(promise) });
  const at = performance.timeOrigin + performance.now();
  self.dispatchEvent(event);
  await Promise.all(work);
  return at;
}

/**
 * Push delivered → notification shown, and notification action → reply at the host, with the
 * app's real service worker in Chromium.
 * @param {string} appUrl the app under measurement
 * @returns {Promise<ReturnType<typeof figure>[]>}
 */
async function appHalf(appUrl) {
  const [session] = makeSessions(1, { prefix: 'ses_pushapp' });
  const host = await startSseHost({ sessions: [session] });
  const browser = await launchBrowser();
  try {
    const context = await pairedContext(browser, [pairedHost(host.url, { id: APP_HOST_ID, name: 'Bench host' })]);
    await context.grantPermissions(['notifications'], { origin: appUrl });
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // The open app writes the host record the worker reads; then leave the app (a closed app is
    // the case push is for) for a plain file of the same origin, which still reaches the worker.
    if (!(await waitUntil(() => page.evaluate(countStoredHosts), 15_000)))
      throw new Error('the app wrote no host record for its service worker within 15 s (IndexedDB openwork-pwa.push)');
    await page.goto(`${appUrl}/manifest.webmanifest`);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
    await worker.evaluate(instrumentWorker);

    const origin = new URL(appUrl).origin;
    const cdp = await context.newCDPSession(page);
    const registered = new Promise((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const match = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
        if (match) resolve(match.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const registrationId = await Promise.race([registered, sleep(10_000).then(() => undefined)]);
    if (!registrationId) throw new Error(`no service worker registration for ${origin}/ within 10 s`);

    const shownMs = [];
    const replyMs = [];
    for (let i = 0; i < APP_REQUESTS + WARM_UP; i += 1) {
      const requestID = `per_pushapp_${String(i).padStart(4, '0')}`;
      const tag = `openwork:${APP_HOST_ID}:request:${requestID}`;
      const payload = {
        kind: 'permission',
        host: host.url,
        sessionID: session.id,
        requestID,
        title: 'Run needs you: bash',
        body: `npm test -- --shard ${i} · “${session.title}”`,
        at: Date.now(),
      };
      const deliveredAt = now();
      await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
      const shownAt = await waitUntil(
        () => worker.evaluate((wanted) => self.registration.__benchShown.get(wanted), tag),
        10_000,
        2,
      );
      if (!shownAt) throw new Error(`the worker showed no notification for ${requestID} within 10 s`);
      const clickedAt = await worker.evaluate(clickInWorker, { tag, action: 'allow-once' });
      const replied = host.requests.find((r) => r.method === 'POST' && r.path === `/permission/${requestID}/reply`);
      if (!replied) throw new Error(`the host received no reply for ${requestID}`);
      if (i >= WARM_UP) {
        shownMs.push(shownAt - deliveredAt);
        replyMs.push(replied.at - clickedAt);
      }
      // Keep the tray small: close what this round showed.
      await worker.evaluate(async () => {
        for (const n of await self.registration.getNotifications()) n.close();
      });
    }
    await cdp.detach();
    const note = `${shownMs.length} requests after ${WARM_UP} warm-up; the app's own service worker in Chromium`;
    const shownNote = `${note}; an upper bound (includes the DevTools round trips)`;
    return [
      figure('push', 'push delivered → notification shown, p50', median(shownMs), 'ms', undefined, shownNote),
      figure('push', 'push delivered → notification shown, p95', percentile(shownMs, 95), 'ms', { max: 50 }, shownNote),
      figure('push', 'notification action → reply at the host, p50', median(replyMs), 'ms', undefined, note),
      figure(
        'push',
        'notification action → reply at the host, p95',
        percentile(replyMs, 95),
        'ms',
        { max: 300 },
        `${note}; includes recording the reply in IndexedDB before sending`,
      ),
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}

/** Waits until the gateway reports its watch live (ms timeout). */
async function waitForLive(gatewayUrl, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await (await fetch(`${gatewayUrl}/push/status`)).json();
    if (status.watching?.[0]?.state === 'live') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the gateway's watch was not live within ${timeoutMs} ms`);
}

if (isMain(import.meta.url)) await runStandalone('push', run);
