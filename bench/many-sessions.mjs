/**
 * Many sessions and hosts: 5 paired hosts (5 scripted hosts, each with 500 sessions and a live
 * event stream with OpenCode's 10 s heartbeat); the active host's list has 500 sessions.
 * - list render: from a hash change to `#/` until the "Sessions" heading and the first session row
 *   are in the DOM and painted; first open (the list is fetched) and again from another screen
 *   (the list is in the query cache);
 * - idle CPU: main-thread task time over 10 s on the session list with every stream live (CDP
 *   `Performance.getMetrics` TaskDuration delta), and HTTP requests the page made meanwhile (none
 *   expected: the streams notify, nothing polls).
 * Targets (issue 5): list ≤ 200 ms; idle CPU near zero (here: ≤ 1 % of one core, 0 requests).
 */
import { launchBrowser, pairedContext, pairedHost, PAGE_HELPERS, sleep } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeSessions } from './lib/data.mjs';
import { figure } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const HOSTS = 5;
const SESSIONS = Number(process.env.BENCH_MANY_SESSIONS ?? 500);
const IDLE_MS = 10_000;
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_THROTTLE ?? 1);

/** In the page: changes the hash, resolves with ms until the list is painted (or null after 15 s). */
function timeList(hash) {
  return new Promise((resolve) => {
    const started = performance.now();
    const ready = () => {
      const heading = [...document.querySelectorAll('h1, h2, [role="heading"]')].some(
        (h) => h.textContent.trim() === 'Sessions',
      );
      const row = document.querySelector('a[href^="#/s/"]');
      return heading && row && row.getBoundingClientRect().height > 0;
    };
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, 15_000);
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      window.__bench.afterFrame(() => {
        clearTimeout(timer);
        resolve({ ms: performance.now() - started, rows: document.querySelectorAll('a[href^="#/s/"]').length });
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    location.hash = hash;
  });
}

export async function run({ appUrl }) {
  const hosts = await Promise.all(
    Array.from({ length: HOSTS }, (_, i) =>
      startSseHost({ sessions: makeSessions(SESSIONS, { seed: 7 + i, prefix: `ses_h${i + 1}` }) }),
    ),
  );
  const browser = await launchBrowser();
  const paired = hosts.map((h, i) => pairedHost(h.url, { id: `host_bench_${i + 1}`, name: `Bench host ${i + 1}` }));
  const context = await pairedContext(browser, paired);
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (CPU_SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // Start away from the list, so the first visit to it is measured.
    await page.goto(`${appUrl}/#/hosts`);
    await page.getByRole('heading', { name: 'Hosts' }).waitFor({ timeout: 20_000 });
    const live = await Promise.all(hosts.map((h) => h.waitForClients(1, 15_000)));
    await sleep(500);

    const first = await page.evaluate(timeList, '#/');
    await sleep(1000);
    await page.evaluate(() => (location.hash = '#/hosts'));
    await page.getByRole('heading', { name: 'Hosts' }).waitFor({ timeout: 10_000 });
    await sleep(500);
    const cached = await page.evaluate(timeList, '#/');

    // Idle: the list on screen, every stream live; let the page settle first.
    await sleep(2000);
    await cdp.send('Performance.enable');
    const metric = async (name) =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0;
    const requestsBefore = hosts.reduce((n, h) => n + h.requests.length, 0);
    const taskBefore = await metric('TaskDuration');
    const scriptBefore = await metric('ScriptDuration');
    const idleStart = Date.now();
    await sleep(IDLE_MS);
    const taskAfter = await metric('TaskDuration');
    const scriptAfter = await metric('ScriptDuration');
    const idleMs = Date.now() - idleStart;
    const requests = hosts.flatMap((h) => h.requests).filter((r) => r.at >= idleStart && r.at <= idleStart + idleMs);
    const requestCount = hosts.reduce((n, h) => n + h.requests.length, 0) - requestsBefore;
    const cpuPercent = ((taskAfter - taskBefore) * 1000 * 100) / idleMs;
    const byPath = Object.entries(requests.reduce((acc, r) => ({ ...acc, [r.path]: (acc[r.path] ?? 0) + 1 }), {})).map(
      ([p, n]) => `${p} ×${n}`,
    );

    const streams = `${live.filter(Boolean).length} of ${HOSTS} streams live`;
    const throttled = CPU_SLOWDOWN > 1 ? `; CPU ${CPU_SLOWDOWN}× slower` : '';
    return [
      figure(
        'many-sessions',
        `${SESSIONS}-session list, first open (fetch + render)`,
        first?.ms ?? null,
        'ms',
        { max: 200 },
        first ? `${first.rows} rows in the DOM; ${streams}${throttled}` : 'not shown within 15 s',
      ),
      figure(
        'many-sessions',
        `${SESSIONS}-session list, reopened (cached)`,
        cached?.ms ?? null,
        'ms',
        { max: 200 },
        cached ? `${cached.rows} rows in the DOM` : 'not shown within 15 s',
      ),
      figure(
        'many-sessions',
        `idle main-thread CPU, ${HOSTS} live streams, ${IDLE_MS / 1000} s`,
        cpuPercent,
        '%',
        { max: 1 },
        `${Math.round((taskAfter - taskBefore) * 1000)} ms of tasks (${Math.round((scriptAfter - scriptBefore) * 1000)} ms script) in ${idleMs} ms; heartbeats every 10 s per host`,
      ),
      figure(
        'many-sessions',
        'HTTP requests while idle',
        requestCount,
        'count',
        { max: 0 },
        byPath.length ? byPath.join(', ') : undefined,
      ),
    ];
  } finally {
    await context.close();
    await browser.close();
    await Promise.all(hosts.map((h) => h.close()));
  }
}

if (isMain(import.meta.url)) await runStandalone('many-sessions', run);
