/**
 * Event to pixel: how long from the host writing a `permission.asked` event to its approval card
 * being on screen. The app pairs with the scripted host through a pairing link (`#/pair?url=…`),
 * opens the approvals inbox, then the host emits EVENTS requests ~50 ms apart, each with a unique
 * id and its send time (`Date.now()` right before the write, also in `metadata.sentAt`). In the
 * page a MutationObserver notes when each card (`[data-testid="permission-card"]`) enters the DOM
 * and the end of the next painted frame, as epoch ms (performance.timeOrigin + performance.now(),
 * the same clock as the host's Date.now() on this machine).
 * Reported: p50/p95/max of painted − sent. Target (issue 5): p95 ≤ 50 ms.
 * At the end every request is withdrawn with `permission.replied` (the bench answers nothing).
 */
import { launchBrowser, PAGE_HELPERS, PHONE, sleep, waitUntil } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makePermission, makeSessions } from './lib/data.mjs';
import { figure, percentile } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const EVENTS = Number(process.env.BENCH_E2P_EVENTS ?? 240);
const SPACING_MS = 50;
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_THROTTLE ?? 1);

const tag = (index) => `benchperm${String(index).padStart(4, '0')}`;

/** In the page: records `{dom, painted}` per card tag as cards appear. */
function observeCards() {
  window.__cards = {};
  const record = (card) => {
    const match = /benchperm\d{4}/.exec(card.getAttribute('aria-label') ?? card.textContent ?? '');
    if (!match || window.__cards[match[0]]) return;
    const entry = { dom: window.__bench.now() };
    window.__cards[match[0]] = entry;
    window.__bench.afterFrame(() => {
      entry.painted = window.__bench.now();
    });
  };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches('[data-testid="permission-card"]')) record(node);
        else node.querySelectorAll('[data-testid="permission-card"]').forEach(record);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}

export async function run({ appUrl }) {
  const sessions = makeSessions(10);
  const host = await startSseHost({ sessions });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext(PHONE);
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    if (CPU_SLOWDOWN > 1)
      await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(`${appUrl}/#/pair?url=${encodeURIComponent(host.url)}&name=${encodeURIComponent('Bench host')}`);
    // Paired: the app goes to the session list by itself.
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 20_000 });
    if (!(await host.waitForClients(1, 15_000))) throw new Error('the app never opened the event stream');
    await page.evaluate(() => (location.hash = '#/inbox'));
    await page
      .getByText('Nothing is waiting for you')
      .or(page.getByRole('heading', { name: 'Waiting for you' }))
      .first()
      .waitFor({ timeout: 20_000 });
    await sleep(500);
    await page.evaluate(observeCards);

    const sent = new Map();
    const sessionID = sessions[0].id;
    const started = Date.now();
    for (let i = 0; i < EVENTS; i += 1) {
      const request = makePermission(sessionID, i, tag(i));
      const sentAt = Date.now();
      request.metadata.sentAt = sentAt;
      host.emit({ type: 'permission.asked', properties: request });
      sent.set(tag(i), sentAt);
      // Keep the spacing steady: wait for the next slot, not a fixed sleep after the work.
      const next = started + (i + 1) * SPACING_MS;
      await sleep(Math.max(0, next - Date.now()));
    }
    const allSeen = await waitUntil(
      async () => (await page.evaluate(() => Object.values(window.__cards).filter((c) => c.painted).length)) >= EVENTS,
      10_000,
      100,
    );
    const cards = await page.evaluate(() => window.__cards);

    const painted = [];
    const dom = [];
    for (const [key, sentAt] of sent) {
      const card = cards[key];
      if (card?.painted) painted.push(card.painted - sentAt);
      if (card?.dom) dom.push(card.dom - sentAt);
    }
    const missing = EVENTS - painted.length;

    // Withdraw every request, as OpenCode does when one is answered elsewhere.
    const clearStart = Date.now();
    host.emitMany(
      [...sent.keys()].map((_, i) => ({
        type: 'permission.replied',
        properties: { sessionID, requestID: `per_bench_${String(i).padStart(6, '0')}`, reply: 'reject' },
      })),
    );
    const cleared = await waitUntil(
      async () => (await page.locator('[data-testid="permission-card"]').count()) === 0,
      15_000,
      50,
    );
    const clearMs = cleared ? Date.now() - clearStart : null;
    await context.close();

    const note = `${painted.length} of ${EVENTS} cards seen, sent every ${SPACING_MS} ms${missing ? `; ${missing} never appeared${allSeen ? '' : ' within 10 s of the last send'}` : ''}${CPU_SLOWDOWN > 1 ? `; CPU ${CPU_SLOWDOWN}× slower` : ''}`;
    return [
      figure('event-to-pixel', 'permission.asked → card painted, p50', percentile(painted, 50), 'ms', undefined, note),
      figure('event-to-pixel', 'permission.asked → card painted, p95', percentile(painted, 95), 'ms', { max: 50 }),
      figure(
        'event-to-pixel',
        'permission.asked → card painted, max',
        painted.length ? Math.max(...painted) : null,
        'ms',
      ),
      figure(
        'event-to-pixel',
        'permission.asked → card in DOM, p95',
        percentile(dom, 95),
        'ms',
        undefined,
        'MutationObserver time, before paint',
      ),
      figure(
        'event-to-pixel',
        `withdraw ${EVENTS} cards (permission.replied) until none left`,
        clearMs,
        'ms',
        undefined,
        cleared ? undefined : 'cards still shown after 15 s',
      ),
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}

if (isMain(import.meta.url)) await runStandalone('event-to-pixel', run);
