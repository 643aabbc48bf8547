/**
 * Debian's Chromium (no browser download) with the flags this closed network needs, and the phone
 * every browser test and benchmark uses. Plain JavaScript so that both e2e/browser.ts and the
 * bench/ scripts (run by plain `node`) share it.
 */

/** The Chromium binary: `apt-get install -y chromium`, or CHROMIUM_PATH. */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox, nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Only loopback resolves: Chromium's own lookups of Google hosts fail at once.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** A phone: 390×844 CSS px at 2×, touch, mobile. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Says how to get Chromium when it is missing. */
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM_EXECUTABLE}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`;
