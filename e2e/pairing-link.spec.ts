/** A pairing link pre-fills and connects, and its token leaves the address bar at once. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
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

it('explains what failed when nothing answers at the URL', async () => {
  const page = await (await phoneContext(browser)).newPage();
  const app = new AppPage(page);
  await app.open(appUrl, '#/pair');
  await app.pair('http://127.0.0.1:9');
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  expect(await alert.textContent()).toContain('Could not reach http://127.0.0.1:9');
});
