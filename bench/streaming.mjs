/**
 * Streaming throughput: the scripted host streams 20,000 `message.part.delta` events (token-sized
 * pieces of a long markdown answer) into the empty text part of an open session's assistant message
 * (`#/s/<id>`), once as fast as the socket takes them and once at 2,000 deltas/s, each in a fresh
 * page. The last delta carries a unique word; in the page a MutationObserver notes when it is in the
 * DOM, then the end of the next painted frame (epoch ms, same clock as the host's Date.now()).
 *
 * Reported per phase: time from the last delta's write to the final text painted, the longest
 * main-thread task (PerformanceObserver 'longtask'), and dropped frames (requestAnimationFrame
 * gaps > 2 × 16.7 ms) while streaming.
 * Targets (issue 5): at 2,000/s no task > 50 ms; final text ≤ 100 ms after the last delta.
 */
import { launchBrowser, pairedContext, pairedHost, PAGE_HELPERS, sleep, waitUntil } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeDeltas, makeSessions, makeStreamingTranscript } from './lib/data.mjs';
import { figure } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const DELTAS = Number(process.env.BENCH_STREAM_DELTAS ?? 20_000);
const PACED_RATE = 2_000;
/** How long the page may take to show the final text after the last delta. */
const CATCH_UP_TIMEOUT_MS = 45_000;
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_THROTTLE ?? 1);

/** In the page: long tasks, frame gaps and the moment `marker` is painted. */
function instrument(marker) {
  const state = { longTasks: [], frames: [], markerDom: null, markerPainted: null, stop: false };
  window.__stream = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  const frame = (t) => {
    state.frames.push(t);
    if (!state.stop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const found = () => {
    if (state.markerDom !== null) return;
    state.markerDom = window.__bench.now();
    window.__bench.afterFrame(() => {
      state.markerPainted = window.__bench.now();
    });
  };
  const has = (node) =>
    node.nodeType === 3 ? node.data.includes(marker) : node.nodeType === 1 && node.textContent.includes(marker);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if ((r.type === 'characterData' && has(r.target)) || [...r.addedNodes].some(has)) {
        found();
        observer.disconnect();
        return;
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

/** Frames dropped: rAF gaps longer than two frames, and the longest gap. */
function frameStats(frames, from, to) {
  const inWindow = frames.filter((t) => t >= from && t <= to);
  let dropped = 0;
  let longest = 0;
  for (let i = 1; i < inWindow.length; i += 1) {
    const gap = inWindow[i] - inWindow[i - 1];
    if (gap > 2 * 16.7) dropped += 1;
    longest = Math.max(longest, gap);
  }
  return { dropped, longest, frames: inWindow.length };
}

async function phase(browser, appUrl, label, rate) {
  const sessionID = `ses_stream_${label}`;
  const { messages, messageID, partID } = makeStreamingTranscript(sessionID);
  const host = await startSseHost({
    sessions: makeSessions(5).concat([
      { ...makeSessions(1, { prefix: sessionID })[0], id: sessionID, title: `Streaming (${label})` },
    ]),
    messages: { [sessionID]: messages },
    statuses: { [sessionID]: { type: 'busy' } },
  });
  const context = await pairedContext(browser, [pairedHost(host.url)]);
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    if (CPU_SLOWDOWN > 1)
      await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(`${appUrl}/#/s/${sessionID}`);
    await page.locator('article[aria-label="Assistant message"]').first().waitFor({ timeout: 20_000 });
    if (!(await host.waitForClients(1, 15_000))) throw new Error('the app never opened the event stream');
    await sleep(500);

    const marker = `benchend${label}${Date.now() % 100000}`;
    const deltas = makeDeltas(DELTAS - 1).concat(`\n\nDone: ${marker}`);
    const events = deltas.map((delta) => ({
      type: 'message.part.delta',
      properties: { sessionID, messageID, partID, field: 'text', delta },
    }));
    await page.evaluate(instrument, marker);
    const windowStart = await page.evaluate(() => performance.now());
    const { firstSentAt, lastSentAt } = rate
      ? await host.emitPaced(events, rate)
      : await host.emitMany(events, { chunk: 200 });
    const seen = await waitUntil(
      () => page.evaluate(() => window.__stream.markerPainted !== null),
      CATCH_UP_TIMEOUT_MS,
      10,
    );
    const stats = await page.evaluate(() => {
      const s = window.__stream;
      s.stop = true;
      return { longTasks: s.longTasks, frames: s.frames, markerPainted: s.markerPainted, end: performance.now() };
    });
    const windowEnd = stats.end;
    const longest = stats.longTasks
      .filter((t) => t.start >= windowStart)
      .reduce((max, t) => Math.max(max, t.duration), 0);
    const frames = frameStats(stats.frames, windowStart, windowEnd);
    const finalText = await page.locator('article[aria-label="Assistant message"]').last().textContent();
    return {
      label,
      rate,
      seen: Boolean(seen),
      lag: seen ? stats.markerPainted - lastSentAt : null,
      total: seen ? stats.markerPainted - firstSentAt : null,
      sendMs: lastSentAt - firstSentAt,
      longest,
      longTasks: stats.longTasks.filter((t) => t.start >= windowStart).length,
      frames,
      chars: finalText?.length ?? 0,
    };
  } finally {
    await context.close();
    await host.close();
  }
}

export async function run({ appUrl }) {
  const browser = await launchBrowser();
  const rows = [];
  try {
    for (const [label, rate] of [
      ['fast', 0],
      ['paced', PACED_RATE],
    ]) {
      const name = rate
        ? `${DELTAS.toLocaleString('en-US')} deltas at ${rate.toLocaleString('en-US')}/s`
        : `${DELTAS.toLocaleString('en-US')} deltas as fast as possible`;
      let r;
      try {
        r = await phase(browser, appUrl, label, rate);
      } catch (error) {
        rows.push(
          figure(
            'streaming',
            `${name}: final text after last delta`,
            null,
            'ms',
            { max: 100 },
            `failed: ${String(error?.message ?? error).split('\n')[0]}`,
          ),
        );
        continue;
      }
      const sent = `host wrote them in ${Math.round(r.sendMs)} ms`;
      const lagNote = r.seen
        ? `${sent}; first delta → final text ${Math.round(r.total)} ms; ${r.chars.toLocaleString('en-US')} characters shown`
        : `${sent}; final text not shown ${CATCH_UP_TIMEOUT_MS / 1000} s after the last delta (value is that bound)`;
      rows.push(
        figure(
          'streaming',
          `${name}: final text painted after last delta`,
          r.seen ? r.lag : CATCH_UP_TIMEOUT_MS,
          'ms',
          { max: 100 },
          lagNote,
        ),
      );
      rows.push(
        figure(
          'streaming',
          `${name}: longest main-thread task`,
          r.longest,
          'ms',
          rate ? { max: 50 } : undefined,
          `${r.longTasks} long tasks (> 50 ms)${CPU_SLOWDOWN > 1 ? `; CPU ${CPU_SLOWDOWN}× slower` : ''}`,
        ),
      );
      rows.push(
        figure(
          'streaming',
          `${name}: dropped frames (rAF gap > 33 ms)`,
          r.frames.dropped,
          'count',
          undefined,
          `${r.frames.frames} frames seen; longest gap ${Math.round(r.frames.longest)} ms`,
        ),
      );
    }
  } finally {
    await browser.close();
  }
  return rows;
}

if (isMain(import.meta.url)) await runStandalone('streaming', run);
