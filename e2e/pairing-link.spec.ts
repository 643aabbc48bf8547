/** A pairing link pre-fills and connects, and its token leaves the address bar at once. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { recordRequests } from './listeners';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('connects from a pairing link and removes the token from the URL', async () => {
  const page = await (await phoneContext(browser)).newPage();
  const app = new AppPage(page);
  const token = 'link-token-e2e-123';
  await app.open(appUrl, `#/pair?url=${encodeURIComponent(opencodeUrl)}&token=${token}&name=Linked%20laptop`);
  await app.kindBadge('OpenCode').waitFor({ timeout: 15_000 });
  expect(await page.getByRole('link', { name: /Host Linked laptop/ }).isVisible()).toBe(true);
  expect(page.url()).not.toContain(token);
  expect(await page.evaluate(() => location.href)).not.toContain(token);
});

it('pairs from a link opened while the app already shows the pairing screen (a hash change), and removes the token', async () => {
  const page = await (await phoneContext(browser)).newPage();
  const app = new AppPage(page);
  const token = 'hash-change-token-789';
  await app.open(appUrl, '#/pair');
  await page.getByRole('heading', { name: /pair/i }).first().waitFor({ timeout: 15_000 });
  // What the browser does when a pairing link is opened in the running app: only the hash changes.
  await page.evaluate(
    ([url, secret]) => {
      location.hash = `#/pair?url=${encodeURIComponent(url)}&token=${secret}&name=Hash%20laptop`;
    },
    [opencodeUrl, token] as const,
  );
  await app.kindBadge('OpenCode').waitFor({ timeout: 15_000 });
  expect(await page.getByRole('link', { name: /Host Hash laptop/ }).isVisible()).toBe(true);
  expect(await page.evaluate(() => location.href)).not.toContain(token);
});

it('explains what failed when nothing answers at the URL', async () => {
  const page = await (await phoneContext(browser)).newPage();
  const app = new AppPage(page);
  await app.open(appUrl, '#/pair');
  await app.pair('http://127.0.0.1:9');
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  expect(await alert.textContent()).toContain('Could not reach http://127.0.0.1:9');
});

it("adopts OpenWork's own invite link (?ow_url=&ow_token=): the token goes out with the page load only, never again, and leaves the address bar", async () => {
  const page = await (await phoneContext(browser)).newPage();
  const app = new AppPage(page);
  const token = 'invite-token-e2e-456';
  const requests = recordRequests(page, 'invite link: the Referer of each request', (request, headers) => ({
    url: request.url(),
    referer: headers?.['referer'] ?? '',
    readable: headers !== null,
  }));
  await page.goto(`${appUrl}/?ow_url=${encodeURIComponent(opencodeUrl)}&ow_token=${token}`);
  await app.kindBadge('OpenCode').waitFor({ timeout: 15_000 });
  expect(await page.evaluate(() => location.href)).not.toContain(token);

  // Stop recording here: the steps below still make requests, and their headers are not checked.
  const seen = await requests.stop();
  expect(seen.filter((r) => !r.readable).map((r) => r.url)).toEqual([]);
  // The link's own page load carries it (that is where OpenWork puts it); nothing after it does:
  // not the app's scripts and styles (no Referer with the address), not the host.
  expect(seen[0]?.url).toContain(token);
  expect(seen.slice(1).filter((r) => r.url.includes(token) || r.referer.includes(token))).toEqual([]);
  expect(seen.length).toBeGreaterThan(3);

  // Once the app is installed (its service worker active), such a link is answered on the phone
  // itself: the page load with the token does not reach the server at all.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const again = await page.context().newPage();
  const response = await again.goto(`${appUrl}/?ow_url=${encodeURIComponent(opencodeUrl)}&ow_token=second-${token}`);
  expect(response?.fromServiceWorker()).toBe(true);
  await new AppPage(again).kindBadge('OpenCode').waitFor({ timeout: 15_000 });
  expect(await again.evaluate(() => location.href)).not.toContain(token);
});
