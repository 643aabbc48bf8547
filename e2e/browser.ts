/** Launches Debian's Chromium through playwright-core (no browser download), as a phone. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags this closed network needs. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Stop Chromium's own lookups of Google hosts; only loopback resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** A phone: 390×844, touch, mobile. */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function executable(): string {
  if (!existsSync(EXECUTABLE)) throw new Error(`Chromium not found at ${EXECUTABLE}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  return EXECUTABLE;
}

/** Starts headless Chromium with the flags this closed network needs. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: executable(), args: [...ARGS, ...extraArgs] });
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
  return chromium.launchPersistentContext(userDataDir, { executablePath: executable(), args: ARGS, ...PHONE });
}
