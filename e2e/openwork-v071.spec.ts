/**
 * An OpenWork host of the v0.7.1 line (the host fixture in its `version: '0.7.1'` mode: no file
 * routes, no /whoami, no skill get or delete, no OpenCode proxy, no approvals block in
 * /capabilities) beside the real OpenCode from global setup, reached at the engine URL the host
 * reports. One test per point the app got wrong there: files say what is true, skills are edited
 * through what the host has and a remove says it cannot be done, and routes the host lacks are
 * asked once while a write that is approved at once never shows "waiting for approval".
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { OpenworkPage } from './pages/openwork-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');

const SKILL = 'e2e-legacy-skill';
const skillDir = join(workspaceDir, '.opencode', 'skills', SKILL);
const skillFile = join(skillDir, 'SKILL.md');
const CREATED = 'e2e-legacy-created';

let browser: Browser;
let phone: Page;
let ui: OpenworkPage;
let host: Awaited<ReturnType<typeof startOpenworkHost>>;

/** How many times the host was asked `method path` (answered with any status). */
const asked = (method: string, suffix: string) =>
  host.requests().filter((r) => r.method === method && r.path.endsWith(suffix)).length;

beforeAll(async () => {
  mkdirSync(skillDir, { recursive: true });
  writeFileSync(skillFile, `---\nname: ${SKILL}\ndescription: Written on the host\n---\nFirst body\n`);
  host = await startOpenworkHost({
    version: '0.7.1',
    // The line lists only its first workspace; the second is there to show it is not listed.
    workspaces: [
      { name: 'Engine', path: workspaceDir, opencodeUrl },
      { name: 'Hidden', path: join(workspaceDir, '.opencode') },
    ],
    corsOrigins: [appUrl],
    approval: { mode: 'auto' },
  });
  browser = await launchBrowser();
  phone = await (await phoneContext(browser)).newPage();
  ui = new OpenworkPage(phone);
  // The client token only: no host token, so the app has to find out who the token is.
  await ui.pairOpenwork(appUrl, host.url, host.token);
  await phone.getByLabel('Host kind: OpenWork').first().waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  // The engine's workspace is shared with the other specs: leave no skill behind.
  for (const name of [SKILL, CREATED])
    rmSync(join(workspaceDir, '.opencode', 'skills', name), { recursive: true, force: true });
});

describe('OpenWork host of the v0.7.1 line', () => {
  it('files: reads through OpenCode and says the version has no remote file editing (not "read-only"); asks the file routes once', async () => {
    await phone.getByRole('link', { name: 'Files' }).click();
    await phone.getByRole('link', { name: /README\.md/ }).click();
    await phone.locator('.code-view').waitFor({ timeout: 15_000 });
    await phone
      .getByText("This host's version has no remote editing of files; reading works through OpenCode.")
      .waitFor();
    expect(await phone.getByText(/read-only/).count()).toBe(0);
    expect(await phone.getByRole('button', { name: 'Edit' }).count()).toBe(0);

    // Another file and a reload: the host already said it has no such routes.
    await ui.openFile(appUrl, 'opencode.json');
    await phone.locator('.code-view').waitFor({ timeout: 15_000 });
    await phone.reload();
    await phone.locator('.code-view').waitFor({ timeout: 15_000 });
    await phone.getByRole('link', { name: 'Back to folder' }).click();
    await phone.getByRole('link', { name: /README\.md/ }).waitFor({ timeout: 15_000 });
    expect(asked('GET', '/files/content')).toBe(1);
    expect(asked('POST', '/files/sessions')).toBe(1);
  });

  it('skills: Edit works through the list and POST /skills; Remove says the host cannot, and the skill stays', async () => {
    await phone.getByRole('link', { name: 'Workspace' }).click();
    const row = phone.getByRole('list', { name: 'skills' }).getByRole('listitem').filter({ hasText: SKILL });
    await row.waitFor({ timeout: 15_000 });

    await row.getByRole('button', { name: 'Edit' }).click();
    const editor = phone.getByLabel(`SKILL.md of ${SKILL}`);
    await editor.waitFor();
    expect(await editor.inputValue()).toContain('First body');
    await editor.fill(`---\nname: ${SKILL}\ndescription: Written on the host\n---\nEdited on the phone\n`);
    await phone.getByRole('button', { name: 'Save skill' }).click();
    await editor.waitFor({ state: 'detached', timeout: 15_000 });
    expect(readFileSync(skillFile, 'utf8')).toContain('Edited on the phone');

    await row.getByRole('button', { name: `Remove ${SKILL}` }).click();
    const alert = phone.getByRole('alert').filter({ hasText: "this host's version cannot remove skills from here" });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).not.toMatch(/answered elsewhere|refresh/);
    expect(existsSync(skillFile)).toBe(true);
    // Known now: Remove is no longer offered for skills, and the section says why.
    await row.getByRole('button', { name: `Remove ${SKILL}` }).waitFor({ state: 'detached' });
    expect(await phone.getByText(/^This host's version cannot remove skills from here/).isVisible()).toBe(true);
    expect(await row.getByRole('button', { name: 'Edit' }).isVisible()).toBe(true);
    expect(asked('GET', `/skills/${SKILL}`)).toBe(1);
    expect(asked('DELETE', `/skills/${SKILL}`)).toBe(1);
  });

  it('noise and guesses: /whoami is asked at most once over page loads; an at-once approval never shows "waiting for approval"', async () => {
    for (const path of ['/', '/inbox', '/workspace']) {
      await phone.goto(`${appUrl}/#${path}`);
      await phone.reload();
      await phone.getByLabel('Host kind: OpenWork').first().waitFor({ timeout: 15_000 });
    }
    await phone.getByRole('heading', { name: 'Skills' }).waitFor({ timeout: 15_000 });
    // Asked once (the owner check on the first screen), then remembered for this host.
    expect(asked('GET', '/whoami')).toBe(1);

    // Watch every text the page shows while the write runs: even a flash of the approval line counts.
    await phone.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenWaiting: string[] }).seenWaiting = seen;
      new MutationObserver(() => {
        const text = document.body.innerText;
        if (/Waiting for/.test(text)) seen.push(text.slice(text.indexOf('Waiting for'), 80));
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const form = phone.getByRole('form', { name: 'New skill' });
    await form.getByLabel(/New skill name/).fill(CREATED);
    await form.getByLabel('Description').fill('Made on an auto-approving host');
    await form.getByRole('button', { name: 'Create skill' }).click();
    await phone.getByRole('list', { name: 'skills' }).getByText(CREATED).waitFor({ timeout: 15_000 });
    expect(existsSync(join(workspaceDir, '.opencode', 'skills', CREATED, 'SKILL.md'))).toBe(true);
    expect(await phone.evaluate(() => (window as unknown as { seenWaiting: string[] }).seenWaiting)).toEqual([]);
  });
});
