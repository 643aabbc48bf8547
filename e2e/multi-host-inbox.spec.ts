/**
 * One inbox for every paired host, against two real OpenCode servers (two workspaces) paired at
 * once: "Laptop" (the shared server, the active host) and "Work" (this spec's own server).
 *
 * - a write request on Work (not active) appears in the inbox labelled "Work" about as fast as one
 *   on Laptop; the nav count and the document title are the sum of both hosts;
 * - "Allow once" on Work's card writes the file in Work's workspace only, and Laptop stays active;
 * - Work stopped: the inbox says "Work: reconnecting — its requests may be out of date", keeps its
 *   card, and a request on Laptop is still answered; Work started again: its list is fetched
 *   again (the request it forgot leaves), and a new request on Work shows exactly once.
 *
 * Prints the measured latencies (server event → card on screen) of both hosts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { EventRecorder } from './event-recorder';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const laptopUrl = inject('opencodeUrl');
const laptopDir = inject('workspaceDir');

let llm: Awaited<ReturnType<typeof startMockLlm>>;
let work: Awaited<ReturnType<typeof startOpencode>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let app: AppPage;
let laptopEvents: EventRecorder;
let workEvents: EventRecorder;
let laptopSession: string;
let workSession: string;
const pageErrors: string[] = [];
const run = Date.now().toString(36);

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${base}${path} → ${response.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const prompt = (base: string, sessionId: string, text: string) =>
  api(base, 'POST', `/session/${sessionId}/prompt_async`, { parts: [{ type: 'text', text }] });
const pendingOn = (base: string) => api<Array<{ id: string }>>(base, 'GET', '/permission');

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The inbox card asking to edit `file`, on the host named `host`. */
function card(host: string, file: string): Locator {
  return app
    .permissionCard()
    .filter({ hasText: file })
    .filter({ has: page.locator('.approval-host', { hasText: host }) });
}

/** The moment (epoch ms) a card is visible: polled from Node every frame or so. */
async function visibleAt(locator: Locator): Promise<number> {
  await locator.waitFor({ timeout: 30_000 });
  return Date.now();
}

async function askedAt(recorder: EventRecorder, file: string): Promise<number> {
  const event = await recorder.next('permission.asked', (e) => JSON.stringify(e.properties).includes(file), 0);
  return event.at;
}

beforeAll(async () => {
  llm = await startMockLlm();
  work = await startOpencode({ llm, corsOrigins: [appUrl] });
  laptopEvents = await EventRecorder.start(laptopUrl);
  workEvents = await EventRecorder.start(work.url);
  laptopSession = (await api<{ id: string }>(laptopUrl, 'POST', '/session', { title: `Laptop work ${run}` })).id;
  workSession = (await api<{ id: string }>(work.url, 'POST', '/session', { title: `Work release ${run}` })).id;
  browser = await launchBrowser();
  context = await phoneContext(browser);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  app = new AppPage(page);
});

afterAll(async () => {
  laptopEvents?.stop();
  workEvents?.stop();
  await browser?.close();
  await work?.stop();
  await llm?.close();
});

describe('one inbox for two paired OpenCode hosts', () => {
  it('pairs both; the one paired last (Laptop) is active', async () => {
    for (const [url, name] of [
      [work.url, 'Work'],
      [laptopUrl, 'Laptop'],
    ]) {
      await app.open(appUrl, `#/pair?url=${encodeURIComponent(url)}&name=${name}`);
      await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 20_000 });
    }
    await page.getByRole('link', { name: /^Host Laptop, switch host/ }).waitFor();
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
  });

  it("shows the other host's request as fast as the active host's, labelled, and counts both", async () => {
    await page.locator('nav a[href="#/inbox"]').click();
    await page.getByRole('heading', { name: 'Waiting for you' }).waitFor();
    await prompt(laptopUrl, laptopSession, `please write file laptop-${run}.txt`);
    await prompt(work.url, workSession, `please write file work-${run}.txt`);
    const [workCardAt, laptopCardAt] = await Promise.all([
      visibleAt(card('Work', `work-${run}.txt`)),
      visibleAt(card('Laptop', `laptop-${run}.txt`)),
    ]);
    const workMs = workCardAt - (await askedAt(workEvents, `work-${run}.txt`));
    const laptopMs = laptopCardAt - (await askedAt(laptopEvents, `laptop-${run}.txt`));
    console.log(
      `measured: permission.asked → card on screen: Work (not active) ${workMs} ms, Laptop (active) ${laptopMs} ms`,
    );
    expect(workMs).toBeLessThan(Math.max(2 * laptopMs, laptopMs + 1_000));
    // The card names its session on its host.
    expect(
      await card('Work', `work-${run}.txt`)
        .getByRole('link', { name: `Open Work release ${run} on Work` })
        .count(),
    ).toBe(1);
    await expect.poll(() => page.title()).toBe('(2) OpenWork Remote');
    await page.getByRole('link', { name: 'Approvals, 2 waiting' }).waitFor();
    expect(await page.getByRole('group', { name: 'Show requests of' }).getByRole('button').allTextContents()).toEqual([
      'All hosts (2)',
      'Work (1)',
      'Laptop (1)',
    ]);
  });

  it("allows the other host's request: the file is written on that host only, and the active host stays", async () => {
    const file = `work-${run}.txt`;
    await card('Work', file).getByRole('button', { name: 'Allow once' }).click();
    await card('Work', file).waitFor({ state: 'detached', timeout: 10_000 });
    await until(`${file} to be written on Work`, () => existsSync(join(work.workspaceDir, file)));
    expect(existsSync(join(laptopDir, file))).toBe(false);
    expect(await pendingOn(work.url)).toEqual([]);
    expect((await pendingOn(laptopUrl)).length).toBe(1);
    expect(await page.getByRole('link', { name: /^Host Laptop, switch host/ }).count()).toBe(1);
    await page.getByRole('link', { name: 'Approvals, 1 waiting' }).waitFor();
    await expect.poll(() => page.title()).toBe('(1) OpenWork Remote');
    // Laptop's own request still waits; answer it so the next steps start clean.
    await card('Laptop', `laptop-${run}.txt`).getByRole('button', { name: 'Reject' }).click();
    await card('Laptop', `laptop-${run}.txt`).waitFor({ state: 'detached', timeout: 10_000 });
    await until('no request left on Laptop', async () => (await pendingOn(laptopUrl)).length === 0);
  });

  it('says when Work is down, keeps the other host working, and re-syncs Work when it is back', async () => {
    const stale = `stale-${run}.txt`;
    await prompt(work.url, workSession, `please write file ${stale}`);
    await card('Work', stale).waitFor({ timeout: 30_000 });

    let bringBack!: () => void;
    const restarted = work.restart({ stayDown: new Promise<void>((resolve) => (bringBack = resolve)) });
    try {
      const line = page.getByText('Work: reconnecting — its requests may be out of date');
      await line.waitFor({ timeout: 15_000 });
      expect(await line.count()).toBe(1);
      // Its card stays (out of date, as the line says); Laptop is untouched.
      expect(await card('Work', stale).count()).toBe(1);
      expect(await page.getByText(/^Laptop: /).count()).toBe(0);

      const during = `during-${run}.txt`;
      await prompt(laptopUrl, laptopSession, `please write file ${during}`);
      await card('Laptop', during).getByRole('button', { name: 'Allow once' }).click();
      await until(`${during} to be written on Laptop`, () => existsSync(join(laptopDir, during)));
      await card('Laptop', during).waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      bringBack();
      await restarted;
    }

    // Back: the line goes, and the list is Work's again (a restarted OpenCode forgets pending requests).
    await page
      .getByText('Work: reconnecting — its requests may be out of date')
      .waitFor({ state: 'detached', timeout: 20_000 });
    await card('Work', stale).waitFor({ state: 'detached', timeout: 15_000 });
    const again = `again-${run}.txt`;
    await prompt(work.url, workSession, `please write file ${again}`);
    await card('Work', again).waitFor({ timeout: 30_000 });
    // Give a duplicate (a replayed event, a late re-sync) the time to show up, then count.
    await page.waitForTimeout(1_500);
    expect(await card('Work', again).count()).toBe(1);
    expect(await app.permissionCard().count()).toBe(1);
    await page.getByRole('link', { name: 'Approvals, 1 waiting' }).waitFor();
    await card('Work', again).getByRole('button', { name: 'Allow once' }).click();
    await until(`${again} to be written on Work`, () => existsSync(join(work.workspaceDir, again)));
    expect(existsSync(join(laptopDir, again))).toBe(false);
    expect(await page.getByRole('link', { name: /^Host Laptop, switch host/ }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
