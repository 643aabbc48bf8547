/**
 * An OpenWork host outage mid-session, against the host fixture in front of the real OpenCode: the
 * fixture is stopped (every connection dropped, as a killed server does) and started again on the
 * same port. Two ways a host reaches its engine:
 *
 * - `engine reached directly` (no proxy, as hosts up to v0.7.1): the engine's event stream keeps
 *   going, so only the watch on the host's `/health` can tell;
 * - `through the host's proxy`: the stream goes down with the host, and the header must still
 *   blame the host, not the engine.
 *
 * Either way: the header says the OpenWork host is down within 5 s, then "Live" again after the
 * restart; the Workspace screen, opened during the outage and showing its errors, recovers
 * without any navigation; and the session shows each message once, before and after.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { AppPage } from './pages/app-page';
import { OpenworkPage } from './pages/openwork-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');

/** How soon the header must say the host is down, in ms (the requirement). */
const DOWN_WITHIN_MS = 5_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each([
  { mode: 'engine reached directly', proxy: false },
  { mode: "through the host's proxy", proxy: true },
])('an OpenWork host outage ($mode)', ({ proxy }) => {
  let context: BrowserContext;
  let page: Page;
  let app: AppPage;
  let dir: string;
  let options: Parameters<typeof startOpenworkHost>[0];
  let host: Awaited<ReturnType<typeof startOpenworkHost>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'owpwa-outage-'));
    writeFileSync(join(dir, 'notes.md'), '# Notes\n');
    options = {
      workspaces: [{ name: 'Outage', path: dir, opencodeUrl }],
      corsOrigins: [appUrl],
      approval: { mode: 'auto' },
      proxy,
    };
    host = await startOpenworkHost(options);
    context = await phoneContext(browser);
    page = await context.newPage();
    app = new AppPage(page);
  });

  afterAll(async () => {
    await context?.close();
    await host?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const header = () => app.connectionStatus();
  const headerText = async () => (await header().textContent()) ?? '';

  /** Each message of the open session once: returns the texts, in order. */
  async function transcript(): Promise<string[]> {
    // A reply that just streamed in shows its newest text plain until it stops arriving, then as
    // markdown: read it once it is markdown, so two reads of the same reply compare equal.
    await expect.poll(() => page.locator('.markdown-tail').count(), { timeout: 5_000 }).toBe(0);
    return page.getByRole('article').evaluateAll((articles) => articles.map((a) => a.textContent ?? ''));
  }

  it('pairs, runs a turn in a session, and is Live', async () => {
    await new OpenworkPage(page).pairOpenwork(appUrl, host.url, host.token);
    await app.kindBadge('OpenWork').waitFor({ timeout: 15_000 });
    await expect.poll(headerText, { timeout: 15_000 }).toContain('Live');
    await app.newSession();
    await app.send('hello before the outage');
    await app
      .assistantMessages()
      .filter({ hasText: 'You said: hello before the outage' })
      .first()
      .waitFor({ timeout: 20_000 });
  });

  it('the header says the OpenWork host is down within 5 s, and screens say why', async () => {
    const sessionUrl = page.url();
    const before = await transcript();
    expect(before).toHaveLength(2);
    await host.close();
    const stoppedAt = Date.now();
    await expect.poll(headerText, { timeout: DOWN_WITHIN_MS, interval: 100 }).toContain('OpenWork host down');
    const seenAfter = Date.now() - stoppedAt;
    expect(seenAfter).toBeLessThanOrEqual(DOWN_WITHIN_MS);
    console.info(`outage (${proxy ? 'proxy' : 'direct engine'}): header said the host is down after ${seenAfter} ms`);
    // Not "Live", and not blaming the engine: the host is the part that is down.
    expect(await headerText()).not.toContain('Live');
    expect(await headerText()).not.toContain('engine unreachable');
    // The session keeps what it had.
    expect(await transcript()).toEqual(before);
    expect(page.url()).toBe(sessionUrl);

    // The user opens the Workspace screen while the host is away: it says the host cannot be reached.
    await page.getByRole('link', { name: 'Workspace' }).click();
    await page.getByText(/Could not list skills: .*could not be reached/).waitFor({ timeout: 20_000 });
  });

  it('after the restart: Live again, the Workspace screen recovers in place, the session has no duplicates', async () => {
    const workspaceUrl = page.url();
    host = await startOpenworkHost({ ...options, port: host.port });
    await expect.poll(headerText, { timeout: 15_000 }).toMatch(/^Live$/);
    // No tap, no navigation: the screen's failed lists come back by themselves.
    await page.getByText('No skills.').waitFor({ timeout: 15_000 });
    expect(await page.getByText(/Could not list/).count()).toBe(0);
    expect(page.url()).toBe(workspaceUrl);

    await page.goBack();
    await app.assistantMessages().filter({ hasText: 'You said: hello before the outage' }).first().waitFor();
    await app.send('hello after the outage');
    await app
      .assistantMessages()
      .filter({ hasText: 'You said: hello after the outage' })
      .first()
      .waitFor({ timeout: 20_000 });
    // Give a late re-sync the chance to add a copy, then count: each message exactly once.
    await page.waitForTimeout(1_000);
    const texts = await transcript();
    expect(texts).toHaveLength(4);
    expect(texts.filter((t) => t.includes('hello before the outage'))).toHaveLength(2);
    expect(texts.filter((t) => t.includes('hello after the outage'))).toHaveLength(2);
  });
});
