/**
 * OpenWork host mode against the host fixture (which follows the reference API) in front of the
 * real OpenCode: pair (badge "OpenWork"), switch workspace, edit a file with host approval given
 * from the app itself in owner mode, a denied write keeps the text, a conflict keeps the text,
 * create a skill, add and remove a plugin; and direct-OpenCode mode reads files read-only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { OpenworkPage } from './pages/openwork-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');

let browser: Browser;
let context: BrowserContext;
let phone: Page;
let owner: Page;
let ui: OpenworkPage;
let host: Awaited<ReturnType<typeof startOpenworkHost>>;
let dirA: string;
let dirB: string;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'owpwa-ws-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'owpwa-ws-b-'));
  writeFileSync(join(dirA, 'notes.md'), '# Notes\n\nfirst line\n');
  writeFileSync(join(dirA, 'opencode.json'), JSON.stringify({ plugin: [] }, null, 2));
  writeFileSync(join(dirB, 'other.md'), 'workspace B\n');
  host = await startOpenworkHost({
    workspaces: [
      { name: 'Alpha', path: dirA, opencodeUrl },
      { name: 'Beta', path: dirB, opencodeUrl },
    ],
    corsOrigins: [appUrl],
    approval: { mode: 'manual', timeoutMs: 30_000 },
  });
  browser = await launchBrowser();
  context = await phoneContext(browser);
  phone = await context.newPage();
  // A second tab of the same app (same paired host): the owner answering on another screen.
  owner = await context.newPage();
  ui = new OpenworkPage(phone);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  for (const dir of [dirA, dirB]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the inbox on the owner's tab and answers the first host approval. */
async function answerOnOwnerTab(answer: 'Allow' | 'Deny'): Promise<void> {
  await owner.goto(`${appUrl}/#/inbox`);
  await owner.reload();
  const card = owner.getByTestId('host-approval-card').first();
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: answer }).click();
  await card.waitFor({ state: 'detached', timeout: 10_000 });
}

describe('OpenWork host mode', () => {
  it('pairs with the host: OpenWork badge and the active workspace', async () => {
    await ui.pairOpenwork(appUrl, host.url, host.token, host.hostToken);
    await phone.getByLabel('Host kind: OpenWork').first().waitFor({ timeout: 15_000 });
    expect(await phone.locator('.host-bar').textContent()).toContain('Alpha');
    await expect
      .poll(() => phone.locator('.host-bar').getByRole('status').textContent(), { timeout: 15_000 })
      .toContain('Live');
  });

  it('switches workspace and back', async () => {
    await phone.getByRole('link', { name: 'Workspace' }).click();
    const beta = phone.getByRole('list', { name: 'Workspaces' }).getByRole('listitem').filter({ hasText: 'Beta' });
    await beta.getByRole('button', { name: 'Use this workspace' }).click();
    await phone.getByRole('heading', { name: 'Beta' }).waitFor();
    await phone.getByRole('link', { name: 'Files' }).click();
    await phone.getByRole('link', { name: /other\.md/ }).waitFor();
    await phone.getByRole('link', { name: 'Workspace' }).click();
    await phone
      .getByRole('list', { name: 'Workspaces' })
      .getByRole('listitem')
      .filter({ hasText: 'Alpha' })
      .getByRole('button', { name: 'Use this workspace' })
      .click();
    await phone.getByRole('heading', { name: 'Alpha' }).waitFor();
  });

  it('edits a file; the host holds the write until the owner allows it from the app', async () => {
    await ui.openFile(appUrl, 'notes.md');
    await phone.getByText('first line').waitFor();
    await phone.getByRole('button', { name: 'Edit' }).click();
    await ui.editor().fill('# Notes\n\nedited on the phone\n');
    await phone.getByRole('button', { name: 'Save' }).click();
    await phone.getByText(/Waiting for approval on the host/).waitFor();
    await answerOnOwnerTab('Allow');
    // The editor shows the new text from the start: what counts is the file on the host's disk,
    // written once the owner allowed it (a loaded machine may take a few seconds).
    await expect
      .poll(() => readFileSync(join(dirA, 'notes.md'), 'utf8'), { timeout: 15_000 })
      .toBe('# Notes\n\nedited on the phone\n');
    await phone.getByText('edited on the phone').waitFor({ timeout: 15_000 });
  });

  it('a denied write says so and keeps the text', async () => {
    await phone.getByRole('button', { name: 'Edit' }).click();
    await ui.editor().fill('# Notes\n\nthis edit will be denied\n');
    await phone.getByRole('button', { name: 'Save' }).click();
    await phone.getByText(/Waiting for approval on the host/).waitFor();
    await answerOnOwnerTab('Deny');
    await phone
      .getByRole('alert')
      .filter({ hasText: "the host's owner denied the write" })
      .waitFor({ timeout: 15_000 });
    expect(await ui.editor().inputValue()).toBe('# Notes\n\nthis edit will be denied\n');
    expect(readFileSync(join(dirA, 'notes.md'), 'utf8')).toBe('# Notes\n\nedited on the phone\n');
  });

  it('a conflict (the file changed on the host) keeps the text and shows the difference', async () => {
    writeFileSync(join(dirA, 'notes.md'), '# Notes\n\nchanged by the agent\n');
    await ui.editor().fill('# Notes\n\nmy version\n');
    await phone.getByRole('button', { name: 'Save' }).click();
    const conflict = phone.getByRole('alert').filter({ hasText: 'Someone changed this file' });
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.textContent()).toContain('changed by the agent');
    expect(await conflict.textContent()).toContain('my version');
    expect(await ui.editor().inputValue()).toBe('# Notes\n\nmy version\n');
    await phone.getByRole('button', { name: 'Discard mine, reload theirs' }).click();
    await phone.getByText('changed by the agent').first().waitFor();
  });

  it('creates a skill (SKILL.md on disk) and adds then removes a plugin (opencode.json changes)', async () => {
    await phone.getByRole('link', { name: 'Workspace' }).click();
    const skillForm = phone.getByRole('form', { name: 'New skill' });
    await skillForm.getByLabel(/New skill name/).fill('release-notes');
    await skillForm.getByLabel('Description').fill('Write release notes from the git log');
    await skillForm.getByRole('button', { name: 'Create skill' }).click();
    await answerOnOwnerTab('Allow');
    await phone.getByRole('list', { name: 'skills' }).getByText('release-notes').waitFor({ timeout: 15_000 });
    const skillFile = join(dirA, '.opencode', 'skills', 'release-notes', 'SKILL.md');
    expect(existsSync(skillFile)).toBe(true);
    expect(readFileSync(skillFile, 'utf8')).toContain('description: Write release notes from the git log');

    const pluginForm = phone.getByRole('form', { name: 'Add plugin' });
    await pluginForm.getByLabel('npm package spec').fill('opencode-e2e-plugin@1.0.0');
    await pluginForm.getByRole('button', { name: 'Add plugin' }).click();
    await answerOnOwnerTab('Allow');
    await phone
      .getByRole('list', { name: 'plugins' })
      .getByText('opencode-e2e-plugin@1.0.0')
      .waitFor({ timeout: 15_000 });
    expect(JSON.parse(readFileSync(join(dirA, 'opencode.json'), 'utf8')).plugin).toContain('opencode-e2e-plugin@1.0.0');
    // A change offers an engine reload.
    expect(await phone.getByText('Reload the engine to apply the change?').isVisible()).toBe(true);

    await phone.getByRole('button', { name: 'Remove opencode-e2e-plugin@1.0.0' }).click();
    await answerOnOwnerTab('Allow');
    await phone
      .getByRole('list', { name: 'plugins' })
      .getByText('opencode-e2e-plugin@1.0.0')
      .waitFor({ state: 'detached', timeout: 15_000 });
    expect(JSON.parse(readFileSync(join(dirA, 'opencode.json'), 'utf8')).plugin ?? []).not.toContain(
      'opencode-e2e-plugin@1.0.0',
    );
  });
});

describe('direct OpenCode mode', () => {
  it('reads files and says that changes need an OpenWork host', async () => {
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${appUrl}/#/pair`);
    await page.getByLabel('Host URL').fill(opencodeUrl);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByLabel('Host kind: OpenCode').first().waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Files' }).click();
    await page.getByRole('link', { name: /README\.md/ }).click();
    await page.locator('.code-view').waitFor();
    expect(await page.getByText(/needs an OpenWork host/).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Workspace' }).click();
    await page.getByRole('heading', { name: 'Skills' }).waitFor();
    expect(await page.getByText(/Changing skills needs an OpenWork host/).isVisible()).toBe(true);
    expect(await page.getByRole('form', { name: 'New skill' }).count()).toBe(0);
  });
});
