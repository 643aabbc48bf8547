/**
 * The composer with its lists open: 2,000 workspace files behind `@` and 40 commands behind `/`
 * on a scripted host. A key is typed into the prompt (an `input` event, as a keyboard sends it)
 * and the time runs until the list's options changed in the DOM and the next frame was produced.
 * The first update is the local filter of the last answer; the host's answer (after the 150 ms
 * debounce) comes later and is not what the typist waits for.
 * Target (issue 12): typing → list updated ≤ 50 ms p95 for 2,000 files.
 * Part of `npm run bench` (`--only composer`); alone: `node bench/composer.mjs`.
 */
import { launchBrowser, pairedContext, pairedHost, PAGE_HELPERS, sleep } from './lib/browser.mjs';
import { isMain, runStandalone } from './lib/cli.mjs';
import { makeSessions } from './lib/data.mjs';
import { figure, percentile } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const FILES = 2_000;
const ROUNDS = Number(process.env.BENCH_COMPOSER_ROUNDS ?? 20);

const files = Array.from({ length: FILES }, (_, i) => `src/module-${i % 40}/component-${i}.tsx`);
const commands = Array.from({ length: 40 }, (_, i) => ({
  name: `command-${i}-${['review', 'test', 'deploy', 'explain'][i % 4]}`,
  description: `Scripted command number ${i}`,
  template: '',
  hints: [],
}));

/**
 * In the page: sets the prompt to `text` (caret at the end) as typing does, and resolves with ms
 * until the listbox's options changed and a frame was produced, or null when nothing changed in 1 s.
 */
function typeAndTime(text) {
  return new Promise((resolve) => {
    const prompt = document.getElementById('prompt');
    const started = performance.now();
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    };
    const observer = new MutationObserver(() => window.__bench.afterFrame(() => finish(performance.now() - started)));
    observer.observe(prompt.closest('form'), { childList: true, subtree: true, characterData: true });
    const timer = setTimeout(() => finish(null), 1_000);
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
    setter.call(prompt, text);
    prompt.setSelectionRange(text.length, text.length);
    prompt.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Types `prefix` + each prefix of `word`, one key at a time; the times of the keys that changed the list. */
async function typeWord(page, prefix, word) {
  const times = [];
  let unchanged = 0;
  for (let i = 1; i <= word.length; i += 1) {
    const ms = await page.evaluate(typeAndTime, prefix + word.slice(0, i));
    if (ms === null) unchanged += 1;
    else times.push(ms);
    // A typist's pace, so the debounced search and its answer happen between keys as they would.
    await sleep(120);
  }
  return { times, unchanged };
}

export async function run({ appUrl }) {
  const sessions = makeSessions(1, { seed: 12, prefix: 'ses_composer' });
  const host = await startSseHost({ sessions, steering: { files, commands } });
  const browser = await launchBrowser();
  const context = await pairedContext(browser, [pairedHost(host.url)]);
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    await page.goto(`${appUrl}/#/s/${sessions[0].id}`);
    await page.getByLabel('Prompt').waitFor({ timeout: 20_000 });
    await page.getByLabel('Prompt').focus();

    // Warm up: load the list's code and the first answers.
    await page.evaluate(typeAndTime, '@');
    await page.getByRole('listbox', { name: 'Files' }).waitFor({ timeout: 10_000 });
    await page.evaluate(typeAndTime, '/');
    await page.getByRole('listbox', { name: 'Commands' }).waitFor({ timeout: 10_000 });
    await sleep(500);

    const fileTimes = [];
    const commandTimes = [];
    let unchanged = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await page.evaluate(typeAndTime, '');
      const fileRun = await typeWord(page, 'look at @', `comp${(round * 97) % FILES}`);
      fileTimes.push(...fileRun.times);
      await page.evaluate(typeAndTime, '');
      const commandRun = await typeWord(page, '/', `command-${round % 40}`);
      commandTimes.push(...commandRun.times);
      unchanged += fileRun.unchanged + commandRun.unchanged;
    }
    const note = (times) =>
      `${times.length} keys, median ${percentile(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
    return [
      figure(
        'composer',
        `@ list, ${FILES} files: key → list updated, p95`,
        percentile(fileTimes, 95),
        'ms',
        { max: 50 },
        note(fileTimes),
      ),
      figure(
        'composer',
        `/ list, ${commands.length} commands: key → list updated, p95`,
        percentile(commandTimes, 95),
        'ms',
        { max: 50 },
        `${note(commandTimes)}; ${unchanged} keys left the lists as they were (not timed)`,
      ),
    ];
  } finally {
    await context.close();
    await browser.close();
    await host.close();
  }
}

if (isMain(import.meta.url)) await runStandalone('composer', run);
