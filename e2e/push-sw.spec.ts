/**
 * Answering from a push notification, against a real OpenCode server: the app is paired, a push
 * payload (as the gateway sends it) is delivered to the app's own service worker over the DevTools
 * protocol, the notification carries "Allow once" and "Reject", and firing an action inside the
 * worker sends exactly one reply to OpenCode with the device's stored credential.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { EventRecorder } from './event-recorder';
import { AppPage } from './pages/app-page';
import { clickNotificationAction, deliverPush, shownNotifications, storedHosts } from './push-sw';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let app: AppPage;
let recorder: EventRecorder;
let hostId = '';
/** Every request this spec made the agent ask. */
const asked: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await phoneContext(browser);
  await context.grantPermissions(['notifications'], { origin: appUrl });
  page = await context.newPage();
  app = new AppPage(page);
  recorder = await EventRecorder.start(opencodeUrl);
});

afterAll(async () => {
  // Leave no request of ours pending on the shared server: other specs count the inbox.
  for (const requestID of asked) {
    if (repliesTo(requestID).length > 0) continue;
    await fetch(`${opencodeUrl}/permission/${requestID}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'reject' }),
    }).catch(() => undefined);
  }
  recorder?.stop();
  await browser?.close();
});

/** Makes the agent ask to run `command`; returns the request and its session. */
async function askFor(command: string): Promise<{ requestID: string; sessionID: string }> {
  const from = recorder.events.length;
  await app.send(`please run the command \`${command}\``);
  const request = await recorder.next(
    'permission.asked',
    (e) => JSON.stringify(e.properties.patterns ?? e.properties).includes(command.split(' ')[0] ?? ''),
    from,
  );
  const requestID = String(request.properties.id);
  asked.push(requestID);
  return { requestID, sessionID: String(request.properties.sessionID) };
}

function permissionPush(request: { requestID: string; sessionID: string }, command: string) {
  return {
    kind: 'permission',
    host: opencodeUrl,
    sessionID: request.sessionID,
    requestID: request.requestID,
    title: 'Run needs you: bash',
    body: `${command} — push e2e`,
    at: Date.now(),
  };
}

function repliesTo(requestID: string) {
  return recorder.events.filter((e) => e.type === 'permission.replied' && e.properties.requestID === requestID);
}

describe('push to the app’s service worker', () => {
  it('pairs, keeps the host for the worker, and has "Answer from the notification" on', async () => {
    await app.open(appUrl);
    await page.waitForURL(/#\/pair/);
    await app.pair(opencodeUrl);
    await app.kindBadge('OpenCode').waitFor();
    await expect.poll(() => storedHosts(page), { timeout: 15_000 }).toBe(1);
    hostId = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('openwork-pwa.hosts') ?? '{}') as { state?: { activeId?: string } }).state
          ?.activeId ?? '',
    );
    await app.open(appUrl, '#/hosts');
    const answer = page
      .getByRole('group', { name: /^Push for / })
      .getByRole('switch', { name: 'Answer from the notification' });
    await answer.waitFor({ timeout: 15_000 });
    await expect.poll(() => answer.isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await app.newSession();
  });

  it('Allow once from the notification runs the tool, with exactly one reply', async () => {
    const command = 'touch push-allowed.txt';
    const request = await askFor(command);
    await deliverPush(page, appUrl, permissionPush(request, command));
    const tag = `openwork:${hostId}:request:${request.requestID}`;
    await expect.poll(() => shownNotifications(page, tag), { timeout: 10_000 }).toHaveLength(1);
    const [shown] = await shownNotifications(page, tag);
    expect(shown?.title).toBe('Run needs you: bash');
    expect(shown?.actions).toEqual(['allow-once', 'reject']);

    await clickNotificationAction(context, tag, 'allow-once');
    await expect.poll(() => existsSync(join(workspaceDir, 'push-allowed.txt')), { timeout: 20_000 }).toBe(true);
    expect((await shownNotifications(page, `${tag}:answer`)).map((n) => n.title)).toEqual(['Allowed once']);
    // A second tap (or the browser retrying the event) sends nothing more.
    await deliverPush(page, appUrl, permissionPush(request, command));
    await expect.poll(() => shownNotifications(page, tag).then((l) => l[0]?.title)).toBe('Run needs you: bash');
    await clickNotificationAction(context, tag, 'allow-once');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(repliesTo(request.requestID)).toHaveLength(1);
    expect(repliesTo(request.requestID)[0]?.properties.reply).toBe('once');
  });

  it('Reject from the notification rejects: nothing is written', async () => {
    await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
    const command = 'touch push-rejected.txt';
    const request = await askFor(command);
    await deliverPush(page, appUrl, permissionPush(request, command));
    const tag = `openwork:${hostId}:request:${request.requestID}`;
    await expect.poll(() => shownNotifications(page, tag), { timeout: 10_000 }).toHaveLength(1);
    await clickNotificationAction(context, tag, 'reject');
    await expect.poll(() => repliesTo(request.requestID).length, { timeout: 10_000 }).toBe(1);
    expect(repliesTo(request.requestID)[0]?.properties.reply).toBe('reject');
    expect((await shownNotifications(page, `${tag}:answer`)).map((n) => n.title)).toEqual(['Rejected']);
    expect(existsSync(join(workspaceDir, 'push-rejected.txt'))).toBe(false);
  });

  it('a withdrawal replaces the request’s notification with a quiet "Answered"', async () => {
    const request = { requestID: 'per_withdrawn_e2e', sessionID: 'ses_any' };
    await deliverPush(page, appUrl, permissionPush(request, 'echo hi'));
    const tag = `openwork:${hostId}:request:${request.requestID}`;
    await expect.poll(() => shownNotifications(page, tag), { timeout: 10_000 }).toHaveLength(1);
    await deliverPush(page, appUrl, { ...permissionPush(request, 'echo hi'), kind: 'withdraw', title: '', body: '' });
    await expect
      .poll(
        () => shownNotifications(page, tag).then((list) => list.map((n) => [n.title, n.silent, n.actions.length])),
        {
          timeout: 10_000,
        },
      )
      .toEqual([['Answered', true, 0]]);
  });
});
