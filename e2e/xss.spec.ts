/**
 * Hostile content renders inert. A corpus of XSS vectors (fixtures/xss-vectors.mjs) reaches the app
 * through every channel a host controls: assistant text from the scripted model (and the session
 * title it makes), a bash tool's output (approved in the app), a permission request's command and
 * description (rejected in the app), a model error message, and, through the OpenWork host
 * fixture, workspace file names, file contents (six highlighters), skill descriptions and the
 * workspace name. Counts and results: docs/security.md.
 *
 * On every page the test records: any dialog, CSP violations (console and
 * `securitypolicyviolation`), popups, frames, main-frame navigations away from the app, page
 * errors, and requests to anything but the app, OpenCode and the host fixture; a loopback canary
 * server that the vectors point at records any hit. Zero of each is allowed. After each step the
 * DOM is audited: no script/iframe/object/embed/… elements, no `on*` attributes, no
 * `javascript:`/`data:`/`vbscript:` addresses, and markdown links only absolute http(s)/mailto.
 * A self-test first proves the recorders see a dialog, a CSP refusal and a stray request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, phoneContext } from './browser';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { batches, xssVectors } from './fixtures/xss-vectors.mjs';
import { AppPage } from './pages/app-page';
import { OpenworkPage } from './pages/openwork-page';

const appUrl = inject('appUrl');
const opencodeUrl = inject('opencodeUrl');
const appOrigin = new URL(appUrl).origin;

/**
 * Vectors per assistant reply (5: 36 replies, so the transcript passes 60 messages and is
 * virtualised, whose row positions are style attributes under `style-src 'self'`), and per tool
 * output (the app shows 4,000 characters of output).
 */
const TEXT_BATCH = 5;
const TOOL_BATCH = 30;

let browser: Browser;
let canary: { origin: string; hits: string[]; close: () => Promise<void> };
let vectors: Array<{ category: string; text: string }>;
/** Everything the recorders saw: each entry fails the test. */
const findings: string[] = [];
/** Not findings, printed to explain a failure: failed loads of the app's own files. */
const diagnostics: string[] = [];
/** Counts for the report: channel → vectors delivered. */
const delivered: Record<string, number> = {};
let workspaceDir: string | undefined;
let host: Awaited<ReturnType<typeof startOpenworkHost>> | undefined;

/** A loopback server that only records what reached it: any hit means a vector loaded something. */
async function startCanary(): Promise<typeof canary> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' });
    res.end('canary');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('canary: no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Records, for a context and its pages, everything hostile content must never cause. */
async function watch(context: BrowserContext, label: string, allowedOrigins: string[]): Promise<void> {
  const allowed = new Set([appOrigin, ...allowedOrigins.map((url) => new URL(url).origin)]);
  // Also the service worker's requests.
  context.on('request', (request) => {
    const url = request.url();
    let origin = 'null';
    try {
      origin = new URL(url).origin;
    } catch {
      // Not a URL: recorded below.
    }
    if (!allowed.has(origin))
      findings.push(`${label}: request to a non-host address: ${request.method()} ${url.slice(0, 200)}`);
  });
  await context.exposeFunction('__reportCspViolation', (text: string) =>
    findings.push(`${label}: securitypolicyviolation ${text}`),
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
}

function watchPage(page: Page, label: string): void {
  page.on('dialog', (dialog) => {
    findings.push(`${label}: ${dialog.type()} dialog “${dialog.message()}”`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text()))
      findings.push(`${label}: console ${message.type()}: ${message.text().slice(0, 300)}`);
  });
  page.on('pageerror', (error) => findings.push(`${label}: uncaught error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url().startsWith(appOrigin))
      diagnostics.push(`${label}: ${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) =>
    diagnostics.push(`${label}: failed ${request.url().slice(0, 120)}: ${request.failure()?.errorText}`),
  );
  page.on('popup', (popup) => findings.push(`${label}: popup opened: ${popup.url()}`));
  page.on('frameattached', (frame) => findings.push(`${label}: frame attached: ${frame.url()}`));
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = frame.url();
    if (url !== 'about:blank' && !url.startsWith(`${appUrl}/`))
      findings.push(`${label}: main frame navigated away: ${url}`);
  });
}

/**
 * What must never be in the rendered app, whatever a host sent. `content` selects the regions
 * holding host content, where even an image or a style attribute is out of place.
 */
async function audit(page: Page, where: string, content: string): Promise<string[]> {
  const issues = await page.evaluate(
    ({ content, viewportWidth }) => {
      const out: string[] = [];
      const root = document.getElementById('root');
      if (!root) return ['no #root'];
      const describe = (el: Element) =>
        `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}>`;
      // Elements nothing in the app renders, in the whole app.
      const all = (scope: ParentNode, selector: string) => Array.from(scope.querySelectorAll(selector));
      for (const el of all(
        root,
        'script, iframe, frame, frameset, object, embed, applet, portal, base, meta, link, style, svg, math, audio, source, track, form[action], [formaction], [srcdoc], [ping], [background], [xlink\\:href]',
      )) {
        out.push(`element ${describe(el)}`);
      }
      // Event handler attributes anywhere in the document (React never writes them).
      for (const el of all(document, '*')) {
        for (const attr of Array.from(el.attributes))
          if (/^on/i.test(attr.name)) out.push(`attribute ${attr.name} on ${describe(el)}`);
      }
      // Addresses that run script or carry a document, anywhere in the app.
      // What a browser ignores or a reader does not see, in front of or inside a scheme.
      const strip = (value: string) =>
        // eslint-disable-next-line no-control-regex -- control characters are the point here
        value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '');
      for (const el of all(root, '[href], [src], [action], [data], [poster]')) {
        for (const name of ['href', 'src', 'action', 'data', 'poster']) {
          const value = el.getAttribute(name);
          if (value !== null && /^(javascript|vbscript|data|file):/i.test(strip(value)))
            out.push(`${name}="${value.slice(0, 80)}" on ${describe(el)}`);
        }
      }
      for (const region of all(document, content)) {
        for (const el of all(
          region,
          'img, video, input, textarea, select, button, form, [style], [contenteditable], [tabindex], [popover]',
        )) {
          // The app's own: "Show more" under a long text, the virtualised transcript's row positions,
          // the actions button (⋯) of each of the user's messages.
          if (el.closest('.text-truncated') || el.classList.contains('virtual-row')) continue;
          if (el.matches('button.message-actions')) continue;
          out.push(`in ${content}: ${describe(el)}`);
        }
      }
      // Links from host markdown: absolute http(s) or mailto only, opening a new tab without opener.
      for (const a of all(root, '.markdown a[href]')) {
        const href = a.getAttribute('href') ?? '';
        let protocol = 'relative';
        try {
          protocol = new URL(href).protocol;
        } catch {
          // Relative: not allowed either.
        }
        if (!['http:', 'https:', 'mailto:'].includes(protocol)) out.push(`markdown link href="${href.slice(0, 80)}"`);
        if (a.getAttribute('target') !== '_blank' || !/noopener/.test(a.getAttribute('rel') ?? ''))
          out.push(`markdown link not in a new tab without opener: ${href.slice(0, 80)}`);
      }
      // The document head: only the app's own CSP meta may be an http-equiv.
      for (const meta of all(document, 'meta[http-equiv]')) {
        if (meta.getAttribute('http-equiv')?.toLowerCase() !== 'content-security-policy')
          out.push(`meta http-equiv=${meta.getAttribute('http-equiv')}`);
      }
      if (document.querySelector('base')) out.push('a <base> element');
      // Nothing widens the page beyond the phone's width (a phone would zoom out to show it all).
      const width = document.documentElement.scrollWidth;
      if (width > viewportWidth + 1) {
        const wide = all(root, '*').filter(
          (el) => el.getBoundingClientRect().right > viewportWidth + 1 && !el.closest('pre, .code-view'),
        );
        out.push(
          `page is ${width}px wide on a ${viewportWidth}px screen: ${wide.slice(0, 3).map(describe).join(', ')}`,
        );
      }
      return out;
    },
    { content, viewportWidth: page.viewportSize()?.width ?? 390 },
  );
  return issues.map((issue) => `${where}: ${issue}`);
}

function expectClean(): void {
  expect(findings).toEqual([]);
  expect(canary.hits).toEqual([]);
}

beforeAll(async () => {
  canary = await startCanary();
  vectors = xssVectors(canary.origin);
  browser = await launchBrowser();
});

afterAll(async () => {
  console.log(
    `xss: ${vectors?.length ?? 0} vectors; delivered per channel: ${JSON.stringify(delivered)}; findings: ${findings.length}; canary hits: ${canary?.hits.length ?? 0}`,
  );
  for (const finding of findings) console.log(`xss finding: ${finding}`);
  for (const hit of canary?.hits ?? []) console.log(`xss canary hit: ${hit}`);
  for (const line of diagnostics) console.log(`xss diagnostic: ${line}`);
  await browser?.close();
  await host?.close();
  await canary?.close();
  if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true });
});

describe('the served app carries its Content-Security-Policy', () => {
  it('as a header (with frame-ancestors) and as a meta in index.html, which has no inline script or handler', async () => {
    const response = await fetch(`${appUrl}/`);
    const header = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "worker-src 'self'",
      "manifest-src 'self'",
      'connect-src ',
    ]) {
      expect(header).toContain(directive);
    }
    expect(header).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\s\*(;|\s|$)/);
    const html = await response.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(meta).not.toContain('frame-ancestors');
    // The meta comes before anything it governs.
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.search(/<script|<link/));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="\/[^"]+"/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<\s]/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('hostile content from an OpenCode host renders inert', () => {
  let context: BrowserContext;
  let page: Page;
  let app: AppPage;

  beforeAll(async () => {
    context = await phoneContext(browser);
    await watch(context, 'opencode', [opencodeUrl]);
    page = await context.newPage();
    watchPage(page, 'opencode');
    app = new AppPage(page);
    await app.open(appUrl);
    await page.waitForURL(/#\/pair/);
    await app.pair(opencodeUrl);
    await app.connectionStatus().filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('self-test: the recorders see a dialog, a CSP refusal and a stray request', async () => {
    await page.evaluate(async (origin) => {
      const img = document.createElement('img');
      img.src = `${origin}/selftest-image`; // img-src refuses another origin
      document.body.append(img);
      await fetch(`${origin}/selftest-fetch`).catch(() => undefined); // connect-src allows any http(s) host
      img.remove();
      alert('selftest');
    }, canary.origin);
    await expect
      .poll(() => findings.filter((f) => /securitypolicyviolation img-src/.test(f)).length, { timeout: 5_000 })
      .toBeGreaterThan(0);
    expect(findings.some((f) => /console error: .*selftest-image.*Content Security Policy/.test(f))).toBe(true);
    expect(findings.some((f) => /request to a non-host address: GET .*selftest-fetch/.test(f))).toBe(true);
    expect(findings.some((f) => /alert dialog “selftest”/.test(f))).toBe(true);
    expect(canary.hits).toEqual(['GET /selftest-fetch']);
    findings.length = 0;
    canary.hits.length = 0;
    diagnostics.length = 0;
  });

  it('as assistant text (and the session title the model makes from it)', async () => {
    await app.open(appUrl, '#/');
    await app.newSession();
    const groups = batches(vectors, TEXT_BATCH) as Array<typeof vectors>;
    let shown = '';
    for (const [index, group] of groups.entries()) {
      const end = `xss-text-batch-${index}-end`;
      // The first vector opens the reply: the first reply's first line becomes the session title.
      const text = [...group.map((v) => v.text), end].join('\n\n');
      await app.send(`echo exactly: ${b64(text)}`);
      const reply = app.assistantMessages().filter({ hasText: end }).first();
      try {
        await reply.waitFor({ timeout: 20_000 });
      } catch (error) {
        // Say what the transcript showed instead: the last messages' ends, and where the page was.
        const state = await page.evaluate(() => ({
          messages: document.querySelectorAll('article').length,
          scrollY: Math.round(window.scrollY),
          scrollHeight: document.documentElement.scrollHeight,
          status: document.querySelector('.session-header .session-status')?.textContent,
          lastTexts: Array.from(document.querySelectorAll('article'))
            .slice(-2)
            .map((article) => (article.textContent ?? '').slice(-300)),
        }));
        throw new Error(`reply ${index} did not show its end marker; transcript ${JSON.stringify(state)}`, {
          cause: error,
        });
      }
      await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
      // Text that streamed in shows as plain text first and as markdown once it stops arriving.
      await reply.locator('.markdown-tail').waitFor({ state: 'detached', timeout: 10_000 });
      shown += (await reply.textContent()) ?? '';
      findings.push(...(await audit(page, `text batch ${index}`, '.transcript')));
      delivered['assistant text'] = (delivered['assistant text'] ?? 0) + group.length;
    }
    // The text arrived as text: markup shows as nothing or as characters, never as elements.
    expect(shown).toContain('{{constructor.constructor');
    expect(shown).toContain('<script>alert(1)</script>'); // from the &lt; entities and code spans
    expect(shown).toContain('[image: tracker — http://127.0.0.1:'); // shown, never loaded
    // Long enough to be virtualised: rows placed by style attributes, which the CSP lets React set.
    await page.locator('.transcript-virtual').waitFor();
    const transforms = await page
      .locator('.virtual-row')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).style.transform));
    expect(transforms.length).toBeGreaterThan(1);
    expect(new Set(transforms).size).toBe(transforms.length);
    expect(transforms.every((t) => /^translateY\(-?\d/.test(t))).toBe(true);

    // The session list and the session header show the model-made title as text.
    const title = await page.locator('.session-header h1').textContent();
    findings.push(...(await audit(page, 'session header', '.session-header h1')));
    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    if (title && title !== 'Session') {
      await page.locator('.session-title').filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
      delivered['session title'] = 1;
    }
    findings.push(...(await audit(page, 'session list', '.session-list .session-title')));
    console.log(`xss: session title as rendered: ${JSON.stringify(title)}`);
    expectClean();
  });

  it('as tool output (a bash command approved in the app)', async () => {
    await app.open(appUrl, '#/');
    await app.newSession();
    const groups = batches(vectors, TOOL_BATCH) as Array<typeof vectors>;
    for (const [index, group] of groups.entries()) {
      const end = `xss-tool-batch-${index}-end`;
      const text = [...group.map((v) => v.text), end].join('\n\n');
      expect(text.length).toBeLessThan(4000);
      await app.send(`print via bash: ${b64(text)}`);
      const card = app.permissionCard();
      await card.waitFor({ timeout: 20_000 });
      findings.push(...(await audit(page, `tool batch ${index} permission card`, '.transcript')));
      await card.getByRole('button', { name: 'Allow once' }).click();
      await card.waitFor({ state: 'detached', timeout: 20_000 });
      const tool = page.getByTestId('tool-part').filter({ hasText: 'completed' }).nth(index);
      await tool.waitFor({ timeout: 20_000 });
      await tool.getByText('Output', { exact: true }).click();
      const output = (await tool.locator('.tool-output pre').textContent()) ?? '';
      expect(output).toContain(end);
      // Shown verbatim: every vector's text is there, as characters (NULs aside).
      // (OpenCode trims the output, so a leading BOM of the batch's first vector is gone.)
      for (const v of group) expect(output.replace(/\0/g, '')).toContain(v.text.replace(/\0/g, '').trim());
      await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
      findings.push(...(await audit(page, `tool batch ${index}`, '.transcript')));
      delivered['tool output'] = (delivered['tool output'] ?? 0) + group.length;
    }
    expectClean();
  });

  it('in a permission request (the command and its description), rejected in the app', async () => {
    await app.open(appUrl, '#/');
    await app.newSession();
    const groups = batches(vectors, TOOL_BATCH) as Array<typeof vectors>;
    for (const [index, group] of groups.entries()) {
      const end = `xss-ask-batch-${index}-end`;
      // One vector a line: the first is also the description. The mock puts "exit 0" first, so
      // nothing would run even if this were allowed.
      const text = [...group.map((v) => v.text), end].join('\n');
      await app.send(`ask to run: ${b64(text)}`);
      const card = app.permissionCard().filter({ hasText: end });
      await card.waitFor({ timeout: 20_000 });
      const command = (await card.locator('.approval-command').textContent()) ?? '';
      for (const v of group) expect(command.replace(/\0/g, '')).toContain(v.text.replace(/\0/g, ''));
      findings.push(
        ...(await audit(
          page,
          `permission batch ${index}`,
          '.approval-card pre, .approval-card header, .approval-card p, .transcript',
        )),
      );
      await card.getByRole('button', { name: 'Reject' }).click();
      await card.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
      findings.push(...(await audit(page, `permission batch ${index} rejected`, '.transcript')));
      delivered['permission request'] = (delivered['permission request'] ?? 0) + group.length;
    }
    expectClean();
  });

  it('as the error message of a failed model call', async () => {
    await app.open(appUrl, '#/');
    await app.newSession();
    const groups = batches(vectors, 60) as Array<typeof vectors>;
    for (const [index, group] of groups.entries()) {
      const end = `xss-error-batch-${index}-end`;
      await app.send(`fail with: ${b64([...group.map((v) => v.text), end].join('\n\n'))}`);
      const error = page.locator('.message-error').filter({ hasText: end });
      await error.waitFor({ timeout: 20_000 });
      await expect.poll(() => app.sessionStatus().textContent(), { timeout: 20_000 }).toBe('idle');
      findings.push(...(await audit(page, `error batch ${index}`, '.transcript')));
      delivered['error message'] = (delivered['error message'] ?? 0) + group.length;
    }
    expectClean();
  });
});

describe('hostile file names, file contents and skill descriptions from an OpenWork host render inert', () => {
  let context: BrowserContext;
  let page: Page;
  let ui: OpenworkPage;
  /** Workspace-relative paths of the files named after a vector. */
  const nameFiles: string[] = [];
  const contentFiles = [
    'contents/all.md',
    'contents/all.html',
    'contents/all.svg',
    'contents/all.js',
    'contents/all.css',
    'contents/all.txt',
  ];
  let adaptedNames = 0;

  /** A file name carrying the vector as far as the file system and the host's path rules let it. */
  function fileNameFor(text: string, used: Set<string>): string {
    // No "/" or NUL in a name; the host turns "\" into "/" and trims the path.
    let name = text.replace(/[/\\]/g, '\u2215').replace(/\0/g, '').trim();
    while (Buffer.byteLength(`${name} (999).md`) > 255) name = Array.from(name).slice(0, -1).join('');
    name = name.replace(/[. ]+$/, '') || 'x';
    let file = `${name}.md`;
    for (let n = 2; used.has(file); n++) file = `${name} (${n}).md`;
    used.add(file);
    if (file !== `${text}.md`) adaptedNames++;
    return file;
  }

  beforeAll(async () => {
    workspaceDir = mkdtempSync(join(tmpdir(), 'owpwa-xss-'));
    const used = new Set<string>();
    for (const v of vectors) {
      const name = fileNameFor(v.text, used);
      writeFileSync(join(workspaceDir, name), v.text);
      nameFiles.push(name);
    }
    mkdirSync(join(workspaceDir, 'contents'));
    const all = vectors.map((v) => v.text).join('\n\n');
    for (const file of contentFiles) writeFileSync(join(workspaceDir, file), all);
    // Skills whose descriptions are vectors, as one-line JSON strings (the fixture's frontmatter
    // reads one line per key, and its `.` does not cross U+2028/U+2029, so those are escaped too).
    const quoted = (text: string) =>
      JSON.stringify(text.replace(/\0/g, ''))
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
    vectors.forEach((v, i) => {
      const dir = join(workspaceDir!, '.opencode', 'skills', `xss-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'SKILL.md'), `---\nname: xss-${i}\ndescription: ${quoted(v.text)}\n---\n\n${v.text}\n`);
    });
    host = await startOpenworkHost({
      workspaces: [{ name: 'Hostile <img src=x onerror=alert(1)>', path: workspaceDir, opencodeUrl }],
      corsOrigins: [appUrl],
      approval: { mode: 'auto' },
    });
    context = await phoneContext(browser);
    await watch(context, 'openwork', [host.url, opencodeUrl]);
    page = await context.newPage();
    watchPage(page, 'openwork');
    ui = new OpenworkPage(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('lists and opens every file named after a vector', async () => {
    await ui.pairOpenwork(appUrl, host!.url, host!.token, host!.hostToken);
    await page.getByLabel('Host kind: OpenWork').first().waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Files' }).click();
    const rows = page.locator('.file-list .file-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(nameFiles.length);
    findings.push(...(await audit(page, 'file list', '.file-list')));
    delivered['file names (list)'] = nameFiles.length;

    let opened = 0;
    let refused = 0;
    for (const name of nameFiles) {
      await ui.openFile(appUrl, name);
      const screen = page.locator('.file-screen');
      // Shown, or refused with a reason (the host serves no names with ":").
      const outcome = async () =>
        (await screen.locator('.code-view').count())
          ? 'opened'
          : (await screen.locator('p.empty').filter({ hasNotText: 'Loading' }).count()) ||
              (await screen.getByRole('alert').count())
            ? 'refused'
            : 'waiting';
      await expect.poll(outcome, { timeout: 10_000 }).not.toBe('waiting');
      if ((await outcome()) === 'opened') opened++;
      else refused++;
      expect(await screen.locator('h1').textContent()).toBe(name);
      findings.push(
        ...(await audit(
          page,
          `file ${JSON.stringify(name).slice(0, 60)}`,
          '.file-screen h1, .file-screen .hint, .file-screen .code-view, .file-screen p.empty',
        )),
      );
    }
    delivered['file names (file screen)'] = nameFiles.length;
    delivered['file contents (one vector per file)'] = opened;
    console.log(
      `xss: ${nameFiles.length} name files (${adaptedNames} adapted to the file system); ${opened} opened, ${refused} refused by the host's path rules (":" in the name)`,
    );
    expectClean();
  });

  it('opens the contents files under each highlighter (md, html, svg, js, css, txt)', async () => {
    for (const file of contentFiles) {
      await ui.openFile(appUrl, file);
      const code = page.locator('.file-screen .code-view');
      await code.waitFor({ timeout: 10_000 });
      // Highlighted (or plain for .txt), and the source intact as text.
      await expect
        .poll(async () => ((await code.textContent()) ?? '').includes('xlink:href="javascript:alert(1)"'), {
          timeout: 10_000,
        })
        .toBe(true);
      if (!file.endsWith('.txt')) await page.locator('.file-screen .code-view code.hljs').waitFor({ timeout: 10_000 });
      findings.push(...(await audit(page, file, '.file-screen h1, .file-screen .hint, .file-screen .code-view')));
      delivered['file contents (all vectors, per highlighter)'] =
        (delivered['file contents (all vectors, per highlighter)'] ?? 0) + vectors.length;
    }
    expectClean();
  });

  it('shows skill descriptions (and a hostile workspace name) as text', async () => {
    await page.getByRole('link', { name: 'Workspace' }).click();
    const skills = page.getByRole('list', { name: 'skills' }).getByRole('listitem');
    await expect
      .poll(() => skills.count(), { timeout: 15_000 })
      .toBe(vectors.length)
      .catch(async (error: unknown) => {
        console.log(`xss: the workspace screen showed: ${await page.locator('#root').innerText()}`);
        throw error;
      });
    findings.push(...(await audit(page, 'workspace screen', '.item-list small')));
    delivered['skill descriptions'] = vectors.length;
    expectClean();
  });
});
