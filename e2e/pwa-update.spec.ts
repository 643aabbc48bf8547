/**
 * Updates are offered, never forced: after a new build is deployed, the open app shows
 * "Update ready" and keeps running the old build (no reload behind the user's back, so a
 * streaming run and the composer survive) until the user taps Reload.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { buildApp } from './global-setup';

const appUrl = inject('appUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('offers a new build and applies it only after the user taps Reload', async () => {
  const page = await (await phoneContext(browser)).newPage();
  await page.goto(`${appUrl}/#/hosts`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Wait until the service worker controls the page (first visit: after clients.claim or a reload).
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const before = await page.getByTestId('app-build').textContent();
  await page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));

  // Deploy a new build to the same origin (vite preview serves dist/ from disk).
  buildApp();
  // Ask for the update as the app's periodic check would. A check the browser began while the
  // build was rewriting dist/ can fail on a half-written sw.js ("script evaluation failed"); the
  // next check gets the whole file, as a phone's next check would after a deploy.
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          try {
            const registration = await navigator.serviceWorker.getRegistration();
            await registration?.update();
            return 'updated';
          } catch (error) {
            return String(error);
          }
        }),
      { timeout: 20_000, interval: 500 },
    )
    .toBe('updated');
  const prompt = page.getByRole('status').filter({ hasText: 'Update ready.' });
  await prompt.waitFor({ timeout: 20_000 });
  // Still the old page: nothing reloaded it.
  expect(await page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);
  expect(await page.getByTestId('app-build').textContent()).toBe(before);

  await prompt.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => !(window as unknown as { untouched?: boolean }).untouched, undefined, {
    timeout: 20_000,
  });
  await page.getByTestId('app-build').waitFor();
  expect(await page.getByTestId('app-build').textContent()).not.toBe(before);
});
