/**
 * A long session on a real OpenCode server opens with its newest page: the first transcript
 * request carries `limit=50`, scrolling up loads the page before it (with the server's cursor, not
 * a message id) while the messages on screen stay put, "Load earlier messages" loads the next one
 * from the keyboard, and a reply streamed afterwards lands in the loaded window without a refetch.
 * The session's 300 messages are prompts stored without a model turn (`noReply`), a few seconds.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pairedPhone } from './browser';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const MESSAGES = 300;
const text = (n: number) => `Paged message ${n} of the long session`;

let browser: Browser;
let page: Page;
let app: AppPage;
let sessionId: string;
const transcriptRequests: URL[] = [];
let pageErrors: string[] = [];

async function post(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${opencodeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** A session of MESSAGES user messages, stored in order (4 at a time; ids grow with time). */
async function longSession(): Promise<string> {
  const session = (await post('/session', { title: 'A long paged session' })) as { id: string };
  let next = 1;
  const worker = async () => {
    // Each worker takes the next number when its previous message is stored, so ids follow numbers
    // closely; the assertions below only rely on pages, not on exact neighbours.
    while (next <= MESSAGES) {
      const n = next++;
      await post(`/session/${session.id}/message`, { noReply: true, parts: [{ type: 'text', text: text(n) }] });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return session.id;
}

/** The numbers of the paged messages in the DOM, in order. */
function shownNumbers(): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('article[data-message-id]'))
      .map((a) => /Paged message (\d+) of/.exec(a.textContent ?? '')?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
}

beforeAll(async () => {
  sessionId = await longSession();
  ({ browser, page, app, pageErrors } = await pairedPhone(appUrl, opencodeUrl, (opened) =>
    opened.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname === `/session/${sessionId}/message`) transcriptRequests.push(url);
    }),
  ));
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe('a long session on a real OpenCode server', () => {
  it('opens with the newest 50 messages from one request with limit=50', async () => {
    await page.evaluate((hash) => (location.hash = hash), `#/s/${sessionId}`);
    await page.getByText(text(MESSAGES)).waitFor({ timeout: 15_000 });
    expect(transcriptRequests.map((u) => [u.searchParams.get('limit'), u.searchParams.get('before')])).toEqual([
      ['50', null],
    ]);
    // Four writers stored the messages, so a number may sit a few places from its position.
    const shown = await shownNumbers();
    expect(Math.min(...shown)).toBeGreaterThan(MESSAGES - 55);
    expect(Math.max(...shown)).toBe(MESSAGES);
    expect(await page.getByRole('button', { name: 'Load earlier messages' }).count()).toBe(1);
  });

  it('scrolling up loads the page before, with the server cursor, and the messages on screen stay put', async () => {
    // Up in steps, as a finger would, until the page before is asked for.
    let anchor: { id: string; top: number } | undefined;
    for (let step = 0; step < 80 && transcriptRequests.length < 2; step += 1) {
      anchor = await page.evaluate(() => {
        window.scrollBy(0, -400);
        const first = Array.from(document.querySelectorAll('article[data-message-id]')).find(
          (a) => a.getBoundingClientRect().bottom > 0,
        );
        return first
          ? { id: first.getAttribute('data-message-id') ?? '', top: first.getBoundingClientRect().top }
          : undefined;
      });
      await page.waitForTimeout(50);
    }
    expect(transcriptRequests).toHaveLength(2);
    const older = transcriptRequests[1]!;
    expect(older.searchParams.get('limit')).toBe('50');
    const cursor = older.searchParams.get('before');
    expect(cursor).toBeTruthy();
    expect(cursor).not.toMatch(/^msg_/);

    await page.getByRole('status').filter({ hasText: 'Loaded 50 earlier messages.' }).waitFor({ timeout: 10_000 });
    // The message that was at the top of the screen is still there, not pushed down by the page above.
    const after = await page.evaluate(
      (id) => document.querySelector(`article[data-message-id="${id}"]`)?.getBoundingClientRect().top ?? null,
      anchor!.id,
    );
    expect(after).not.toBeNull();
    expect(Math.abs(after! - anchor!.top)).toBeLessThan(150);
  });

  it('"Load earlier messages" from the keyboard loads the next older page, newest pages first', async () => {
    const button = page.getByRole('button', { name: 'Load earlier messages' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => transcriptRequests.length, { timeout: 10_000 }).toBe(3);
    const cursors = transcriptRequests.slice(1).map((u) => u.searchParams.get('before'));
    expect(new Set(cursors).size).toBe(2);
    await page.getByRole('status').filter({ hasText: 'Loaded 50 earlier messages.' }).waitFor({ timeout: 10_000 });
    // At the top of what is loaded: the oldest of the three pages (a fourth may load on the way,
    // and keeping the reader's place then moves the view down again, as a finger would go on
    // scrolling up, so scroll to the top on every look).
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.scrollTo(0, 0));
          return Math.min(...(await shownNumbers()));
        },
        { timeout: 15_000 },
      )
      .toBeLessThan(MESSAGES - 145);
    await page.getByRole('button', { name: 'Load earlier messages' }).and(page.locator(':enabled')).waitFor();
  });

  it('a reply streamed after paging lands at the end, without refetching the transcript', async () => {
    const before = transcriptRequests.length;
    await app.send('hello after paging');
    const reply = app.assistantMessages().filter({ hasText: 'You said: hello after paging' });
    // The reader is at the top of the loaded pages: the view does not follow; they scroll down.
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await reply.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
    // No refetch of the newest page or the whole transcript (an older page may still be loading
    // from the scroll to the top above: that one carries `before=`).
    expect(transcriptRequests.slice(before).filter((url) => !url.searchParams.has('before'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
