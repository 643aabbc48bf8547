/** Launches Debian's Chromium through playwright-core (no browser download), as a phone. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, CHROMIUM_MISSING, PHONE } from './chromium.mjs';
import { AppPage } from './pages/app-page';

function executable(): string {
  if (!existsSync(CHROMIUM_EXECUTABLE)) throw new Error(CHROMIUM_MISSING);
  return CHROMIUM_EXECUTABLE;
}

/** Starts headless Chromium with the flags this closed network needs. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: executable(), args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A phone-sized context (390×844, touch, mobile). */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext(PHONE);
}

/**
 * A phone-sized Chromium on a profile kept in `userDataDir`. `browser.newContext()` is an
 * incognito profile, where Chrome never offers to install a web app (`Page.getInstallabilityErrors`
 * reports "in-incognito"); a persistent profile is what a phone's browser has.
 */
export async function launchPhoneProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: executable(), args: CHROMIUM_ARGS, ...PHONE });
}

/** A phone with the app open and paired: see {@link pairedPhone}. */
export interface PairedPhone {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  app: AppPage;
  /** Uncaught errors of the page, as they happen (a spec's last check is that it stays empty). */
  pageErrors: string[];
}

/**
 * Launches a phone (its own Chromium, a phone-sized context, one page), opens the app at `appUrl`,
 * pairs it with the OpenCode server at `hostUrl` by typing the URL, and waits until the host bar
 * says OpenCode and Live. `beforeOpen` runs first (to add page listeners). Close `browser` after.
 */
export async function pairedPhone(
  appUrl: string,
  hostUrl: string,
  beforeOpen?: (page: Page) => void,
): Promise<PairedPhone> {
  const browser = await launchBrowser();
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  beforeOpen?.(page);
  const app = new AppPage(page);
  await app.open(appUrl);
  await page.waitForURL(/#\/pair/);
  await app.pair(hostUrl);
  await app.kindBadge('OpenCode').waitFor();
  await app.connectionStatus().filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
  return { browser, context, page, app, pageErrors };
}
