/**
 * Secrets, end to end: a real OpenCode started with a password, and the OpenWork host fixture
 * (client token + host token) in front of it. The phone pairs with OpenCode through a pairing link
 * carrying the password and with the host through the form (token + host token), runs a session
 * on each (prompt, streamed reply, a permission answered), opens the owner inbox and the files,
 * reloads, and forgets both hosts. Every request the browser makes (pages and service worker) is
 * recorded with all its headers, and then:
 * - each secret (password, base64(user:password), token, host token) appears only in the
 *   `Authorization` / `X-OpenWork-Host-Token` header of requests to its own origin: never in a
 *   URL, never in another header, never to another origin;
 * - localStorage, sessionStorage, Cache Storage, the DOM, the console, `location.href`,
 *   `document.title` and the tab's session history never show one;
 * - after "Forget", nothing of either host is left in storage, and no request goes out for it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { recordRequests, guard, type Recording } from './listeners';
import { AppPage } from './pages/app-page';

const appUrl = inject('appUrl');

const PASSWORD = `ocpw-${randomBytes(12).toString('hex')}`;
const TOKEN = `owt_${randomBytes(16).toString('hex')}`;
const HOST_TOKEN = `owh_${randomBytes(16).toString('hex')}`;
const BASIC = Buffer.from(`opencode:${PASSWORD}`).toString('base64');

interface Recorded {
  url: string;
  method: string;
  origin: string;
  headers: Record<string, string>;
  /** A navigation of a page (the document request). */
  navigation: boolean;
  /** Sent by the service worker (Chromium reports those on the context). */
  fromServiceWorker: boolean;
}

let llm: Awaited<ReturnType<typeof startMockLlm>>;
let opencode: Awaited<ReturnType<typeof startOpencode>>;
let host: Awaited<ReturnType<typeof startOpenworkHost>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let app: AppPage;
let requests: Recording<Recorded>;
const consoleLines: string[] = [];
let pairingLink = '';
let opencodeOrigin = '';
let hostOrigin = '';

/** Every secret, with where it may go: which header, to which origin. */
function secrets(): { name: string; value: string; header: string; origin: string }[] {
  return [
    // "opencode:" is 9 bytes, so base64(password) is a suffix of base64(user:password): the
    // password is expected inside the Basic header, and nowhere else.
    { name: 'OpenCode password', value: PASSWORD, header: 'authorization', origin: opencodeOrigin },
    { name: 'base64(opencode:password)', value: BASIC, header: 'authorization', origin: opencodeOrigin },
    { name: 'OpenWork token', value: TOKEN, header: 'authorization', origin: hostOrigin },
    { name: 'OpenWork host token', value: HOST_TOKEN, header: 'x-openwork-host-token', origin: hostOrigin },
  ];
}

/** The forms a secret takes in text: as is, URL-encoded, base64. */
function forms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])];
}

/** The names of the secrets found in `text` (any form). */
function leaks(text: string): string[] {
  return secrets()
    .filter((s) => forms(s.value).some((form) => text.includes(form)))
    .map((s) => s.name);
}

/** Every request recorded so far, with its headers read. */
function settled(): Promise<Recorded[]> {
  return requests.settled();
}

/** Reads and decrypts the hosts store in the page, as any script of this origin could. */
async function decryptedHosts(): Promise<{ extractable: boolean; exportRefused: boolean; raw: string; plain: string }> {
  return page.evaluate(async () => {
    const raw = localStorage.getItem('openwork-pwa.hosts') ?? '';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('openwork-pwa.keys');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const key = await new Promise<CryptoKey>((resolve, reject) => {
      const get = db.transaction('keys').objectStore('keys').get('hosts');
      get.onsuccess = () => resolve(get.result as CryptoKey);
      get.onerror = () => reject(get.error);
    });
    db.close();
    const exportRefused = await crypto.subtle.exportKey('raw', key).then(
      () => false,
      () => true,
    );
    const value = JSON.parse(raw) as { sealed?: { iv: string; data: string } };
    if (!value.sealed) return { extractable: key.extractable, exportRefused, raw, plain: '(not sealed)' };
    const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes(value.sealed.iv),
        additionalData: new TextEncoder().encode('openwork-pwa:hosts:v2'),
      },
      key,
      bytes(value.sealed.data),
    );
    return { extractable: key.extractable, exportRefused, raw, plain: new TextDecoder().decode(plain) };
  });
}

/** Everything the page can show of itself: storage, caches, DOM, address, title. */
async function pageSurface(): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const dump = (storage: Storage) => {
      const out: string[] = [];
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i) ?? '';
        out.push(`${key}=${storage.getItem(key) ?? ''}`);
      }
      return out.join('\n');
    };
    const cached: string[] = [];
    if ('caches' in self) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) cached.push(request.url);
      }
    }
    return {
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      cacheStorage: cached.join('\n'),
      dom: document.documentElement.outerHTML,
      href: location.href,
      title: document.title,
      historyState: JSON.stringify(history.state),
    };
  });
}

/** The tab's session history as the browser keeps it (what back/forward can reach). */
async function sessionHistory(): Promise<{ url: string; title: string }[]> {
  const cdp = await context.newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string; title: string }[] };
  await cdp.detach();
  return entries.map(({ url, title }) => ({ url, title }));
}

beforeAll(async () => {
  llm = await startMockLlm();
  opencode = await startOpencode({ llm, corsOrigins: [appUrl], password: PASSWORD });
  host = await startOpenworkHost({
    workspaces: [
      { name: 'Secrets', path: opencode.workspaceDir, opencodeUrl: opencode.url, opencodePassword: PASSWORD },
    ],
    token: TOKEN,
    hostToken: HOST_TOKEN,
    corsOrigins: [appUrl],
    approval: { mode: 'auto', timeoutMs: 5_000 },
  });
  opencodeOrigin = new URL(opencode.url).origin;
  hostOrigin = new URL(host.url).origin;
  browser = await launchBrowser();
  context = await phoneContext(browser);
  requests = recordRequests(context, 'secrets: the headers of every request', (request, headers) => ({
    url: request.url(),
    method: request.method(),
    origin: new URL(request.url()).origin,
    navigation: request.isNavigationRequest(),
    fromServiceWorker: request.serviceWorker() !== null,
    // A request of a closed page has no headers to read any more; recorded without them.
    headers: headers ?? {},
  }));
  page = await context.newPage();
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}\n${error.stack ?? ''}`));
  page.on('dialog', (dialog) => void guard('secrets: accept a dialog', dialog.accept()));
  app = new AppPage(page);
}, 120_000);

afterAll(async () => {
  try {
    // Detached before the browser closes; awaits the reads still running (one that failed fails here).
    await requests?.stop();
  } finally {
    await browser?.close();
    await host?.close();
    await opencode?.stop();
    await llm?.close();
  }
});

describe('secrets during a full run', () => {
  it('pairs with OpenCode (password) from a pairing link; the password leaves the address bar at once', async () => {
    pairingLink = `${appUrl}/#/pair?url=${encodeURIComponent(opencode.url)}&token=${PASSWORD}&name=Direct%20OpenCode`;
    await page.goto(pairingLink);
    // At once: before the saved hosts are decrypted and before the probe answers.
    await expect
      .poll(() => page.evaluate(() => location.href), { timeout: 1_000, interval: 20 })
      .not.toContain(PASSWORD);
    await app.kindBadge('OpenCode').waitFor({ timeout: 15_000 });
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
    expect(leaks(page.url())).toEqual([]);
  });

  it('runs a session on OpenCode: prompt, reply, a permission allowed', async () => {
    await app.newSession();
    await app.send('hello over basic auth');
    await app
      .assistantMessages()
      .filter({ hasText: 'You said: hello over basic auth' })
      .first()
      .waitFor({ timeout: 20_000 });
    await app.send('please write file secret-direct.txt');
    const card = app.permissionCard();
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Allow once' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(() => existsSync(join(opencode.workspaceDir, 'secret-direct.txt')), { timeout: 20_000 })
      .toBe(true);
    // A draft left in the composer, to see "Forget" delete it.
    await page.getByLabel('Prompt').fill('draft for the direct host');
  });

  it('pairs with the OpenWork host (token + host token) and runs a session through its proxy', async () => {
    await page.goto(`${appUrl}/#/pair`);
    await page.getByLabel('Host URL').fill(host.url);
    await page.getByLabel('Token or password').fill(TOKEN);
    await page.getByRole('button', { name: 'Advanced' }).click();
    await page.getByLabel(/OpenWork host token/).fill(HOST_TOKEN);
    await page.getByRole('button', { name: 'Connect' }).click();
    await app.kindBadge('OpenWork').waitFor({ timeout: 15_000 });
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');

    await app.newSession();
    await app.send('hello through the host');
    await app
      .assistantMessages()
      .filter({ hasText: 'You said: hello through the host' })
      .first()
      .waitFor({ timeout: 20_000 });
    await app.send('please write file secret-openwork.txt');
    const card = app.permissionCard();
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    expect(existsSync(join(opencode.workspaceDir, 'secret-openwork.txt'))).toBe(false);
    await page.getByLabel('Prompt').fill('draft for the OpenWork host');
  });

  it('uses the host token on owner routes (inbox) and the token on files', async () => {
    await page.getByRole('link', { name: /^Approvals/ }).click();
    await expect
      .poll(
        async () =>
          (await settled()).some(
            (r) => r.url.startsWith(`${hostOrigin}/approvals`) && r.headers['x-openwork-host-token'] === HOST_TOKEN,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.getByRole('link', { name: 'Files' }).click();
    await page.getByRole('link', { name: /README\.md/ }).waitFor({ timeout: 15_000 });
  });

  it('a reload decrypts the saved hosts and opens where it was (no detour through pairing)', async () => {
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await page.reload();
    await app.kindBadge('OpenWork').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).hash).toBe('#/');
    await expect.poll(() => app.connectionStatus().textContent(), { timeout: 15_000 }).toContain('Live');
  });

  it('the saved store is ciphertext; only script of this origin, with the non-extractable key, reads it', async () => {
    const store = await decryptedHosts();
    expect(leaks(store.raw)).toEqual([]);
    expect(store.raw).not.toContain(host.url);
    expect(store.extractable).toBe(false);
    expect(store.exportRefused).toBe(true);
    // The sealed list does hold the credentials: the encryption is real, and it is not a wall
    // against script running in the page (docs/security.md).
    expect(leaks(store.plain).sort()).toEqual(['OpenCode password', 'OpenWork host token', 'OpenWork token']);
  });

  it('every secret went only in its own header to its own origin, and never in a URL', async () => {
    const all = await settled();
    const byOrigin = new Map<string, number>();
    let credentialed = 0;
    for (const request of all) {
      byOrigin.set(request.origin, (byOrigin.get(request.origin) ?? 0) + 1);
      // The pairing link itself: the password is in its fragment, which is never sent.
      const url = request.navigation && request.url === pairingLink ? (request.url.split('#')[0] ?? '') : request.url;
      expect(leaks(url), `${request.method} ${request.url}`).toEqual([]);
      let carried = false;
      for (const [name, value] of Object.entries(request.headers)) {
        for (const secret of secrets()) {
          if (!forms(secret.value).some((form) => value.includes(form))) continue;
          carried = true;
          const where = `${secret.name} in "${name}" of ${request.method} ${request.url}`;
          expect(name, where).toBe(secret.header);
          expect(request.origin, where).toBe(secret.origin);
          if (secret.header === 'authorization')
            expect(value, where).toBe(secret.origin === hostOrigin ? `Bearer ${TOKEN}` : `Basic ${BASIC}`);
        }
      }
      if (carried) credentialed += 1;
    }
    // The credentials did go where they belong (else the checks above would prove nothing).
    expect(all.some((r) => r.origin === opencodeOrigin && r.headers.authorization === `Basic ${BASIC}`)).toBe(true);
    expect(all.some((r) => r.origin === hostOrigin && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(all.some((r) => r.origin === hostOrigin && r.headers['x-openwork-host-token'] === HOST_TOKEN)).toBe(true);
    // The host token only on owner routes.
    for (const request of all.filter((r) => r.headers['x-openwork-host-token']))
      expect(new URL(request.url).pathname).toMatch(/^\/approvals/);
    const linkRequests = all.filter((r) => r.navigation && r.url.split('#')[0] === pairingLink.split('#')[0]);
    console.log(
      `secrets e2e: the pairing-link navigation was recorded as ${linkRequests.map((r) => (r.url.includes('#') ? 'URL with fragment (not sent)' : 'URL without fragment')).join(', ')}`,
    );
    console.log(
      `secrets e2e: ${all.filter((r) => r.fromServiceWorker).length} of them sent by the service worker, ${all.filter((r) => Object.keys(r.headers).length === 0).length} without readable headers`,
    );
    console.log(
      `secrets e2e: ${all.length} requests inspected (${[...byOrigin].map(([o, n]) => `${o} ${n}`).join(', ')}), ${credentialed} carried a credential, all to their own origin`,
    );
  });

  it('storage, caches, DOM, console, address, title and session history show no secret', async () => {
    const surface = await pageSurface();
    for (const [where, text] of Object.entries(surface)) expect(leaks(text), where).toEqual([]);
    const history = await sessionHistory();
    for (const entry of history) expect(leaks(`${entry.url} ${entry.title}`), entry.url).toEqual([]);
    expect(leaks(consoleLines.join('\n'))).toEqual([]);
    console.log(`secrets e2e: console lines seen: ${JSON.stringify(consoleLines)}`);
    console.log(
      `secrets e2e: scanned ${Object.keys(surface).length} page surfaces, ${history.length} session-history entries, ${consoleLines.length} console lines`,
    );
  });

  it('"Forget" deletes both hosts, their credentials, drafts and settings; the decision log stays', async () => {
    const before = await pageSurface();
    const ids = await page.evaluate(() =>
      Object.keys(
        (
          JSON.parse(localStorage.getItem('openwork-pwa.drafts') ?? '{}') as {
            state: { drafts: Record<string, string> };
          }
        ).state.drafts,
      ),
    );
    const hostIds = [...new Set(ids.map((key) => key.split(':')[0] ?? ''))];
    expect(hostIds).toHaveLength(2);
    for (const id of hostIds) expect(before.localStorage).toContain(id);

    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    for (const name of ['Direct OpenCode', 'Secrets @ 127.0.0.1'])
      await page.getByRole('button', { name: new RegExp(`^Forget ${name}`) }).click();
    await page.getByText('No hosts paired yet.').waitFor();
    const forgottenAt = (await settled()).length;

    await expect.poll(async () => (await decryptedHosts()).plain, { timeout: 5_000 }).toBe('{"hosts":[]}');
    const after = await pageSurface();
    for (const [where, text] of Object.entries(after)) expect(leaks(text), where).toEqual([]);
    const keep = after.localStorage.split('\n').filter((line) => !line.startsWith('openwork-pwa.decisions='));
    for (const id of hostIds) expect(keep.join('\n'), `${id} left in storage`).not.toContain(id);
    // The decision log is the user's audit trail: kept, and it holds no credential.
    const decisions = after.localStorage.split('\n').find((line) => line.startsWith('openwork-pwa.decisions=')) ?? '';
    expect(decisions).toContain('secret-direct.txt');
    expect(decisions).toContain('secret-openwork.txt');

    // Nothing is sent for a forgotten host any more (its stream and polls stopped).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = (await settled())
      .slice(forgottenAt)
      .filter((r) => r.origin === opencodeOrigin || r.origin === hostOrigin);
    expect(later.map((r) => `${r.method} ${r.url}`)).toEqual([]);

    // A fresh start is unpaired: the home route sends it to pairing.
    await page.goto(`${appUrl}/`);
    await page.waitForURL(/#\/pair$/);
    expect(leaks(consoleLines.join('\n'))).toEqual([]);
  });
});
