/** Launches Debian's Chromium through playwright-core (no browser download), as a phone. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_EXECUTABLE, CHROMIUM_MISSING, PHONE } from './chromium.mjs';

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
