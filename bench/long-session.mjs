/**
 * Long sessions: sessions of 200, 2,000 and 20,000 messages (10 parts each: user prompts; assistant
 * turns with reasoning, tool calls with output, text; about 6.5 kB of JSON a message). The bench
 * host pages `GET /session/{id}/message` as OpenCode 1.18 does (`limit`, `before=CURSOR`,
 * `X-Next-Cursor`, `Link`). For each size the app starts on the session list, then navigates to
 * `#/s/<id>`:
 * - time to the latest message: from the navigation to the newest message's text being in the DOM
 *   and painted (the last assistant text carries a unique word);
 * - bytes at open: the transcript requests made by then (resource timing `encodedBodySize`; the
 *   bench host does not compress, OpenCode gzips, so a real host sends less).
 * Targets (issue 11): ≤ 300 ms and ≤ 1 MB for every size, i.e. independent of the session's length.
 * On the 2,000-message session also: DOM nodes after opening and the most seen while scrolling the
 * transcript from the bottom to the top (a few viewports per step, two frames each; older pages
 * load on the way up), and the JS heap after that scroll (CDP `Runtime.getHeapUsage` after
 * `HeapProfiler.collectGarbage`). Targets (issue 5): ≤ 3,000 nodes, ≤ 100 MB.
 * `BENCH_LONG_SIZES=200,2000` picks the sizes.
 */
import { launchBrowser, pairedContext, pairedHost, PAGE_HELPERS, sleep } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeSessions, makeTranscript } from './lib/data.mjs';
import { figure } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const SIZES = (process.env.BENCH_LONG_SIZES ?? '200,2000,20000').split(',').map(Number);
/** The size whose whole transcript is scrolled through (DOM and heap figures). */
const SCROLLED = 2_000;
const PARTS_PER_MESSAGE = 10;
const RENDER_TIMEOUT_MS = 30_000;
const SCROLL_TIMEOUT_MS = 45_000;
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_THROTTLE ?? 1);
const LATEST = 'benchlatestmessage';
const OLDEST = 'bencholdestmessage';

/** In the page: navigates to the session and resolves when the latest message is painted. */
function openAndTime([hash, marker, timeoutMs]) {
  return new Promise((resolve) => {
    const has = (node) =>
      node.nodeType === 3 ? node.data.includes(marker) : node.nodeType === 1 && node.textContent.includes(marker);
    const started = performance.now();
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve({ timedOut: true });
    }, timeoutMs);
    const observer = new MutationObserver((records) => {
      if (!records.some((r) => (r.type === 'characterData' && has(r.target)) || [...r.addedNodes].some(has))) return;
      observer.disconnect();
      const dom = performance.now();
      window.__bench.afterFrame(() => {
        clearTimeout(timer);
        // Where the latest message is: on screen, or further down the page.
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let inView = false;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.data.includes(marker)) continue;
          const box = n.parentElement.getBoundingClientRect();
          inView = box.bottom > 0 && box.top < innerHeight;
          break;
        }
        // When the transcript had arrived (the app's own time is what follows), and what it cost.
        const requests = performance
          .getEntriesByType('resource')
          .filter((e) => /\/message(\?|$)/.test(e.name) && e.startTime >= started);
        const request = requests.at(-1);
        resolve({
          requests: requests.length,
          bytes: requests.reduce((n, e) => n + e.encodedBodySize, 0),
          firstUrl: requests[0]?.name ?? null,
          timedOut: false,
          dom: dom - started,
          painted: performance.now() - started,
          nodes: document.getElementsByTagName('*').length,
          inView,
          fetched: request ? request.responseEnd - started : null,
        });
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    location.hash = hash;
  });
}

/** In the page: scrolls the transcript from the bottom to the top; samples the DOM size. */
async function scrollToTop([oldest, timeoutMs]) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const article = document.querySelector('article[aria-label$="message"]');
  let scroller = article?.parentElement;
  while (scroller && scroller !== document.body) {
    const style = getComputedStyle(scroller);
    if (/(auto|scroll)/.test(style.overflowY) && scroller.scrollHeight > scroller.clientHeight + 1) break;
    scroller = scroller.parentElement;
  }
  if (!scroller || scroller === document.body) scroller = document.scrollingElement;
  scroller.scrollTop = scroller.scrollHeight;
  await frame();
  await frame();
  const deadline = performance.now() + timeoutMs;
  const step = Math.max(200, scroller.clientHeight * 3);
  let maxNodes = document.getElementsByTagName('*').length;
  let steps = 0;
  let atTop = 0;
  const oldestShown = () => document.body.textContent.includes(oldest);
  while (performance.now() < deadline) {
    scroller.scrollTop = Math.max(0, scroller.scrollTop - step);
    await frame();
    await frame();
    steps += 1;
    if (steps % 5 === 0) maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
    // At the top, give a list that loads older messages on demand a moment to do so.
    if (scroller.scrollTop === 0) {
      atTop += 1;
      if (atTop >= 10 && (oldestShown() || atTop >= 60)) break;
    } else atTop = 0;
  }
  maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
  return {
    steps,
    maxNodes,
    reachedTop: scroller.scrollTop === 0,
    oldestShown: oldestShown(),
    scroller:
      scroller === document.scrollingElement ? 'document' : scroller.className || scroller.tagName.toLowerCase(),
  };
}

/** Opens one session of `messages` messages in a fresh host and page; returns its figures. */
async function measure(browser, appUrl, messages) {
  const sessionID = 'ses_long';
  const transcript = makeTranscript(sessionID, {
    messages,
    parts: PARTS_PER_MESSAGE,
    latestMarker: LATEST,
    oldestMarker: OLDEST,
  });
  const parts = transcript.reduce((n, m) => n + m.parts.length, 0);
  const sessions = [
    { ...makeSessions(1, { prefix: 'ses_long' })[0], id: sessionID, title: 'A very long session' },
    ...makeSessions(10, { now: Date.now() - 60_000 }),
  ];
  const host = await startSseHost({ sessions, messages: { [sessionID]: transcript } });
  const context = await pairedContext(browser, [pairedHost(host.url)]);
  const count = messages.toLocaleString('en-US');
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (CPU_SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(`${appUrl}/#/`);
    await page.locator(`a[href="#/s/${sessionID}"]`).waitFor({ timeout: 20_000 });
    await host.waitForClients(1, 15_000);
    await sleep(300);

    const size = `${count} messages, ${parts.toLocaleString('en-US')} parts`;
    const open = await page.evaluate(openAndTime, [`#/s/${sessionID}`, LATEST, RENDER_TIMEOUT_MS]);
    if (open.timedOut) {
      return [
        figure(
          'long-session',
          `${count} messages: latest message painted`,
          RENDER_TIMEOUT_MS,
          'ms',
          { max: 300 },
          `${size}; not shown within ${RENDER_TIMEOUT_MS / 1000} s (value is that bound)`,
        ),
      ];
    }
    const throttled = CPU_SLOWDOWN > 1 ? `; CPU ${CPU_SLOWDOWN}× slower` : '';
    const limit = open.firstUrl ? new URL(open.firstUrl).searchParams.get('limit') : null;
    const figures = [
      figure(
        'long-session',
        `${count} messages: latest message painted`,
        open.painted,
        'ms',
        { max: 300 },
        `${size}; transcript received after ${open.fetched === null ? '?' : Math.round(open.fetched)} ms, in the DOM after ${Math.round(open.dom)} ms; latest message ${open.inView ? 'on screen' : 'rendered but off screen (the view did not open at the bottom)'}${throttled}`,
      ),
      figure(
        'long-session',
        `${count} messages: transcript bytes at open`,
        open.bytes / 1e3,
        'kB',
        { max: 1_000 },
        `${open.requests} request(s), the first ${limit === null ? 'without limit' : `with limit=${limit}`}; uncompressed (OpenCode gzips)`,
      ),
    ];
    if (messages !== SCROLLED) return figures;

    const scroll = await page.evaluate(scrollToTop, [OLDEST, SCROLL_TIMEOUT_MS]);
    const pages = host.requests.filter((r) => r.path === `/session/${sessionID}/message`).length;
    const before = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await cdp.send('Runtime.getHeapUsage');
    const scrollNote = `${scroll.steps} scroll steps on ${scroll.scroller}, ${pages} transcript requests; ${scroll.oldestShown ? 'reached the oldest message' : scroll.reachedTop ? 'at the top, but the oldest message never rendered' : `stopped after ${SCROLL_TIMEOUT_MS / 1000} s before the top`}`;
    return [
      ...figures,
      figure('long-session', `${count} messages: DOM nodes after opening`, open.nodes, 'nodes', { max: 3000 }),
      figure(
        'long-session',
        `${count} messages: DOM nodes, most while scrolling to the top`,
        scroll.maxNodes,
        'nodes',
        { max: 3000 },
        scrollNote,
      ),
      figure(
        'long-session',
        `${count} messages: JS heap after scrolling (after GC)`,
        after.usedSize / 1e6,
        'MB',
        { max: 100 },
        `before GC ${(before.usedSize / 1e6).toFixed(1)} MB`,
      ),
    ];
  } finally {
    await context.close();
    await host.close();
  }
}

export async function run({ appUrl }) {
  const browser = await launchBrowser();
  try {
    const figures = [];
    for (const messages of SIZES) figures.push(...(await measure(browser, appUrl, messages)));
    return figures;
  } finally {
    await browser.close();
  }
}

if (isMain(import.meta.url)) await runStandalone('long-session', run);
