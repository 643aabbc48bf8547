/**
 * Debian's Chromium through playwright-core, as a phone, with the flags this closed network needs.
 * The binary, flags and phone are e2e's (e2e/chromium.mjs).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, CHROMIUM_MISSING, PHONE } from '../../e2e/chromium.mjs';

export { CHROMIUM_ARGS, PHONE };
export const EXECUTABLE = CHROMIUM_EXECUTABLE;

/** Starts headless Chromium. */
export async function launchBrowser() {
  if (!existsSync(EXECUTABLE)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath: EXECUTABLE, args: CHROMIUM_ARGS });
}

/** localStorage key of the paired-hosts store (src/host/hosts-store.ts). */
export const HOSTS_STORAGE_KEY = 'openwork-pwa.hosts';

/**
 * A paired direct-OpenCode host as the app persists it (src/host/types.ts `PairedHost`).
 * @param {string} url the host's base URL
 * @param {{id?: string, name?: string}} [options]
 */
export function pairedHost(url, { id = 'host_bench', name = 'Bench host' } = {}) {
  return {
    id,
    name,
    url,
    kind: 'opencode',
    kindReason: 'Direct OpenCode: /health answered 404, and /global/health answered {healthy: true, version bench}.',
    credentials: {},
    opencode: { baseUrl: url, auth: 'none' },
    version: 'bench',
    pairedAt: Date.now(),
  };
}

/**
 * A fresh phone context whose app origin starts with `hosts` paired (the zustand `persist`
 * envelope of the hosts store, version 1), so the app opens on the session list.
 * @param {import('playwright-core').Browser} browser
 * @param {ReturnType<typeof pairedHost>[]} hosts
 */
export async function pairedContext(browser, hosts, activeId = hosts[0]?.id) {
  const context = await browser.newContext(PHONE);
  const value = JSON.stringify({ state: { hosts, activeId }, version: 1 });
  await context.addInitScript(
    ([key, stored]) => {
      // Only when absent: a reload keeps what the app itself saved since.
      if (localStorage.getItem(key) === null) localStorage.setItem(key, stored);
    },
    [HOSTS_STORAGE_KEY, value],
  );
  return context;
}

/** Resolves after `ms`. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes.
 * @returns {Promise<any>} the value, or undefined on timeout
 */
export async function waitUntil(check, timeoutMs, intervalMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/**
 * Page-side helpers, installed with `page.addInitScript(PAGE_HELPERS)` or evaluated once.
 * - `__bench.afterFrame(cb)`: calls back after the next frame was produced (rAF, then a task:
 *   the task runs after that frame's paint), the usual "painted" approximation.
 * - `__bench.now()`: epoch ms with sub-ms precision (timeOrigin + performance.now()), comparable
 *   with the host's `Date.now()` on the same machine.
 */
export const PAGE_HELPERS = `
  window.__bench = window.__bench || {};
  window.__bench.afterFrame = (cb) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => cb(); c.port2.postMessage(0); });
  window.__bench.now = () => performance.timeOrigin + performance.now();
`;
