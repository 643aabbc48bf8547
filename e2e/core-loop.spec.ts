/**
 * The core loop against a real OpenCode server: pair by URL, see the OpenCode badge and a live
 * connection, create a session, stream a reply, approve a write (the file appears), reject one
 * (no file), and find both decisions recorded. Prints the measured latencies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { EventRecorder } from './event-recorder';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let app: AppPage;
let recorder: EventRecorder;
const pageErrors: string[] = [];

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  app = new AppPage(page);
  recorder = await EventRecorder.start(opencodeUrl);
});

afterAll(async () => {
  recorder?.stop();
  await browser?.close();
});

describe('core loop on a real OpenCode server', () => {
  it('pairs by URL and shows an OpenCode host, live', async () => {
    await app.open(appUrl);
    await page.waitForURL(/#\/pair/);
    await app.pair(opencodeUrl);
    await app.kindBadge('OpenCode').waitFor();
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
    expect(await page.getByRole('heading', { name: 'Sessions' }).isVisible()).toBe(true);
  });

  it('creates a session, sends a prompt and shows the streamed reply', async () => {
    await app.newSession();
    const sentAt = Date.now();
    await app.send('hello from the phone');
    const reply = app.assistantMessages().filter({ hasText: 'Hello! This is the scripted model.' });
    await reply.first().waitFor({ timeout: 20_000 });
    const firstTextAt = Date.now();
    await expect
      .poll(() => reply.first().textContent(), { timeout: 20_000 })
      .toContain('You said: hello from the phone');
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
    console.log(`measured: prompt → first streamed text on screen: ${firstTextAt - sentAt} ms`);
    // The draft is cleared only after the host accepted the prompt.
    expect(await page.getByLabel('Prompt').inputValue()).toBe('');
  });

  it('asks before writing a file, and "Allow once" lets the write happen', async () => {
    const from = recorder.events.length;
    await app.send('please write file approved-e2e.txt');
    const card = app.permissionCard();
    await card.waitFor({ timeout: 20_000 });
    const cardAt = Date.now();
    const asked = await recorder.next('permission.asked', () => true, from);
    console.log(`measured: permission.asked (server) → approval card on screen: ${cardAt - asked.at} ms`);
    expect(await card.textContent()).toContain('approved-e2e.txt');
    expect(await card.textContent()).toContain('edit');
    // The chrome counts it.
    await page.getByRole('link', { name: /Approvals, 1 waiting/ }).waitFor({ timeout: 5_000 });
    // All five entries, count included, fit the width of this phone and of a 320 px one: no
    // sideways scrolling to reach "Hosts".
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      const nav = await page.locator('nav.nav').evaluate((el) => ({
        overflow: el.scrollWidth - el.clientWidth,
        links: el.querySelectorAll('a').length,
        right: Math.max(...Array.from(el.querySelectorAll('a'), (a) => a.getBoundingClientRect().right)),
      }));
      expect(nav).toEqual({ overflow: 0, links: 5, right: expect.any(Number) as number });
      expect(nav.right).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 390, height: 844 });

    await card.getByRole('button', { name: 'Allow once' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    const file = join(workspaceDir, 'approved-e2e.txt');
    await waitFor(() => existsSync(file), 20_000, 'approved-e2e.txt to be written');
    expect(readFileSync(file, 'utf8')).toContain('hello from mock-llm');
    await app.assistantMessages().filter({ hasText: 'Done. The tool said:' }).first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('tool-part').filter({ hasText: 'completed' }).count()).toBeGreaterThan(0);
  });

  it('"Reject" stops the write: no file, the tool shows the rejection', async () => {
    await app.send('please write file rejected-e2e.txt');
    const card = app.permissionCard();
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByTestId('tool-part').filter({ hasText: 'rejected' }).first().waitFor({ timeout: 20_000 });
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
    expect(existsSync(join(workspaceDir, 'rejected-e2e.txt'))).toBe(false);
  });

  it('records both decisions on the device', async () => {
    await page.getByRole('link', { name: /^Approvals/ }).click();
    const log = page.locator('.decision-log li');
    await expect.poll(() => log.count()).toBe(2);
    expect(await log.nth(0).textContent()).toMatch(/rejected-e2e\.txt → reject/);
    expect(await log.nth(1).textContent()).toMatch(/approved-e2e\.txt → once/);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-inbox.png' });
  });

  it("shows a subagent's request inline in the session that started it, and the answer reaches the subagent", async () => {
    await page.goBack();
    await page.getByLabel('Prompt').waitFor();
    await app.send('delegate to a subagent: please write file subagent-e2e.txt');
    // The request belongs to the subagent's child session; the parent's screen shows it, labelled.
    const card = app.permissionCard().filter({ hasText: 'subagent-e2e.txt' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('in subagent: Delegated work');
    await card.getByRole('button', { name: 'Allow once' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await waitFor(
      () => existsSync(join(workspaceDir, 'subagent-e2e.txt')),
      20_000,
      'subagent-e2e.txt to be written by the subagent',
    );
    await page
      .getByTestId('tool-part')
      .filter({ hasText: 'task' })
      .filter({ hasText: 'completed' })
      .first()
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 30_000 }).toBe('idle');
  });

  it('shows offline, then reconnects by itself when the network returns', async () => {
    await context.setOffline(true);
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 10_000 }).toContain('Offline');
    await context.setOffline(false);
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
