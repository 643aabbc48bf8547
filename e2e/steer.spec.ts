/**
 * Steering from the composer against a real OpenCode server with the scripted model: the agent
 * and model picker lists the host's agents and the scripted model, and a prompt sent with `plan`
 * is stored with that agent; a command file in the workspace's `.opencode/command/` shows in the
 * `/` list and runs (global setup writes it, see fixtures/workspace-seed.mjs); a large photo is scaled down on the device and reaches the host as an image
 * file part; `@` finds a workspace file and the sent message carries it as a file part. Every
 * check reads the message back through the server's API.
 *
 * `STEER_SCREENSHOTS=1` also writes the 390 px screenshots of the picker and of the `/` list
 * into `docs/`.
 */
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pairedPhone } from './browser';
import { STEER_COMMAND } from './fixtures/workspace-seed.mjs';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');
const COMMAND = STEER_COMMAND;
const SCREENSHOT = process.env.STEER_SCREENSHOTS === '1';

let browser: Browser;
let page: Page;
let app: AppPage;
let pageErrors: string[] = [];

interface StoredMessage {
  info: { id: string; role: string; agent?: string; mode?: string; modelID?: string; providerID?: string };
  parts: { type: string; text?: string; mime?: string; url?: string; filename?: string }[];
}

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${opencodeUrl}${path}`, init);
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until the run of the session on show (if any) has ended. */
async function runEnded(): Promise<void> {
  if (!/#\/s\//.test(page.url())) return;
  await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
}

/**
 * Opens a new session from the session list, once the previous test's run has ended: the spec
 * leaves nothing running on the shared server.
 */
async function newSession(): Promise<string> {
  await runEnded();
  await page.evaluate(() => (location.hash = '#/'));
  await app.newSession();
  return currentSessionId();
}

/** The session id of the screen on show (`#/s/:id`). */
async function currentSessionId(): Promise<string> {
  await page.waitForURL(/#\/s\/ses_/);
  return /#\/s\/(ses_[^/?]+)/.exec(page.url())?.[1] ?? '';
}

/** The user messages of a session whose text parts contain `text`. */
async function userMessagesWith(sessionId: string, text: string): Promise<StoredMessage[]> {
  const messages = await api<StoredMessage[]>(`/session/${sessionId}/message`);
  return messages.filter((m) => m.info.role === 'user' && m.parts.some((p) => p.text?.includes(text)));
}

/** A PNG of `width`×`height` px (an RGB gradient, so the encoder has something to do). */
function png(width: number, height: number): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x += 1) {
      const at = y * row + 1 + x * 3;
      raw[at] = x % 256;
      raw[at + 1] = y % 256;
      raw[at + 2] = (x + y) % 256;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  // Global setup wrote the command file before OpenCode started (it reads them at instance start).
  const commands = await api<{ name: string }[]>('/command');
  expect(commands.map((c) => c.name)).toContain(COMMAND);

  ({ browser, page, app, pageErrors } = await pairedPhone(appUrl, opencodeUrl));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  expect(pageErrors).toEqual([]);
});

describe('steering the next prompt from the composer', () => {
  it('lists the host agents and the scripted model, and a prompt sent with plan is stored with that agent', async () => {
    const sessionId = await newSession();
    await page.getByRole('button', { name: /Agent and model/ }).click();
    const agents = page.getByRole('group', { name: 'Agent' });
    await agents.getByRole('radio', { name: /^plan/ }).waitFor({ timeout: 15_000 });
    await agents.getByRole('radio', { name: /^build/ }).waitFor();
    // Subagents are not offered.
    expect(await agents.getByRole('radio', { name: /^general/ }).count()).toBe(0);
    const models = page.getByRole('group', { name: 'Mock LLM (loopback)' });
    await expect.poll(() => models.getByRole('radio', { name: /Mock Model/ }).isChecked()).toBe(true);
    expect(await models.textContent()).toContain('(default)');
    if (SCREENSHOT) await page.screenshot({ path: 'docs/screenshot-composer-picker.png' });

    await agents.getByRole('radio', { name: /^plan/ }).check();
    await page.getByRole('button', { name: 'Done' }).click();
    await app.send('Which agent answers this plan prompt?');
    await page
      .locator('.message-by')
      .filter({ hasText: 'plan · mock/mock-model' })
      .first()
      .waitFor({ timeout: 20_000 });

    const [sent] = await userMessagesWith(sessionId, 'Which agent answers this plan prompt?');
    expect(sent?.info.agent).toBe('plan');
    const messages = await api<StoredMessage[]>(`/session/${sessionId}/message`);
    const answer = messages.find((m) => m.info.role === 'assistant');
    expect(answer?.info.agent ?? answer?.info.mode).toBe('plan');
    expect([answer?.info.providerID, answer?.info.modelID]).toEqual(['mock', 'mock-model']);
  });

  it('lists the workspace command file under / and runs it with its arguments', async () => {
    const sessionId = await newSession();
    const prompt = page.getByLabel('Prompt');
    await prompt.pressSequentially('/e2e-steer');
    const list = page.getByRole('listbox', { name: 'Commands' });
    const option = list.getByRole('option', { name: new RegExp(COMMAND) });
    await option.waitFor({ timeout: 15_000 });
    expect(await option.textContent()).toContain('Say hello from the e2e command file');
    if (SCREENSHOT) await page.screenshot({ path: 'docs/screenshot-composer-commands.png' });
    await page.keyboard.press('Enter');
    expect(await prompt.inputValue()).toBe(`/${COMMAND} `);
    await prompt.pressSequentially('the phone');
    await page.getByRole('button', { name: 'Send' }).click();

    // The command's template, with its argument, is what the host stored as the prompt.
    await expect
      .poll(async () => (await userMessagesWith(sessionId, 'Say hello to the phone')).length, {
        timeout: 20_000,
      })
      .toBe(1);
    await app.assistantMessages().first().waitFor({ timeout: 20_000 });
    await expect.poll(() => prompt.inputValue(), { timeout: 20_000 }).toBe('');
  });

  it('scales a large photo down on the device and sends it as an image file part', async () => {
    const sessionId = await newSession();
    const promptBodies: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/session/${sessionId}/prompt_async`))
        promptBodies.push(request.postData() ?? '');
    });
    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'whiteboard.png', mimeType: 'image/png', buffer: png(3000, 1500) });
    const thumb = page.getByRole('list', { name: 'Attachments' }).locator('img');
    await thumb.waitFor({ timeout: 15_000 });
    await app.send('What is on this whiteboard?');

    await expect
      .poll(async () => (await userMessagesWith(sessionId, 'What is on this whiteboard?')).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [sent] = await userMessagesWith(sessionId, 'What is on this whiteboard?');
    // What the app sent: a scaled WebP or JPEG data URL.
    const body = JSON.parse(promptBodies.at(-1) ?? '{}') as { parts?: StoredMessage['parts'] };
    const out = body.parts?.find((p) => p.type === 'file');
    expect(out?.mime).toMatch(/^image\/(webp|jpeg)$/);
    expect(out?.url).toMatch(/^data:image\/(webp|jpeg);base64,/);
    expect(out?.filename).toMatch(/^whiteboard\.(webp|jpg)$/);
    // What the host stored (OpenCode 1.18 keeps images as PNG data URLs): an image of the scaled size.
    const image = sent?.parts.find((p) => p.type === 'file');
    expect(image?.mime).toMatch(/^image\//);
    expect(image?.url).toMatch(/^data:image\//);
    const pixels = (url: string) =>
      page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, url);
    // Scaled on the device from 3000×1500, so the host has nothing left to scale.
    expect(await pixels(out?.url ?? '')).toEqual([2000, 1000]);
    expect(await pixels(image?.url ?? '')).toEqual([2000, 1000]);
    // The transcript shows it as a thumbnail.
    await page.getByRole('article', { name: 'Your message' }).getByRole('img').first().waitFor({ timeout: 15_000 });
  });

  it('finds a workspace file with @ and sends it as a file part', async () => {
    const sessionId = await newSession();
    const prompt = page.getByLabel('Prompt');
    await prompt.pressSequentially('Summarise @steer-no');
    const option = page.getByRole('listbox', { name: 'Files' }).getByRole('option', { name: 'steer-notes.md' });
    await option.waitFor({ timeout: 15_000 });
    await option.click();
    await page.getByRole('list', { name: 'Attachments' }).getByText('steer-notes.md').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();

    await expect.poll(async () => (await userMessagesWith(sessionId, 'Summarise')).length, { timeout: 20_000 }).toBe(1);
    const [sent] = await userMessagesWith(sessionId, 'Summarise');
    const file = sent?.parts.find((p) => p.type === 'file');
    expect(file?.url).toBe(`file://${join(workspaceDir, 'steer-notes.md')}`);
    expect(file?.filename).toBe('steer-notes.md');
    // The run ends before the next spec (which counts what runs on this server) starts.
    await runEnded();
  });
});
