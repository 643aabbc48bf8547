/**
 * Every request builder of the host boundary attaches credentials only for the origin they
 * belong to: authorizedFetch, the OpenWork host API, the SDK client from connections.ts, the
 * event stream and the probe. Table-driven over hosts and targets (proxy, engine on another port,
 * engine on another machine, tampered records, https vs http); MSW records every request that
 * leaves, and each one is checked: which carried `Authorization` / `X-OpenWork-Host-Token`, to
 * which origin, and that no URL carries a secret.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { disconnectHost, opencodeFor, subscribeHost } from './connections';
import { HostError } from './errors';
import { authorizedFetch, basicAuthHeader, bearerAuthHeader, type Authorization } from './http';
import * as openwork from './openwork';
import { probe } from './probe';
import { unwrap } from './sdk';
import type { PairedHost } from './types';

const OPENWORK = 'http://10.0.0.5:8787';
const ENGINE = 'http://10.0.0.5:4096';
const OPENCODE = 'http://10.0.0.9:4096';
const EVIL = 'http://evil.example:4096';

const TOKEN = 'owt_client_5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f';
const HOST_TOKEN = 'host_token_9a8b7c6d5e4f3a2b1c0d';
const PASSWORD = 'p4ss word/with:odd&chars?';
const ENGINE_SECRET = 'engine-userinfo-secret';
const ENGINE_QUERY_SECRET = 'engine-query-secret';

/** What left the app, as a server would see it. */
interface Seen {
  method: string;
  url: string;
  origin: string;
  path: string;
  authorization: string | null;
  hostToken: string | null;
}

/** How the fake world answers the probe for a scenario. */
interface ProbeWorld {
  engineUrl: string;
  proxy: boolean;
}

let seen: Seen[] = [];
let world: ProbeWorld = { engineUrl: 'http://127.0.0.1:4096', proxy: true };

function json(body: Record<string, unknown> | unknown[]): Response {
  return HttpResponse.json(body);
}

/** One fake network: an OpenWork host at OPENWORK, OpenCode everywhere else, EVIL included. */
function serveWorld(redirectPaths: string[] = []): void {
  server.use(
    http.all('*', async ({ request }) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        url: request.url,
        origin: url.origin,
        path: url.pathname,
        authorization: request.headers.get('authorization'),
        hostToken: request.headers.get('x-openwork-host-token'),
      });
      const path = url.pathname.replace(/^\/w\/ws_1\/opencode/, '');
      if (redirectPaths.some((p) => path.endsWith(p)))
        return new HttpResponse(null, { status: 302, headers: { location: `${EVIL}${url.pathname}` } });
      if (path === '/health')
        return url.origin === OPENWORK || url.origin === 'https://10.0.0.5:8787'
          ? json({ ok: true, version: '0.11.0' })
          : new HttpResponse('<html>opencode</html>', { headers: { 'content-type': 'text/html' } });
      if (path === '/global/health') return json({ healthy: true, version: '1.18.33' });
      if (path === '/workspaces')
        return json({
          items: [{ id: 'ws_1', name: 'Alpha', path: '/p', opencode: { baseUrl: world.engineUrl, directory: '/p' } }],
          activeId: 'ws_1',
        });
      if (path === '/capabilities') return json({ proxy: { opencode: world.proxy } });
      if (path === '/event') return new ScriptedStream().response();
      if (path === '/session' || path === '/permission') return json([]);
      if (path === '/approvals') return json({ items: [] });
      if (path.startsWith('/approvals/')) return json({ ok: true, allowed: true });
      if (path.endsWith('/files/content')) return json({ path: 'a.md', content: 'x', bytes: 1, updatedAt: 1 });
      if (path.endsWith('/files/raw'))
        return new HttpResponse(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'application/octet-stream' } });
      if (path.endsWith('/files/sessions')) return json({ session: { id: 'fs_1' } });
      if (path.endsWith('/catalog/snapshot')) return json({ items: [], truncated: false });
      if (path.startsWith('/files/sessions/')) return json({ ok: true });
      return HttpResponse.json({ code: 'not_found', message: 'Not found' }, { status: 404 });
    }),
  );
}

/** Every secret of the tests, as sent and as encoded. */
const SECRETS = [TOKEN, HOST_TOKEN, PASSWORD, ENGINE_SECRET, ENGINE_QUERY_SECRET];
const encodings = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  btoa(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
];

/** No recorded URL carries any secret, plain or encoded (including `user:pass` in base64). */
function expectNoSecretInUrls(): void {
  for (const request of seen) {
    for (const secret of [...SECRETS, `opencode:${PASSWORD}`, `me:${PASSWORD}`]) {
      for (const form of encodings(secret)) expect(request.url, `${request.url} carries a secret`).not.toContain(form);
    }
  }
}

const base = { kindReason: 'test', pairedAt: 0 };

interface Scenario {
  name: string;
  host: PairedHost;
  /** The only origin that may receive `Authorization`, and the exact value; none when absent. */
  auth?: { origin: string; header: string };
  /** The probe's view of the host (OpenWork only); no probe for tampered records. */
  probe?: ProbeWorld | 'opencode';
}

const scenarios: Scenario[] = [
  {
    name: 'direct OpenCode with a password',
    host: {
      ...base,
      id: 'h_oc_pw',
      name: 'oc',
      url: OPENCODE,
      kind: 'opencode',
      credentials: { token: PASSWORD },
      opencode: { baseUrl: OPENCODE, auth: 'basic' },
    },
    auth: { origin: OPENCODE, header: basicAuthHeader('opencode', PASSWORD) },
    probe: 'opencode',
  },
  {
    name: 'direct OpenCode with a password and a user name',
    host: {
      ...base,
      id: 'h_oc_user',
      name: 'oc',
      url: OPENCODE,
      kind: 'opencode',
      credentials: { token: PASSWORD, username: 'me' },
      opencode: { baseUrl: OPENCODE, auth: 'basic', directory: '/p' },
    },
    auth: { origin: OPENCODE, header: basicAuthHeader('me', PASSWORD) },
    probe: 'opencode',
  },
  {
    name: 'direct OpenCode without a password',
    host: {
      ...base,
      id: 'h_oc_open',
      name: 'oc',
      url: OPENCODE,
      kind: 'opencode',
      credentials: {},
      opencode: { baseUrl: OPENCODE, auth: 'none' },
    },
    probe: 'opencode',
  },
  {
    name: 'OpenWork host through its /w/:id/opencode proxy (token + host token)',
    host: {
      ...base,
      id: 'h_ow_proxy',
      name: 'ow',
      url: OPENWORK,
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: HOST_TOKEN },
      opencode: { baseUrl: `${OPENWORK}/w/ws_1/opencode`, auth: 'bearer' },
    },
    auth: { origin: OPENWORK, header: bearerAuthHeader(TOKEN) },
    probe: { engineUrl: 'http://127.0.0.1:4096', proxy: true },
  },
  {
    name: 'OpenWork v0.7.1: no proxy, engine on the same hostname, another port',
    host: {
      ...base,
      id: 'h_ow_engine',
      name: 'ow',
      url: OPENWORK,
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: HOST_TOKEN },
      opencode: { baseUrl: ENGINE, auth: 'none', directory: '/p' },
    },
    auth: { origin: OPENWORK, header: bearerAuthHeader(TOKEN) },
    probe: { engineUrl: 'http://127.0.0.1:4096', proxy: false },
  },
  {
    name: 'OpenWork host reporting an engine on another machine, with secrets in its URL',
    host: {
      ...base,
      id: 'h_ow_far',
      name: 'ow',
      url: OPENWORK,
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: HOST_TOKEN },
      opencode: { baseUrl: EVIL, auth: 'none' },
    },
    auth: { origin: OPENWORK, header: bearerAuthHeader(TOKEN) },
    probe: {
      engineUrl: `http://u:${ENGINE_SECRET}@evil.example:4096/?auth_token=${ENGINE_QUERY_SECRET}`,
      proxy: false,
    },
  },
  {
    name: 'tampered record: bearer target on another origin',
    host: {
      ...base,
      id: 'h_tamper_bearer',
      name: 'ow',
      url: OPENWORK,
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: HOST_TOKEN },
      opencode: { baseUrl: `${EVIL}/w/ws_1/opencode`, auth: 'bearer' },
    },
    auth: { origin: OPENWORK, header: bearerAuthHeader(TOKEN) },
  },
  {
    name: 'tampered record: basic target on another origin',
    host: {
      ...base,
      id: 'h_tamper_basic',
      name: 'oc',
      url: OPENCODE,
      kind: 'opencode',
      credentials: { token: PASSWORD },
      opencode: { baseUrl: EVIL, auth: 'basic' },
    },
  },
  {
    name: 'tampered record: an OpenCode host with a bearer target',
    host: {
      ...base,
      id: 'h_tamper_kind',
      name: 'oc',
      url: OPENCODE,
      kind: 'opencode',
      credentials: { token: PASSWORD },
      opencode: { baseUrl: OPENCODE, auth: 'bearer' },
    },
  },
  {
    name: 'https host, http target on the same hostname (another origin)',
    host: {
      ...base,
      id: 'h_scheme',
      name: 'ow',
      url: 'https://10.0.0.5:8787',
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: HOST_TOKEN },
      opencode: { baseUrl: `${OPENWORK}/w/ws_1/opencode`, auth: 'bearer' },
    },
    auth: { origin: 'https://10.0.0.5:8787', header: bearerAuthHeader(TOKEN) },
  },
];

/** The request builders, each run for every scenario it applies to. */
const builders: { name: string; openworkOnly?: boolean; run: (host: PairedHost) => Promise<unknown> }[] = [
  {
    name: 'SDK client (opencodeFor): session.list',
    run: (host) => unwrap(opencodeFor(host).session.list(), 'GET /session'),
  },
  {
    name: 'SDK client (opencodeFor): permission.list',
    run: (host) => unwrap(opencodeFor(host).permission.list(), 'GET /permission'),
  },
  {
    name: 'event stream (subscribeHost)',
    run: async (host) => {
      const before = seen.length;
      const unsubscribe = subscribeHost(host, () => undefined);
      await vi.waitFor(() => expect(seen.slice(before).some((r) => r.path.endsWith('/event'))).toBe(true));
      unsubscribe();
    },
  },
  { name: 'OpenWork: GET /capabilities', openworkOnly: true, run: (host) => openwork.getCapabilities(host) },
  { name: 'OpenWork: GET /workspaces', openworkOnly: true, run: (host) => openwork.getWorkspaces(host) },
  {
    name: 'OpenWork: read a file',
    openworkOnly: true,
    run: (host) => openwork.readWorkspaceFile(host, 'ws_1', 'a.md'),
  },
  {
    name: 'OpenWork: raw file as a Blob',
    openworkOnly: true,
    run: (host) => openwork.readWorkspaceFileBlob(host, 'ws_1', 'a.png'),
  },
  {
    name: 'OpenWork: catalog through a file session',
    openworkOnly: true,
    run: async (host) => {
      await openwork.listCatalog(host, 'ws_1', '');
      // The session is closed in the background: wait for it, so it is checked here too.
      await vi.waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
    },
  },
  { name: 'OpenWork: GET /approvals (owner)', openworkOnly: true, run: (host) => openwork.listHostApprovals(host) },
  {
    name: 'OpenWork: POST /approvals/:id (owner)',
    openworkOnly: true,
    run: (host) => openwork.replyHostApproval(host, 'ap_1', 'allow'),
  },
];

afterEach(() => {
  for (const scenario of scenarios) disconnectHost(scenario.host.id);
  seen = [];
});

/**
 * Checks every recorded request against a scenario: Authorization only to `auth.origin` with
 * exactly its value; the host token only to the OpenWork origin on `/approvals`; no secret in a URL.
 */
function expectOnlyOwnOrigin(scenario: Scenario): void {
  expect(seen.length).toBeGreaterThan(0);
  for (const request of seen) {
    const where = `${request.method} ${request.url}`;
    if (scenario.auth && request.origin === scenario.auth.origin) {
      if (request.authorization !== null) expect(request.authorization, where).toBe(scenario.auth.header);
    } else {
      expect(request.authorization, `${where} must not carry Authorization`).toBeNull();
    }
    if (request.hostToken !== null) {
      expect(request.origin, `${where} carried the host token`).toBe(scenario.host.url);
      expect(request.path, `${where} carried the host token off an owner route`).toMatch(/^\/approvals/);
      expect(request.hostToken).toBe(HOST_TOKEN);
    }
    expect(
      request.origin === EVIL && (request.authorization !== null || request.hostToken !== null),
      `${where}: a credential reached another machine`,
    ).toBe(false);
  }
  expectNoSecretInUrls();
}

/** Counts reported in docs/security.md. */
const tally = { cases: 0, requests: 0, credentialed: 0, bare: 0 };

function count(): void {
  tally.cases += 1;
  tally.requests += seen.length;
  tally.credentialed += seen.filter((r) => r.authorization !== null || r.hostToken !== null).length;
  tally.bare += seen.filter((r) => r.authorization === null && r.hostToken === null).length;
}

/** The Authorization an OpenCode request (SDK, event stream) of this scenario must carry. */
function opencodeExpected(scenario: Scenario): string | null {
  const target = new URL(scenario.host.opencode.baseUrl).origin;
  return scenario.auth && scenario.auth.origin === target && scenario.host.opencode.auth !== 'none'
    ? scenario.auth.header
    : null;
}

describe.each(scenarios)('credentials for: $name', (scenario) => {
  for (const builder of builders) {
    if (builder.openworkOnly && scenario.host.kind !== 'openwork') continue;
    it(builder.name, async () => {
      serveWorld();
      await builder.run(scenario.host);
      expectOnlyOwnOrigin(scenario);
      // Exactly which requests carried what (a positive check too: the credential does arrive).
      const expected = builder.openworkOnly ? (scenario.auth?.header ?? null) : opencodeExpected(scenario);
      // An OpenWork host's health watch starts with the stream: `/health` needs no credential, and gets none.
      const bare = (r: { path: string }) => builder.name === 'event stream (subscribeHost)' && r.path === '/health';
      expect(seen.map((r) => r.authorization)).toEqual(seen.map((r) => (bare(r) ? null : expected)));
      const owner = builder.name.includes('(owner)');
      expect(seen.map((r) => r.hostToken)).toEqual(seen.map(() => (owner ? HOST_TOKEN : null)));
      count();
    });
  }

  const probeWorld = scenario.probe;
  if (probeWorld) {
    it('probe', async () => {
      if (probeWorld !== 'opencode') world = probeWorld;
      serveWorld();
      const result = await probe(
        { url: scenario.host.url, credentials: scenario.host.credentials },
        { pageProtocol: 'http:', pageOrigin: 'http://app.test' },
      );
      expect(result.ok).toBe(true);
      expectOnlyOwnOrigin(scenario);
      // What the probe stores is clean, and so is every word it shows.
      const shown = JSON.stringify(result);
      for (const secret of [ENGINE_SECRET, ENGINE_QUERY_SECRET]) expect(shown).not.toContain(secret);
      if (result.ok)
        for (const secret of SECRETS)
          expect(JSON.stringify([result.opencode, result.reason, result.evidence])).not.toContain(secret);
      if (probeWorld !== 'opencode' && !probeWorld.proxy) expect(result.ok && result.opencode.auth).toBe('none');
      if (scenario.auth) expect(seen.some((r) => r.authorization === scenario.auth?.header)).toBe(true);
      count();
    });
  }
});

describe('authorizedFetch: which target URLs get the header', () => {
  const auth: Authorization = { origin: OPENWORK, header: bearerAuthHeader(TOKEN), hostToken: HOST_TOKEN };
  const table: { target: string; sends: boolean }[] = [
    { target: `${OPENWORK}/workspaces`, sends: true },
    { target: `${OPENWORK}/w/ws_1/opencode/session?directory=%2Fp`, sends: true },
    { target: 'HTTP://10.0.0.5:8787/capabilities', sends: true },
    { target: `${ENGINE}/session`, sends: false },
    { target: 'https://10.0.0.5:8787/workspaces', sends: false },
    { target: 'http://10.0.0.5:8788/workspaces', sends: false },
    { target: 'http://10.0.0.50:8787/workspaces', sends: false },
    { target: 'http://10.0.0.5.evil.example:8787/workspaces', sends: false },
    { target: `${EVIL}/workspaces`, sends: false },
    { target: 'http://[::1]:8787/workspaces', sends: false },
  ];

  it.each(table)('$target → credentials sent: $sends', async ({ target, sends }) => {
    serveWorld();
    await authorizedFetch(auth)(target);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBe(sends ? bearerAuthHeader(TOKEN) : null);
    expect(seen[0]?.hostToken).toBe(sends ? HOST_TOKEN : null);
  });

  it('removes credential headers a caller set itself, on any origin', async () => {
    serveWorld();
    await authorizedFetch(undefined)(`${OPENWORK}/approvals`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-openwork-host-token': HOST_TOKEN },
    });
    await authorizedFetch(auth)(`${EVIL}/approvals`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-openwork-host-token': HOST_TOKEN },
    });
    expect(seen.map((r) => [r.authorization, r.hostToken])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('refuses a URL with user info before sending anything', async () => {
    serveWorld();
    const error = await authorizedFetch(auth)(
      `http://opencode:${encodeURIComponent(PASSWORD)}@10.0.0.5:8787/workspaces`,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(String((error as HostError).message)).not.toContain(PASSWORD);
    expect(seen).toEqual([]);
  });
});

describe('a redirect never carries a credential to another origin', () => {
  const proxied: PairedHost = scenarios[3]!.host;
  const direct: PairedHost = scenarios[0]!.host;
  const cases: { name: string; paths: string[]; run: () => Promise<unknown> }[] = [
    {
      name: 'authorizedFetch',
      paths: ['/workspaces'],
      run: () =>
        authorizedFetch({ origin: OPENWORK, header: bearerAuthHeader(TOKEN), hostToken: HOST_TOKEN })(
          `${OPENWORK}/workspaces`,
        ),
    },
    { name: 'OpenWork call', paths: ['/capabilities'], run: () => openwork.getCapabilities(proxied) },
    { name: 'OpenWork owner call', paths: ['/approvals'], run: () => openwork.listHostApprovals(proxied) },
    {
      name: 'OpenWork raw file',
      paths: ['/files/raw'],
      run: () => openwork.readWorkspaceFileBlob(proxied, 'ws_1', 'a.png'),
    },
    {
      name: 'SDK through the proxy',
      paths: ['/session'],
      run: () => unwrap(opencodeFor(proxied).session.list(), 'GET /session'),
    },
    {
      name: 'SDK to OpenCode with a password',
      paths: ['/session'],
      run: () => unwrap(opencodeFor(direct).session.list(), 'GET /session'),
    },
    {
      name: 'probe: GET /workspaces',
      paths: ['/workspaces'],
      run: () =>
        probe({ url: OPENWORK, credentials: { token: TOKEN } }).then((r) => (r.ok ? r : Promise.reject(r.error))),
    },
    {
      name: 'probe: OpenCode /global/health',
      paths: ['/global/health'],
      run: () =>
        probe({ url: OPENCODE, credentials: { token: PASSWORD } }).then((r) => (r.ok ? r : Promise.reject(r.error))),
    },
  ];

  it.each(cases)('$name: not followed, and said so', async ({ paths, run }) => {
    world = { engineUrl: 'http://127.0.0.1:4096', proxy: true };
    serveWorld(paths);
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toMatch(/redirect/);
    expect(seen.filter((r) => r.origin === EVIL)).toEqual([]);
    expectNoSecretInUrls();
  });

  it('event stream: the redirect is refused and the stream retries later', async () => {
    serveWorld(['/event']);
    subscribeHost(proxied, () => undefined);
    await vi.waitFor(() => expect(seen.some((r) => r.path.endsWith('/event'))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.filter((r) => r.origin === EVIL)).toEqual([]);
  });
});

describe('totals', () => {
  it('inspected every request of every case', () => {
    // Printed for docs/security.md; the numbers only grow when cases are added.
    console.info(
      `credential routing: ${tally.cases} builder×host cases, ${tally.requests} requests inspected, ${tally.credentialed} carried a credential to its own origin, ${tally.bare} carried none`,
    );
    expect(tally.cases).toBeGreaterThan(50);
  });
});
