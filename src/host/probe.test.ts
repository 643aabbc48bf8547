/**
 * The probe against the answers real servers give: an OpenWork host answers `/health` with JSON
 * `{ok: true, version}` and wants the bearer token on everything else; an OpenCode server answers
 * `/health` with its web UI and `/global/health` with `{healthy: true, version}`. Every request is
 * served by MSW, and every request the probe makes is recorded so a test can say what reached
 * which origin.
 */
import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { server } from '@/testing/server';
import {
  probe,
  type ProbeFailure,
  type ProbeOptions,
  type ProbeResult,
  type OpenworkProbeSuccess,
  type ProbeSuccess,
} from './probe';

const OPENCODE = 'http://127.0.0.1:4096';
const OPENWORK = 'http://127.0.0.1:8787';
const LAN_HOST = 'http://192.168.1.20:8787';
const PAGE_ORIGIN = 'http://localhost:5173';
const TOKEN = 'owt_0123456789abcdef0123456789abcdef';
const ENGINE_PASSWORD = 'engine-pass-not-for-the-phone';

/** Every request MSW saw, in order, plus those no handler answered. */
interface Seen {
  method: string;
  url: string;
  mode: RequestMode;
  authorization: string | null;
}
let seen: Seen[] = [];
let unhandled: string[] = [];

beforeEach(() => {
  seen = [];
  unhandled = [];
  server.events.on('request:start', ({ request }) => {
    seen.push({
      method: request.method,
      url: request.url,
      mode: request.mode,
      authorization: request.headers.get('authorization'),
    });
  });
  // The probe turns a refused request into a "network error" verdict, so an unhandled request
  // would not fail the test by itself: check for it explicitly.
  server.events.on('request:unhandled', ({ request }) => unhandled.push(`${request.method} ${request.url}`));
});

afterEach(() => {
  server.events.removeAllListeners();
  expect(unhandled, 'requests no handler answered').toEqual([]);
});

const options: ProbeOptions = { pageProtocol: 'http:', pageOrigin: PAGE_ORIGIN, timeoutMs: 2_000 };

function requestsTo(origin: string): Seen[] {
  return seen.filter((request) => new URL(request.url).origin === origin);
}

function requestTo(url: string): Seen | undefined {
  return seen.find((request) => request.url === url);
}

function expectSuccess(result: ProbeResult): ProbeSuccess {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function expectOpenwork(result: ProbeResult): OpenworkProbeSuccess {
  const success = expectSuccess(result);
  if (success.kind !== 'openwork') throw new Error(`expected an OpenWork host, got ${success.kind}`);
  return success;
}

function expectFailure(result: ProbeResult): ProbeFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.kind}: ${result.reason}`);
  return result;
}

/** OpenCode's web page: what an OpenCode server answers for `/health` and any unknown path. */
function webPage(): Response {
  return new HttpResponse('<!doctype html><html><head><title>OpenCode</title></head><body></body></html>', {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

/** A plain `opencode serve` at `origin`; with `password`, every route wants HTTP Basic. */
function serveOpencode(origin: string, { password }: { password?: string } = {}): void {
  const expected = password === undefined ? undefined : `Basic ${btoa(`opencode:${password}`)}`;
  server.use(
    http.get(`${origin}/global/health`, ({ request }) =>
      expected && request.headers.get('authorization') !== expected
        ? new HttpResponse('Unauthorized', {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="Secure Area"' },
          })
        : HttpResponse.json({ healthy: true, version: '1.18.33' }),
    ),
    http.get(`${origin}/*`, () => webPage()),
  );
}

/** A workspace as the newest host lists it: engine URL and directory twice (top level and `opencode`), engine credentials included. */
function newestWorkspace(id: string, name: string) {
  return {
    id,
    name,
    path: `/Users/x/${name}`,
    preset: 'starter',
    workspaceType: 'local',
    baseUrl: 'http://127.0.0.1:4096',
    directory: `/Users/x/${name}`,
    opencode: {
      baseUrl: 'http://127.0.0.1:4096',
      directory: `/Users/x/${name}`,
      username: 'opencode',
      password: ENGINE_PASSWORD,
    },
  };
}

/** A workspace as v0.7.1 lists it: no credentials, the engine at the host's loopback address. */
function v071Workspace(id: string, name: string) {
  return {
    id,
    name,
    path: `/Users/x/${name}`,
    workspaceType: 'local',
    baseUrl: 'http://127.0.0.1:4096',
    directory: `/Users/x/${name}`,
    opencode: { baseUrl: 'http://127.0.0.1:4096', directory: `/Users/x/${name}` },
  };
}

const NEWEST_CAPABILITIES = {
  schemaVersion: 1,
  serverVersion: '0.11.0',
  opencodeVersion: '1.18.33',
  skills: { read: true, write: true, source: 'openwork' },
  plugins: { read: true, write: true },
  mcp: { read: true, write: true },
  commands: { read: true, write: true },
  config: { read: true, write: true },
  proxy: { opencode: true },
};

const V071_CAPABILITIES = {
  skills: { read: true, write: true },
  plugins: { read: true, write: true },
  mcp: { read: true, write: true },
  commands: { read: true, write: true },
  config: { read: true, write: true },
};

interface OpenworkScript {
  origin?: string;
  health?: Record<string, unknown>;
  workspaces?: Record<string, unknown>;
  capabilities?: Record<string, unknown>;
}

/** An OpenWork host: `/health` is open, the rest wants `Bearer TOKEN` and answers 401 `{code: 'unauthorized', message}` without it. */
function serveOpenwork({
  origin = OPENWORK,
  health = { ok: true, version: '0.11.0', opencodeVersion: '1.18.33', uptimeMs: 1 },
  workspaces,
  capabilities = NEWEST_CAPABILITIES,
}: OpenworkScript): void {
  const guarded =
    (body: Record<string, unknown>) =>
    ({ request }: { request: Request }) =>
      request.headers.get('authorization') === `Bearer ${TOKEN}`
        ? HttpResponse.json(body)
        : HttpResponse.json({ code: 'unauthorized', message: 'Invalid bearer token' }, { status: 401 });
  const list = workspaces ?? {
    items: [newestWorkspace('ws_a', 'Finance')],
    workspaces: [newestWorkspace('ws_a', 'Finance')],
    activeId: 'ws_a',
  };
  server.use(
    http.get(`${origin}/health`, () => HttpResponse.json(health)),
    http.get(`${origin}/workspaces`, guarded(list)),
    http.get(`${origin}/capabilities`, guarded(capabilities)),
  );
}

/** The host's OpenCode proxy for workspace `id`; healthy only with the bearer token. */
function serveProxy(id: string, origin = OPENWORK): void {
  server.use(
    http.get(`${origin}/w/${id}/opencode/global/health`, ({ request }) =>
      request.headers.get('authorization') === `Bearer ${TOKEN}`
        ? HttpResponse.json({ healthy: true, version: '1.18.33' })
        : HttpResponse.json({ code: 'unauthorized', message: 'Invalid bearer token' }, { status: 401 }),
    ),
  );
}

describe('probe: OpenWork host', () => {
  it('uses the /w/<id>/opencode proxy of the active workspace and sends the bearer token there', async () => {
    serveOpenwork({});
    serveProxy('ws_a');

    const result = expectOpenwork(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));

    expect(result.kind).toBe('openwork');
    expect(result.url).toBe(OPENWORK);
    expect(result.version).toBe('0.11.0');
    expect(result.opencode).toEqual({ baseUrl: `${OPENWORK}/w/ws_a/opencode`, auth: 'bearer' });
    expect(result.workspace).toEqual(expect.objectContaining({ id: 'ws_a', name: 'Finance' }));
    expect(result.capabilities).toEqual(NEWEST_CAPABILITIES);
    expect(result.reason).toMatch(/OpenWork host.*\/health.*ok: true.*Finance.*proxy/);
    expect(requestTo(`${OPENWORK}/w/ws_a/opencode/global/health`)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requestTo(`${OPENWORK}/workspaces`)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result.evidence.map((step) => step.request)).toEqual([
      'GET /health',
      'GET /workspaces',
      'GET /capabilities',
      'GET /w/ws_a/opencode/global/health',
    ]);
  });

  it('keeps no engine password from /workspaces in what it returns (it gets persisted)', async () => {
    serveOpenwork({});
    serveProxy('ws_a');
    const result = expectOpenwork(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));
    expect(JSON.stringify(result)).not.toContain(ENGINE_PASSWORD);
  });

  it('picks the workspace named by activeId', async () => {
    const items = [newestWorkspace('ws_b', 'Design'), newestWorkspace('ws_a', 'Finance')];
    serveOpenwork({ workspaces: { items, workspaces: items, activeId: 'ws_a' } });
    serveProxy('ws_a');
    const result = expectOpenwork(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));
    expect(result.workspace?.id).toBe('ws_a');
    expect(result.workspaces?.map((workspace) => workspace.id)).toEqual(['ws_b', 'ws_a']);
  });

  it('without a proxy (v0.7.1) talks to the engine at the paired hostname, and sends it no token', async () => {
    serveOpenwork({
      origin: LAN_HOST,
      health: { ok: true, version: '0.1.0', uptimeMs: 1 },
      workspaces: { items: [v071Workspace('ws_a', 'Finance')] },
      capabilities: V071_CAPABILITIES,
    });
    serveOpencode('http://192.168.1.20:4096');

    const result = expectSuccess(await probe({ url: LAN_HOST, credentials: { token: TOKEN } }, options));

    expect(result.kind).toBe('openwork');
    expect(result.version).toBe('0.1.0');
    expect(result.opencode).toEqual({
      baseUrl: 'http://192.168.1.20:4096',
      auth: 'none',
      directory: '/Users/x/Finance',
    });
    expect(result.reason).toContain('http://192.168.1.20:4096');
    const engineRequests = requestsTo('http://192.168.1.20:4096');
    expect(engineRequests.map((request) => request.url)).toEqual(['http://192.168.1.20:4096/global/health']);
    expect(engineRequests[0]?.authorization).toBeNull();
    expect(requestsTo('http://127.0.0.1:4096')).toEqual([]);
  });

  it('says a token is needed before sending any authenticated request', async () => {
    serveOpenwork({});
    const result = expectFailure(await probe({ url: OPENWORK }, options));
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.message).toContain('OpenWork host');
    expect(result.error.nextStep).toMatch(/token/i);
    expect(seen.map((request) => request.url)).toEqual([`${OPENWORK}/health`]);
  });

  it('reports a rejected token (401 Invalid bearer token) as unauthorized with the host body', async () => {
    serveOpenwork({});
    const result = expectFailure(await probe({ url: OPENWORK, credentials: { token: 'wrong' } }, options));
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.status).toBe(401);
    expect(result.error.message).toContain('GET /workspaces answered 401');
    expect(result.error.body).toEqual({ code: 'unauthorized', message: 'Invalid bearer token' });
  });

  it('reports 403 on /workspaces as forbidden', async () => {
    serveOpenwork({});
    server.use(
      http.get(`${OPENWORK}/workspaces`, () =>
        HttpResponse.json({ code: 'forbidden', message: 'Insufficient token scope' }, { status: 403 }),
      ),
    );
    const result = expectFailure(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));
    expect(result.error.code).toBe('forbidden');
    expect(result.error.status).toBe(403);
  });

  it('reports /workspaces blocked by CORS after an open /health as cors, naming the page origin', async () => {
    serveOpenwork({});
    server.use(http.get(`${OPENWORK}/workspaces`, () => HttpResponse.error()));
    const result = expectFailure(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));
    expect(result.error.code).toBe('cors');
    expect(result.error.nextStep).toContain(`--cors ${PAGE_ORIGIN}`);
  });

  it('reports an unhealthy engine behind the proxy as unreachable', async () => {
    serveOpenwork({});
    server.use(
      http.get(`${OPENWORK}/w/ws_a/opencode/global/health`, () =>
        HttpResponse.json({ code: 'opencode_unreachable', message: 'OpenCode is not reachable' }, { status: 502 }),
      ),
    );
    const result = expectFailure(await probe({ url: OPENWORK, credentials: { token: TOKEN } }, options));
    expect(result.error.code).toBe('unreachable');
    expect(result.error.message).toContain('502');
  });

  describe('a /w/<id> suffix on the URL', () => {
    const items = [newestWorkspace('ws_a', 'Finance'), newestWorkspace('ws_b', 'Design')];

    it('picks that workspace rather than the active one', async () => {
      serveOpenwork({ workspaces: { items, workspaces: items, activeId: 'ws_a' } });
      serveProxy('ws_b');
      const result = expectOpenwork(await probe({ url: `${OPENWORK}/w/ws_b`, credentials: { token: TOKEN } }, options));
      expect(result.url).toBe(OPENWORK);
      expect(result.workspace?.id).toBe('ws_b');
      expect(result.opencode.baseUrl).toBe(`${OPENWORK}/w/ws_b/opencode`);
    });

    it('matches a remote workspace listed with the rem_ prefix', async () => {
      const remote = [newestWorkspace('ws_a', 'Finance'), newestWorkspace('rem_xyz', 'Remote')];
      serveOpenwork({ workspaces: { items: remote, workspaces: remote, activeId: 'ws_a' } });
      serveProxy('rem_xyz');
      const result = expectOpenwork(await probe({ url: `${OPENWORK}/w/xyz`, credentials: { token: TOKEN } }, options));
      expect(result.workspace?.id).toBe('rem_xyz');
    });

    it('fails with not-found for an id the host does not list, and opens no engine', async () => {
      serveOpenwork({ workspaces: { items, workspaces: items, activeId: 'ws_a' } });
      const result = expectFailure(
        await probe({ url: `${OPENWORK}/w/ws_gone`, credentials: { token: TOKEN } }, options),
      );
      expect(result.error.code).toBe('not-found');
      expect(result.error.message).toContain('ws_gone');
      expect(seen.some((request) => request.url.includes('/opencode'))).toBe(false);
    });
  });
});

describe('probe: direct OpenCode', () => {
  it('recognises OpenCode by its HTML /health and JSON /global/health, and says so', async () => {
    serveOpencode(OPENCODE);

    const result = expectSuccess(await probe({ url: '127.0.0.1:4096/' }, options));

    expect(result.kind).toBe('opencode');
    expect(result.url).toBe(OPENCODE);
    expect(result.version).toBe('1.18.33');
    expect(result.opencode).toEqual({ baseUrl: OPENCODE, auth: 'none' });
    expect(result.reason).toContain('/health answered 200 text/html');
    expect(result.reason).toContain('/global/health answered {healthy: true, version 1.18.33}');
    expect(result.evidence).toEqual([
      { request: 'GET /health', outcome: '200 text/html' },
      { request: 'GET /global/health', outcome: '200 application/json' },
    ]);
  });

  it('treats a 404 /health as not OpenWork and falls back to /global/health', async () => {
    serveOpencode(OPENCODE);
    server.use(
      http.get(
        `${OPENCODE}/health`,
        () => new HttpResponse('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const result = expectSuccess(await probe({ url: OPENCODE }, options));
    expect(result.kind).toBe('opencode');
    expect(result.reason).toContain('404');
  });

  it('keeps the project directory the user asked for', async () => {
    serveOpencode(OPENCODE);
    const result = expectSuccess(await probe({ url: OPENCODE, directory: ' /srv/project ' }, options));
    expect(result.opencode.directory).toBe('/srv/project');
  });

  it('sends the password as Basic base64(opencode:<token>) and pairs with basic auth', async () => {
    serveOpencode(OPENCODE, { password: 's3cret' });
    const result = expectSuccess(await probe({ url: OPENCODE, credentials: { token: 's3cret' } }, options));
    expect(result.opencode.auth).toBe('basic');
    expect(requestTo(`${OPENCODE}/global/health`)?.authorization).toBe('Basic b3BlbmNvZGU6czNjcmV0');
  });

  it('uses a custom user name for Basic auth when one is given', async () => {
    serveOpencode(OPENCODE);
    await probe({ url: OPENCODE, credentials: { token: 's3cret', username: 'alice' } }, options);
    expect(requestTo(`${OPENCODE}/global/health`)?.authorization).toBe(`Basic ${btoa('alice:s3cret')}`);
  });

  it('asks for the password when /global/health answers 401 and none was given', async () => {
    serveOpencode(OPENCODE, { password: 's3cret' });
    const result = expectFailure(await probe({ url: OPENCODE }, options));
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.message).toMatch(/needs a password/);
    expect(result.error.nextStep).toContain('OPENCODE_SERVER_PASSWORD');
    expect(requestTo(`${OPENCODE}/global/health`)?.authorization).toBeNull();
  });

  it('says the password was not accepted when /global/health answers 401 to one', async () => {
    serveOpencode(OPENCODE, { password: 's3cret' });
    const result = expectFailure(await probe({ url: OPENCODE, credentials: { token: 'wrong' } }, options));
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.message).toMatch(/did not accept the password/);
  });
});

describe('probe: OpenCode 2 servers', () => {
  const OPENCODE_2_MESSAGE = 'is an OpenCode 2 server';
  const NEXT_STEP = 'Run an OpenCode 1.x server for this app';

  it('names an OpenCode 2 server whose /global/health reports a 2.x version, with the next step', async () => {
    serveOpencode(OPENCODE);
    server.use(http.get(`${OPENCODE}/global/health`, () => HttpResponse.json({ healthy: true, version: '2.0.3' })));
    const result = expectFailure(await probe({ url: OPENCODE }, options));
    expect(result.error.code).toBe('unsupported-version');
    expect(result.error.message).toBe(
      `${OPENCODE} ${OPENCODE_2_MESSAGE} (GET /global/health reports version 2.0.3); this version of the app speaks the OpenCode 1 API.`,
    );
    expect(result.error.nextStep).toContain(NEXT_STEP);
  });

  it('names a server that answers /api/health but not /global/health as OpenCode 2, not "not a known server"', async () => {
    server.use(
      http.get(`${OPENCODE}/health`, () => new HttpResponse('Not Found', { status: 404 })),
      http.get(`${OPENCODE}/global/health`, () => new HttpResponse('Not Found', { status: 404 })),
      http.get(`${OPENCODE}/api/health`, () => HttpResponse.json({ healthy: true })),
    );
    const result = expectFailure(await probe({ url: OPENCODE }, options));
    expect(result.error.code).toBe('unsupported-version');
    expect(result.error.message).toContain(OPENCODE_2_MESSAGE);
    expect(result.error.message).toContain(
      'GET /api/health answered {healthy: true} while GET /global/health answered 404',
    );
    expect(result.evidence.map((step) => step.request)).toEqual([
      'GET /health',
      'GET /global/health',
      'GET /api/health',
    ]);
  });

  it('still pairs with an OpenCode 1.x server that also serves /api/* (1.18 does)', async () => {
    serveOpencode(OPENCODE);
    server.use(http.get(`${OPENCODE}/api/health`, () => HttpResponse.json({ healthy: true })));
    expect(expectSuccess(await probe({ url: OPENCODE }, options)).kind).toBe('opencode');
  });
});

describe('probe: neither host', () => {
  it('reports non-JSON 200 pages on both checks as not-a-host', async () => {
    server.use(
      http.get(
        `${OPENCODE}/*`,
        () => new HttpResponse('Welcome to the captive portal', { headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const result = expectFailure(await probe({ url: OPENCODE }, options));
    expect(result.error.code).toBe('not-a-host');
    expect(result.error.message).toContain('/health: 200 text/plain');
    expect(result.evidence.map((step) => step.request)).toEqual([
      'GET /health',
      'GET /global/health',
      'GET /api/health',
    ]);
  });

  it('reports a network error on every request as unreachable after the no-cors check', async () => {
    server.use(http.all(`${LAN_HOST}/*`, () => HttpResponse.error()));
    const result = expectFailure(await probe({ url: LAN_HOST }, options));
    expect(result.error.code).toBe('unreachable');
    expect(result.error.nextStep).toMatch(/running/);
    expect(seen.map((request) => request.mode)).toEqual(['cors', 'cors', 'no-cors']);
  });

  it('tells CORS apart: normal requests fail but a no-cors request gets through', async () => {
    server.use(
      http.all(`${LAN_HOST}/*`, ({ request }) =>
        request.mode === 'no-cors' ? new HttpResponse('ok') : HttpResponse.error(),
      ),
    );
    const result = expectFailure(await probe({ url: LAN_HOST }, options));
    expect(result.error.code).toBe('cors');
    expect(result.error.message).toContain(PAGE_ORIGIN);
    expect(result.error.nextStep).toContain(PAGE_ORIGIN);
    expect(result.error.nextStep).toContain('--cors');
    expect(result.evidence.at(-1)).toEqual({
      request: 'GET /global/health (no-cors reachability check)',
      outcome: 'reachable',
    });
  });

  it('reports a host that answers too slowly as timeout', async () => {
    server.use(
      http.all(`${LAN_HOST}/*`, async () => {
        await delay(400);
        return HttpResponse.json({ ok: true, version: 'late' });
      }),
    );
    const result = expectFailure(await probe({ url: LAN_HOST }, { ...options, timeoutMs: 50 }));
    expect(result.error.code).toBe('timeout');
    expect(result.evidence.map((step) => step.outcome)).toEqual(['timed out', 'timed out']);
  });

  it('refuses an http LAN host from an https page (mixed content) without sending anything', async () => {
    const result = expectFailure(await probe({ url: LAN_HOST }, { ...options, pageProtocol: 'https:' }));
    expect(result.error.code).toBe('mixed-content');
    expect(result.error.nextStep).toMatch(/https/);
    expect(result.evidence).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('allows a loopback http host from an https page', async () => {
    serveOpencode(OPENCODE);
    const result = expectSuccess(await probe({ url: OPENCODE }, { ...options, pageProtocol: 'https:' }));
    expect(result.kind).toBe('opencode');
  });

  it.each(['', '   ', 'ftp://x'])('reports %j as invalid-url without sending anything', async (url) => {
    const result = expectFailure(await probe({ url }, options));
    expect(result.error.code).toBe('invalid-url');
    expect(seen).toEqual([]);
  });
});
