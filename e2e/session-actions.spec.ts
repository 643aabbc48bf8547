/**
 * Session actions against a real OpenCode server and the scripted model: the agent writes a file,
 * the session's "Changes" lists it with its diff, a revert restores the disk (checked on disk) and
 * unrevert brings the file back; rename shows in the list; fork opens a new session with the
 * earlier messages; a subagent's session is listed and reachable; delete removes the session.
 * With E2E_SCREENSHOTS=1 it saves docs/screenshot-changes.png, docs/screenshot-session-actions.png and
 * docs/screenshot-revert.png.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pairedPhone } from './browser';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');

const FILE = 'changed-e2e.txt';
const TITLE = 'E2E actions run';

let browser: Browser;
let page: Page;
let app: AppPage;
let sessionUrl = '';
let pageErrors: string[] = [];

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sheet = (name: string) => page.getByRole('dialog', { name });
const idle = () => expect.poll(() => app.sessionStatus().textContent(), { timeout: 30_000 }).toBe('idle');

async function openSessionActions() {
  await page.getByRole('button', { name: 'Session actions' }).click();
  await sheet('Session').waitFor();
}

async function openMessageActions(index: number) {
  await page.getByRole('button', { name: 'Message actions' }).nth(index).click();
  await sheet('Message').waitFor();
}

beforeAll(async () => {
  ({ browser, page, app, pageErrors } = await pairedPhone(appUrl, opencodeUrl));
});

afterAll(async () => {
  await browser?.close();
});

describe('session actions on a real OpenCode server', () => {
  it('the agent writes a file; "Changes" lists it with its diff and the usage', async () => {
    await app.newSession();
    sessionUrl = page.url();
    await app.send(`please write file ${FILE}`);
    const card = app.permissionCard();
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Allow once' }).click();
    await waitFor(() => existsSync(join(workspaceDir, FILE)), 20_000, `${FILE} to be written`);
    await app.assistantMessages().filter({ hasText: 'Done. The tool said:' }).first().waitFor({ timeout: 20_000 });
    await idle();

    const changes = page.getByRole('button', { name: 'Changes (1)' });
    await changes.waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('Usage').textContent()).toMatch(/tokens · \$0\.00 · context \d+% full/);
    await changes.click();
    const files = sheet('What this run changed').getByRole('list', { name: 'Changed files' });
    const file = files.getByRole('button', { name: new RegExp(`${FILE.replace('.', '\\.')}.*added \\+1 −0`) });
    await file.click();
    expect(await sheet('What this run changed').getByLabel('Differences').textContent()).toContain(
      '+hello from mock-llm',
    );
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-changes.png' });
    await sheet('What this run changed').getByRole('button', { name: 'Close' }).click();
  });

  it('rename shows the new title in the header and the list', async () => {
    await openSessionActions();
    await sheet('Session').getByLabel('Session title').fill(TITLE);
    await sheet('Session').getByRole('button', { name: 'Rename' }).click();
    await sheet('Session').getByText('Renamed.').waitFor();
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-session-actions.png' });
    await sheet('Session').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
  });

  it('a sheet is modal: Tab stays in it, Escape and a tap outside close it, focus goes back to its button', async () => {
    await openSessionActions();
    // Focus starts on the sheet (a screen reader reads its title), and Tab never leaves it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') !== null)).toBe(true);
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      const inSheet = await page.evaluate(() => document.activeElement?.closest('dialog') !== null);
      const onPage = await page.evaluate(() => document.activeElement !== document.body);
      // The browser's own UI may take a turn (focus on <body>); the page behind never does.
      if (onPage) expect(inSheet).toBe(true);
    }
    await page.keyboard.press('Escape');
    await sheet('Session').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Session actions');

    await openSessionActions();
    await page.mouse.click(195, 40); // above the sheet, on the dimmed page
    await sheet('Session').waitFor({ state: 'detached' });
  });

  it('revert names the file, restores the disk; unrevert brings the file back', async () => {
    const path = join(workspaceDir, FILE);
    await openMessageActions(0);
    await sheet('Message').getByRole('button', { name: 'Revert to before this message…' }).click();
    const confirm = sheet('Message').getByRole('alertdialog', { name: 'Revert to before this message?' });
    expect(await confirm.getByRole('list').textContent()).toContain(FILE);
    if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshot-revert.png' });
    await confirm.getByRole('button', { name: 'Revert' }).click();
    await waitFor(() => !existsSync(path), 20_000, `${FILE} to be removed by the revert`);
    const restore = page.getByRole('button', { name: 'Restore reverted messages' });
    await restore.waitFor();
    expect(await page.getByRole('article', { name: 'Your message' }).count()).toBe(0);
    await restore.click();
    await waitFor(() => existsSync(path), 20_000, `${FILE} to come back after unrevert`);
    expect(readFileSync(path, 'utf8')).toContain('hello from mock-llm');
    await page.getByRole('article', { name: 'Your message' }).first().waitFor();
    await restore.waitFor({ state: 'detached' });
  });

  it('fork from a later message opens a new session holding the earlier messages', async () => {
    await app.send('hello again');
    await app.assistantMessages().filter({ hasText: 'You said: hello again' }).first().waitFor({ timeout: 20_000 });
    await idle();
    await openMessageActions(1);
    await sheet('Message').getByRole('button', { name: 'Fork from here' }).click();
    await page.waitForURL((url) => url.toString() !== sessionUrl, { timeout: 20_000 });
    await page.getByRole('heading', { name: `${TITLE} (fork #1)` }).waitFor({ timeout: 20_000 });
    const mine = page.getByRole('article', { name: 'Your message' });
    await mine.first().waitFor();
    expect(await mine.count()).toBe(1);
    expect(await mine.first().textContent()).toContain(`please write file ${FILE}`);
  });

  it('delete asks, then removes the session from the list', async () => {
    await openSessionActions();
    await sheet('Session').getByRole('button', { name: 'Delete session…' }).click();
    await sheet('Session').getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor({ timeout: 20_000 });
    await page
      .getByRole('link', { name: new RegExp(TITLE) })
      .first()
      .waitFor();
    expect(await page.getByRole('link', { name: /fork #1/ }).count()).toBe(0);
    // Still gone after the list is read from the host again.
    await page.reload();
    await page
      .getByRole('link', { name: new RegExp(TITLE) })
      .first()
      .waitFor({ timeout: 20_000 });
    expect(await page.getByRole('link', { name: /fork #1/ }).count()).toBe(0);
  });

  it("lists the subagent a run started, and opens the subagent's session", async () => {
    await page
      .getByRole('link', { name: new RegExp(TITLE) })
      .first()
      .click();
    await page.getByLabel('Prompt').waitFor();
    await app.send('delegate to a subagent: say hello');
    await page
      .getByTestId('tool-part')
      .filter({ hasText: 'task' })
      .filter({ hasText: 'completed' })
      .first()
      .waitFor({ timeout: 30_000 });
    await idle();
    await openSessionActions();
    const link = sheet('Session').getByRole('region', { name: 'Subsessions' }).getByRole('link').first();
    await link.waitFor({ timeout: 20_000 });
    expect(await link.textContent()).toContain('subagent: Delegated work');
    await link.click();
    await app.assistantMessages().filter({ hasText: 'You said: say hello' }).first().waitFor({ timeout: 20_000 });
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
