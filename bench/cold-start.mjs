/**
 * Cold start on a slow phone: Chromium with a 4× CPU slowdown (CDP Emulation.setCPUThrottlingRate)
 * and a slow-4G profile (CDP Network.emulateNetworkConditions: 150 ms latency, 1.6 Mbps down,
 * 750 kbps up). The app starts paired with a scripted host (localStorage seeded), so its first
 * screen is the session list; "interactive" is when the "Sessions" heading and the first session
 * row are in the page and that frame was painted, timed in the page from navigation start
 * (performance.now()).
 *
 * - network: a fresh browser context (no HTTP cache, no service worker)
 * - cache: a second page in the same context once the service worker is ready (the shell comes
 *   from its precache; host data still crosses the throttled network)
 * Targets: ≤ 2.5 s from the network, ≤ 1 s from the cache (were 3 s and 1.5 s). Median of RUNS runs each.
 * BENCH_COLD_DETAIL=1 also prints, per cached run, when each resource was asked for and answered.
 *
 * Lighthouse (mobile, simulated throttling) runs after, only when the `lighthouse` npm package
 * installs (into bench/.tools, gitignored) and runs against Debian's Chromium within its time
 * limit; otherwise it prints "skipped: <why>".
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, EXECUTABLE, launchBrowser, pairedContext, pairedHost } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeSessions } from './lib/data.mjs';
import { figure, median } from './lib/figures.mjs';
import { runLimited } from './lib/process.mjs';
import { startSseHost } from './sse-host.mjs';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const CPU_SLOWDOWN = 4;
/** Slow 4G as the issue defines it; throughput in bytes per second. */
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
const LOAD_TIMEOUT_MS = 20_000;
const LIGHTHOUSE_VERSION = '12.8.2'; // the last major that runs on Node 20 (13 needs ≥ 22.19)
const LIGHTHOUSE_TIMEOUT_MS = 100_000;
const INSTALL_TIMEOUT_MS = 60_000;
/** The whole bench stays within this (run.mjs kills it at 200 s): later runs and Lighthouse give way. */
const BUDGET_MS = 180_000;
const RUNS_BUDGET_MS = 90_000;
const benchStart = Date.now();
const TOOLS = fileURLToPath(new URL('./.tools', import.meta.url));

/**
 * Marks when the session list is on screen: an h1/h2 "Sessions" and a link to a session
 * (`#/s/…`) with a box, then the next painted frame. Installed before any app script runs.
 */
const READY_PROBE = `
  (() => {
    const ready = () => {
      const heading = [...document.querySelectorAll('h1, h2, [role="heading"]')].some((h) => h.textContent.trim() === 'Sessions');
      const row = document.querySelector('a[href^="#/s/"]');
      return heading && row && row.getBoundingClientRect().height > 0;
    };
    window.__coldStart = {};
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      window.__coldStart.dom = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { window.__coldStart.painted = performance.now(); };
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  })();
`;

async function throttle(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return cdp;
}

/** Opens the app in `page` and returns `{painted, dom, fcp, controlled}` in ms from navigation start. */
async function timedLoad(page, appUrl) {
  await throttle(page);
  await page.goto(`${appUrl}/#/`, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
  await page.waitForFunction(() => window.__coldStart?.painted !== undefined, null, {
    timeout: LOAD_TIMEOUT_MS,
    polling: 50,
  });
  return page.evaluate(() => ({
    painted: window.__coldStart.painted,
    dom: window.__coldStart.dom,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    controlled: Boolean(navigator.serviceWorker?.controller),
    // Where the time went: the app's scripts arrived, the session list was asked for and answered.
    scripts: Math.max(
      0,
      ...performance
        .getEntriesByType('resource')
        .filter((entry) => entry.initiatorType === 'script' || /\.js$/.test(new URL(entry.name).pathname))
        .map((entry) => entry.responseEnd),
    ),
    entries: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(
      (entry) =>
        `${new URL(entry.name).pathname.slice(-30)} ${Math.round(entry.startTime)}-${Math.round(entry.responseEnd)}${entry.workerStart ? ` sw@${Math.round(entry.workerStart)}` : ''}`,
    ),
    list: performance
      .getEntriesByType('resource')
      .filter((entry) => /\/session\?/.test(entry.name))
      .map((entry) => [entry.startTime, entry.responseEnd])[0],
  }));
}

async function measureRuns(browser, appUrl, hostUrl) {
  const network = [];
  const cache = [];
  const fcp = [];
  const notes = [];
  for (let i = 0; i < RUNS; i += 1) {
    if (Date.now() - benchStart > RUNS_BUDGET_MS) {
      notes.push(`stopped after ${i} runs: ${RUNS_BUDGET_MS / 1000} s budget used`);
      break;
    }
    const context = await pairedContext(browser, [pairedHost(hostUrl)]);
    await context.addInitScript(READY_PROBE);
    try {
      const first = await context.newPage();
      const cold = await timedLoad(first, appUrl);
      network.push(cold.painted);
      if (cold.fcp !== null) fcp.push(cold.fcp);
      // The shell is cached once the service worker is active; only then is the next load "from cache".
      const swReady = await first
        .evaluate(() =>
          Promise.race([
            navigator.serviceWorker.ready.then(() => true),
            new Promise((resolve) => setTimeout(() => resolve(false), 30_000)),
          ]),
        )
        .catch(() => false);
      await first.close();
      if (!swReady) {
        notes.push('service worker not ready within 30 s');
        continue;
      }
      const second = await context.newPage();
      const warm = await timedLoad(second, appUrl);
      if (!warm.controlled) notes.push('second load was not controlled by the service worker');
      cache.push(warm.painted);
      if (process.env.BENCH_COLD_DETAIL === '1')
        console.log(
          `${warm.entries.join('\n')}\ncache run ${i + 1}: scripts in ${Math.round(warm.scripts)} ms, list asked ${Math.round(warm.list?.[0] ?? -1)} answered ${Math.round(warm.list?.[1] ?? -1)}, painted ${Math.round(warm.painted)} ms`,
        );
      await second.close();
    } catch (error) {
      notes.push(`run ${i + 1}: ${String(error?.message ?? error).split('\n')[0]}`);
    } finally {
      await context.close();
    }
  }
  return { network, cache, fcp, notes };
}

/** Runs a command with a time limit, its output captured; resolves `{code, stdout, stderr, timedOut}`. */
function exec(command, args, { timeoutMs, env, cwd } = {}) {
  return runLimited(command, args, { timeoutMs, capture: true, env: { ...process.env, ...env }, cwd });
}

/** The Lighthouse CLI entry: the project's own dependency if it has one, else bench/.tools. */
async function lighthouseCli() {
  const candidates = [
    fileURLToPath(new URL('../node_modules/lighthouse/cli/index.js', import.meta.url)),
    `${TOOLS}/node_modules/lighthouse/cli/index.js`,
  ];
  const found = candidates.find((c) => existsSync(c));
  if (found) return { cli: found };
  if (process.env.BENCH_LIGHTHOUSE === '0') return { skipped: 'BENCH_LIGHTHOUSE=0' };
  mkdirSync(TOOLS, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = await exec(
    npm,
    [
      'install',
      '--prefix',
      TOOLS,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `lighthouse@${LIGHTHOUSE_VERSION}`,
    ],
    { timeoutMs: INSTALL_TIMEOUT_MS },
  );
  if (install.code !== 0 || !existsSync(candidates[1])) {
    return {
      skipped: `npm could not install lighthouse@${LIGHTHOUSE_VERSION}${install.timedOut ? ` within ${INSTALL_TIMEOUT_MS / 1000} s` : ''}: ${(install.stderr || install.stdout).trim().split('\n').at(-1) ?? ''}`,
    };
  }
  return { cli: candidates[1] };
}

/** Lighthouse mobile scores of the first screen (unpaired: the pairing screen), or a skip reason. */
async function lighthouse(appUrl) {
  const found = await lighthouseCli();
  if (found.skipped) return { skipped: found.skipped };
  const timeoutMs = Math.min(LIGHTHOUSE_TIMEOUT_MS, BUDGET_MS - (Date.now() - benchStart));
  if (timeoutMs < 30_000) return { skipped: `not enough of the bench's ${BUDGET_MS / 1000} s budget left` };
  const out = `${TOOLS}/lighthouse-report.json`;
  rmSync(out, { force: true });
  // Lighthouse splits --chrome-flags on spaces unless quoted: the resolver rule has spaces.
  const flags = CHROMIUM_ARGS.filter((a) => !a.startsWith('--host-resolver-rules')).concat(
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
  );
  const result = await exec(
    process.execPath,
    [
      found.cli,
      `${appUrl}/`,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      '--only-categories=performance,accessibility,best-practices',
      `--chrome-flags=${flags.join(' ')}`,
      '--max-wait-for-load=30000',
    ],
    { timeoutMs, env: { CHROME_PATH: EXECUTABLE } },
  );
  if (result.timedOut) return { skipped: `Lighthouse did not finish within ${Math.round(timeoutMs / 1000)} s` };
  if (!existsSync(out))
    return {
      skipped: `Lighthouse failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ')}`,
    };
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const score = (id) =>
    report.categories?.[id]?.score === null || report.categories?.[id]?.score === undefined
      ? null
      : Math.round(report.categories[id].score * 100);
  const failing = (id) =>
    (report.categories?.[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && report.audits[ref.id]?.score !== null && report.audits[ref.id]?.score < 1)
      .map((ref) => ref.id);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcp: report.audits?.['largest-contentful-paint']?.numericValue ?? null,
    runtimeError: report.runtimeError?.message,
    failing: {
      performance: failing('performance'),
      accessibility: failing('accessibility'),
      bestPractices: failing('best-practices'),
    },
  };
}

export async function run({ appUrl }) {
  const host = await startSseHost({ sessions: makeSessions(30) });
  const browser = await launchBrowser();
  const rows = [];
  try {
    const { network, cache, fcp, notes } = await measureRuns(browser, appUrl, host.url);
    const runs = (list) =>
      `median of ${list.length} run${list.length === 1 ? '' : 's'} (${list.map((v) => Math.round(v)).join(', ')} ms)`;
    const extra = notes.length ? `; ${notes.join('; ')}` : '';
    rows.push(
      figure(
        'cold-start',
        'session list interactive, from network (4× CPU, slow 4G)',
        network.length ? median(network) : null,
        'ms',
        { max: 2500 },
        (network.length ? runs(network) : 'no run finished') + extra,
      ),
    );
    rows.push(
      figure(
        'cold-start',
        'session list interactive, from service-worker cache',
        cache.length ? median(cache) : null,
        'ms',
        { max: 1000 },
        cache.length ? runs(cache) : `no cached run${extra}`,
      ),
    );
    rows.push(figure('cold-start', 'first contentful paint, from network', fcp.length ? median(fcp) : null, 'ms'));
  } finally {
    await browser.close();
    await host.close();
  }
  const lh = await lighthouse(appUrl).catch((error) => ({
    skipped: `Lighthouse failed: ${String(error?.message ?? error).split('\n')[0]}`,
  }));
  if (lh.skipped) {
    console.log(`lighthouse skipped: ${lh.skipped}`);
    rows.push(figure('cold-start', 'Lighthouse', null, 'score', undefined, `skipped: ${lh.skipped}`));
  } else {
    const why = (list) => (list.length ? `below 100 on: ${list.join(', ')}` : undefined);
    const page = 'mobile preset (simulated slow 4G, 4× CPU), first screen of an unpaired app (the pairing screen)';
    rows.push(
      figure(
        'cold-start',
        'Lighthouse performance',
        lh.performance,
        'score',
        { min: 100 },
        [page, why(lh.failing.performance), lh.runtimeError].filter(Boolean).join('; '),
      ),
    );
    rows.push(
      figure(
        'cold-start',
        'Lighthouse accessibility',
        lh.accessibility,
        'score',
        { min: 100 },
        why(lh.failing.accessibility),
      ),
    );
    rows.push(
      figure(
        'cold-start',
        'Lighthouse best practices',
        lh.bestPractices,
        'score',
        { min: 100 },
        why(lh.failing.bestPractices),
      ),
    );
    if (lh.lcp !== null)
      rows.push(figure('cold-start', 'Lighthouse largest contentful paint (simulated)', lh.lcp, 'ms'));
  }
  return rows;
}

if (isMain(import.meta.url)) await runStandalone('cold-start', run);
