/**
 * Bad hosts, at the host boundary: what a captive portal, a redirecting proxy, a failing or
 * rate-limiting server, a host of another version and a host that never finishes its answer do to
 * the probe, to SDK calls (through `unwrap`, with the fetch stack the app builds: `withTimeouts`
 * around `authorizedFetch`) and to the event stream. Each case ends in a specific
 * {@link HostError} with a next step, never a hang or a raw page in the message.
 *
 * Counted in docs/security.md. Screen-level cases (the same answers, as the user sees them)
 * are in src/app/bad-hosts.test.tsx.
 */
import { createOpencodeClient } from '@opencode-ai/sdk/v2/client';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBodyAbort } from '@/testing/abortable-fetch';
import { eventLabel as label } from '@/testing/events';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { opencodeBasicAuthorization } from './auth';
import { HostError } from './errors';
import { decodeOpencodeFrame } from './opencode-events';
import { EventStream, type StreamStatus } from './event-stream';
import { authorizedFetch } from './http';
import { probe, type ProbeResult } from './probe';
import { readList, readRecord } from './shapes';
import { unwrap } from './sdk';
import { budgetFor, DEFAULT_BUDGETS, withTimeouts, type TimeoutBudget } from './timeouts';

const HOST = 'http://127.0.0.1:4096';
const PORTAL = 'http://10.0.0.1';
const PAGE_ORIGIN = 'http://localhost:5173';
const PASSWORD = 'pw-not-for-the-portal';

/** Every request MSW saw: method, URL and whether it carried credentials. */
let seen: Array<{ url: string; authorization: string | null }> = [];
let unhandled: string[] = [];

beforeEach(() => {
  seen = [];
  unhandled = [];
  server.events.on('request:start', ({ request }) =>
    seen.push({ url: request.url, authorization: request.headers.get('authorization') }),
  );
  server.events.on('request:unhandled', ({ request }) => unhandled.push(`${request.method} ${request.url}`));
});

afterEach(() => {
  server.events.removeAllListeners();
  expect(unhandled, 'requests no handler answered').toEqual([]);
});

function failure(result: ProbeResult): HostError {
  if (result.ok) throw new Error(`expected a failure, got ${result.kind}`);
  return result.error;
}

async function hostError(promise: Promise<unknown>): Promise<HostError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HostError) return error;
    throw new Error(`expected a HostError, got ${String(error)}`);
  }
  throw new Error('expected a HostError, got a value');
}

const PORTAL_PAGE =
  '<!doctype html><html><head><title>Hotel Wi-Fi – please sign in</title></head><body><form>…</form></body></html>';
const portalPage = (status = 200) =>
  new HttpResponse(PORTAL_PAGE, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
const probeOptions = { pageProtocol: 'http:', pageOrigin: PAGE_ORIGIN, timeoutMs: 1_000 };

describe('bad hosts: the probe', () => {
  it('a captive portal answering every path with its sign-in page (HTML 200) is "not a host", named by its title, with the sign-in advice', async () => {
    server.use(http.get(`${HOST}/*`, () => portalPage()));
    const error = failure(await probe({ url: HOST }, probeOptions));
    expect(error.code).toBe('not-a-host');
    expect(error.message).toContain('a page titled “Hotel Wi-Fi – please sign in”');
    expect(error.message).not.toContain('<');
    expect(error.nextStep).toMatch(/sign-in page .* open any website in a browser tab and sign in/);
  });

  it('a redirect of /health to another origin is "not a known server": never followed, the target gets nothing', async () => {
    server.use(
      http.get(
        `${HOST}/*`,
        () => new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/login?continue=x` } }),
      ),
      http.all(`${PORTAL}/*`, () => portalPage()),
    );
    const result = await probe({ url: HOST, credentials: { token: PASSWORD } }, probeOptions);
    const error = failure(result);
    expect(error.code).toBe('not-a-host');
    expect(error.message).toBe(
      `${HOST} is not a known server: GET /health answered with a redirect to ${PORTAL} instead of a health check, and the app does not follow redirects.`,
    );
    expect(error.nextStep).toMatch(/sign in, then try again\. If the server moved/);
    expect(seen.map((r) => r.url)).toEqual([`${HOST}/health`]);
    expect(seen.every((r) => r.authorization === null)).toBe(true);
  });

  it('a redirect on /global/health (OpenCode behind a proxy that moved) is refused the same way, and the password never leaves', async () => {
    server.use(
      http.get(`${HOST}/health`, () => portalPage()),
      http.get(
        `${HOST}/global/health`,
        () => new HttpResponse(null, { status: 307, headers: { location: `${PORTAL}/global/health` } }),
      ),
      http.all(`${PORTAL}/*`, () => HttpResponse.json({ healthy: true })),
    );
    const error = failure(await probe({ url: HOST, credentials: { token: PASSWORD } }, probeOptions));
    expect(['not-a-host', 'bad-response']).toContain(error.code);
    expect(error.message).toMatch(/redirect/);
    expect(seen.some((r) => r.url.startsWith(PORTAL))).toBe(false);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('in a browser a portal redirect without CORS headers fails as a network error: the no-cors check sees the redirect and says so (not "CORS")', async () => {
    server.use(
      http.all(`${HOST}/*`, ({ request }) =>
        request.mode === 'no-cors'
          ? new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/login` } })
          : HttpResponse.error(),
      ),
    );
    const error = failure(await probe({ url: HOST }, probeOptions));
    expect(error.code).toBe('not-a-host');
    expect(error.message).toContain('GET /global/health answered with a redirect');
  });

  const json = (body: JsonBodyType, status: number, headers: Record<string, string> = {}) =>
    HttpResponse.json(body, { status, headers });
  const text = (body: string, status: number, headers: Record<string, string> = {}) =>
    new HttpResponse(body, { status, headers: { 'content-type': 'text/html', ...headers } });
  it.each([
    {
      status: 403,
      answer: () => json({ message: 'Forbidden by proxy policy' }, 403),
      code: 'forbidden',
      said: 'Forbidden by proxy policy',
      next: /not allowed/,
    },
    { status: 403, answer: () => text('', 403), code: 'forbidden', said: 'answered 403.', next: /not allowed/ },
    {
      status: 404,
      answer: () => json({ error: 'no route' }, 404),
      code: 'not-a-host',
      said: '/global/health: 404',
      next: /address and port/,
    },
    {
      status: 404,
      answer: () => text('<html><title>Not Found</title></html>', 404),
      code: 'not-a-host',
      said: '/global/health: 404 text/html',
      next: /address and port/,
    },
    {
      status: 429,
      answer: () => json({ message: 'slow down' }, 429, { 'retry-after': '30' }),
      code: 'rate-limited',
      said: 'answered 429 (too many requests): slow down',
      next: /wait 30 s/,
    },
    { status: 429, answer: () => text('', 429), code: 'rate-limited', said: 'answered 429', next: /wait a minute/ },
    {
      status: 500,
      answer: () => json({ name: 'UnknownError', data: { message: 'database is locked' } }, 500),
      code: 'server-error',
      said: 'answered 500: database is locked',
      next: /logs/,
    },
    {
      status: 500,
      answer: () => text('Internal Server Error', 500, { 'content-type': 'text/plain' }),
      code: 'server-error',
      said: 'answered 500: Internal Server Error',
      next: /logs/,
    },
    {
      status: 502,
      answer: () => json({ code: 'opencode_unreachable', message: 'OpenCode is not reachable' }, 502),
      code: 'server-error',
      said: 'OpenCode is not reachable',
      next: /restarting/,
    },
    {
      status: 502,
      answer: () =>
        text('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>', 502),
      code: 'server-error',
      said: 'answered 502: a web page titled “502 Bad Gateway”',
      next: /restarting/,
    },
    {
      status: 503,
      answer: () => json({ message: 'starting' }, 503, { 'retry-after': '5' }),
      code: 'server-error',
      said: 'answered 503: starting',
      next: /try again in 5 s/,
    },
    {
      status: 503,
      answer: () => text('', 503),
      code: 'server-error',
      said: 'answered 503',
      next: /try again in a few seconds/,
    },
  ] as const)(
    '/global/health answering $status ($code) gives a specific message and next step',
    async ({ answer, code, said, next }) => {
      server.use(
        http.get(`${HOST}/health`, () => portalPage()),
        http.get(`${HOST}/global/health`, answer),
        // Not an OpenCode 2 server either (the probe asks /api/health when /global/health is not healthy).
        http.get(`${HOST}/api/health`, () => new HttpResponse('Not Found', { status: 404 })),
      );
      const error = failure(await probe({ url: HOST }, probeOptions));
      expect(error.code).toBe(code);
      expect(error.message).toContain(said);
      expect(error.message).not.toMatch(/<[a-z]/i);
      expect(error.nextStep).toMatch(next);
    },
  );

  it.each([
    ['healthy as a string', { healthy: 'true', version: '1.18.33' }],
    ['healthy null', { healthy: null }],
    ['no fields', {}],
    ['null', null],
    ['a list', [{ healthy: true }]],
    ['a number', 42],
  ] as const)('/global/health with a wrong shape (%s) is not taken for OpenCode', async (_label, body) => {
    server.use(
      http.get(`${HOST}/health`, () => portalPage()),
      http.get(`${HOST}/global/health`, () => HttpResponse.json(body)),
      // Not an OpenCode 2 server either (the probe asks /api/health when /global/health is not healthy).
      http.get(`${HOST}/api/health`, () => new HttpResponse('Not Found', { status: 404 })),
    );
    const error = failure(await probe({ url: HOST }, probeOptions));
    expect(error.code).toBe('not-a-host');
  });

  describe('OpenWork /workspaces with a wrong shape', () => {
    const OPENWORK = 'http://127.0.0.1:8787';
    const token = { token: 'owt_client' };
    function serve(workspaces: () => Response) {
      server.use(
        http.get(`${OPENWORK}/health`, () => HttpResponse.json({ ok: true, version: '0.11.0' })),
        http.get(`${OPENWORK}/workspaces`, workspaces),
      );
    }

    it.each([
      ['null', () => HttpResponse.json(null), 'bad-response'],
      ['a list', () => HttpResponse.json([{ id: 'ws_1' }]), 'bad-response'],
      ['items as a string', () => HttpResponse.json({ items: 'ws_1' }), 'not-found'],
      ['items without ids', () => HttpResponse.json({ items: [{ name: 'x' }, null, 7, { id: 5 }] }), 'not-found'],
      ['an HTML page', () => portalPage(), 'bad-response'],
    ] as const)('%s → %s with a next step', async (_label, answer, code) => {
      serve(answer);
      const error = failure(await probe({ url: OPENWORK, credentials: token }, probeOptions));
      expect(error.code).toBe(code);
      expect(error.nextStep).not.toBe('');
    });
  });
});

/** An SDK client built the way the app builds it: per-call limits around the credential fetch. */
function client(options: { password?: string; budget?: TimeoutBudget } = {}) {
  const auth = options.password ? opencodeBasicAuthorization(HOST, { token: options.password }) : undefined;
  const fetchImpl = withTimeouts(authorizedFetch(auth), options.budget ? () => options.budget : budgetFor);
  return createOpencodeClient({ baseUrl: HOST, fetch: fetchImpl });
}

describe('bad hosts: SDK calls through unwrap', () => {
  const statuses = [401, 403, 404, 429, 500, 502, 503] as const;
  const codes = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    429: 'rate-limited',
    500: 'server-error',
    502: 'server-error',
    503: 'server-error',
  } as const;
  const bodies = {
    'a JSON error': (status: number) =>
      HttpResponse.json({ name: 'SomeError', data: { message: `host says ${status}` } }, { status }),
    'an HTML error page': (status: number) =>
      new HttpResponse(
        `<!doctype html><html><head><title>${status} from the proxy</title></head><body>${'x'.repeat(5000)}</body></html>`,
        { status, headers: { 'content-type': 'text/html' } },
      ),
    'no body': (status: number) => new HttpResponse(null, { status }),
  } as const;
  const cases = statuses.flatMap((status) =>
    Object.entries(bodies).map(([kind, answer]) => ({ status, kind, answer })),
  );

  it.each(cases)(
    'GET /session answering $status with $kind → $status code, a short message and a next step',
    async ({ status, kind, answer }) => {
      server.use(http.get(`${HOST}/session`, () => answer(status)));
      const error = await hostError(unwrap(client().session.list(), 'GET /session'));
      expect(error.code).toBe(codes[status]);
      expect(error.status).toBe(status);
      expect(error.message.startsWith(`GET /session answered ${status}`)).toBe(true);
      if (kind === 'a JSON error') expect(error.message).toContain(`host says ${status}`);
      if (kind === 'an HTML error page')
        expect(error.message).toContain(`a web page titled “${status} from the proxy”`);
      expect(error.message.length).toBeLessThan(300);
      expect(error.nextStep.length).toBeGreaterThan(10);
    },
  );

  it('without the timeouts wrapper, a bare text/html error page still ends in a specific bad-response (the SDK refuses it)', async () => {
    server.use(
      http.get(
        `${HOST}/session`,
        () =>
          new HttpResponse('<html><title>502 Bad Gateway</title></html>', {
            status: 502,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const bare = createOpencodeClient({ baseUrl: HOST, fetch: authorizedFetch(undefined) });
    const error = await hostError(unwrap(bare.session.list(), 'GET /session'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toBe('GET /session answered a web page instead of data.');
  });

  it('a 200 web page where data belongs (captive portal) is bad-response, not a list of characters', async () => {
    server.use(http.get(`${HOST}/session`, () => portalPage()));
    const error = await hostError(unwrap(client().session.list(), 'GET /session'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toBe('GET /session answered a web page instead of data.');
    expect(error.nextStep).toMatch(/sign-in page/);
  });

  it('a 200 JSON answer that is not valid JSON is bad-response', async () => {
    server.use(
      http.get(
        `${HOST}/session`,
        () => new HttpResponse('{"id": "ses_1", ', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const error = await hostError(unwrap(client().session.list(), 'GET /session'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toContain('not valid JSON');
  });

  it('a redirect to another origin with a password: not followed, the password stays home, the call fails with a redirect message', async () => {
    server.use(
      http.get(
        `${HOST}/session`,
        () => new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/session` } }),
      ),
      http.all(`${PORTAL}/*`, () => HttpResponse.json([])),
    );
    const error = await hostError(unwrap(client({ password: PASSWORD }).session.list(), 'GET /session'));
    expect(error.message).toMatch(/redirect/);
    expect(seen.map((r) => r.url)).toEqual([`${HOST}/session`]);
  });

  it('a redirect without credentials is not followed either (withTimeouts sends redirect: manual), and says where it pointed', async () => {
    server.use(
      http.get(
        `${HOST}/session`,
        () => new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/session` } }),
      ),
      http.all(`${PORTAL}/*`, () => HttpResponse.json([{ id: 'ses_from_elsewhere' }])),
    );
    const error = await hostError(unwrap(client().session.list(), 'GET /session'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toBe(
      `GET /session answered with a redirect to another address (${PORTAL}), which the app does not follow.`,
    );
    expect(seen.map((r) => r.url)).toEqual([`${HOST}/session`]);
  });

  it('a redirect that was followed anyway (a fetch without the limits) and answered from another origin is not taken for the host', async () => {
    server.use(
      http.get(
        `${HOST}/session`,
        () => new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/session` } }),
      ),
      http.all(`${PORTAL}/*`, () => HttpResponse.json([{ id: 'ses_from_elsewhere' }])),
    );
    const following = createOpencodeClient({ baseUrl: HOST, fetch: authorizedFetch(undefined) });
    const error = await hostError(unwrap(following.session.list(), 'GET /session'));
    expect(error.code).toBe('bad-response');
    expect(error.message).toContain(`redirect to another address (${PORTAL})`);
  });

  describe('wrong JSON shapes, read with readList/readRecord', () => {
    it.each([
      ['an object', { sessions: [] }, 'GET /session answered an object where a list of sessions was expected.'],
      ['a string', 'sessions', 'GET /session answered a string where a list of sessions was expected.'],
      ['a number', 7, 'GET /session answered a number where a list of sessions was expected.'],
    ] as const)('a list route answering %s → bad-response naming what was expected', async (_label, body, message) => {
      server.use(http.get(`${HOST}/session`, () => HttpResponse.json(body)));
      const error = await hostError(
        unwrap(client().session.list(), 'GET /session').then((v) =>
          readList(v, 'GET /session', 'a list of sessions', (x) => x),
        ),
      );
      expect(error.code).toBe('bad-response');
      expect(error.message).toBe(message);
      expect(error.nextStep).toMatch(/version/);
    });

    it('null where a list belongs reads as empty; malformed items are skipped', async () => {
      expect(readList(null, 'GET /permission', 'a list', (x) => x)).toEqual([]);
      expect(
        readList([1, null, { id: 'a' }], 'GET /permission', 'a list', (x) =>
          typeof x === 'object' && x ? x : undefined,
        ),
      ).toEqual([{ id: 'a' }]);
      expect(
        readRecord({ a: { type: 'busy' }, b: 'idle' }, 'GET /session/status', 'a map', (x) =>
          typeof x === 'object' ? x : undefined,
        ),
      ).toEqual({ a: { type: 'busy' } });
      expect(() =>
        readRecord([{ type: 'busy' }], 'GET /session/status', 'a map of session statuses', (x) => x),
      ).toThrow('GET /session/status answered a list where a map of session statuses was expected.');
    });
  });

  describe('responses that never end (per-call limits, timeouts.ts)', () => {
    const fast: TimeoutBudget = { headersMs: 80, idleMs: 80 };

    it('gives every REST call a limit, the longer one for writes, and none to the event stream', () => {
      expect(budgetFor(new Request(`${HOST}/session`))).toEqual(DEFAULT_BUDGETS.read);
      expect(budgetFor(new Request(`${HOST}/session/ses_1/prompt_async`, { method: 'POST' }))).toEqual(
        DEFAULT_BUDGETS.write,
      );
      expect(budgetFor(new Request(`${HOST}/event`, { headers: { accept: 'text/event-stream' } }))).toBeUndefined();
      expect(DEFAULT_BUDGETS.read.headersMs).toBe(15_000);
      expect(DEFAULT_BUDGETS.write.headersMs).toBe(30_000);
    });

    it('no headers ever: the call fails with timeout, naming the request, and the host sees the abort', async () => {
      let aborted = false;
      server.use(
        http.get(`${HOST}/session`, async ({ request }) => {
          await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
          aborted = true;
          return HttpResponse.error();
        }),
      );
      const started = performance.now();
      const error = await hostError(unwrap(client({ budget: fast }).session.list(), 'GET /session'));
      expect(error.code).toBe('timeout');
      expect(error.message).toBe('GET /session got no answer within 0.08 s.');
      expect(error.nextStep).toMatch(/connection status/);
      expect(performance.now() - started).toBeLessThan(2_000);
      await expect.poll(() => aborted).toBe(true);
    });

    it('headers, then a body that stops half way and never closes: timeout after the silence limit', async () => {
      server.use(
        http.get(`${HOST}/session/ses_1/message`, () => {
          const body = new ReadableStream<Uint8Array>({
            start: (c) => c.enqueue(new TextEncoder().encode('[{"info":')),
          });
          return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
        }),
      );
      const error = await hostError(
        unwrap(client({ budget: fast }).session.messages({ sessionID: 'ses_1' }), 'GET /session/{id}/message'),
      );
      expect(error.code).toBe('timeout');
      expect(error.message).toContain('GET /session/ses_1/message stopped sending its answer');
    });

    it('a slow body that keeps moving is not cut off', async () => {
      server.use(
        http.get(`${HOST}/session`, () => {
          const pieces = ['[', '{"id":"ses_1"}', ',', '{"id":"ses_2"}', ']'];
          const body = new ReadableStream<Uint8Array>({
            async pull(c) {
              await new Promise((r) => setTimeout(r, 40));
              const next = pieces.shift();
              if (next === undefined) c.close();
              else c.enqueue(new TextEncoder().encode(next));
            },
          });
          return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
        }),
      );
      await expect(unwrap(client({ budget: fast }).session.list(), 'GET /session')).resolves.toEqual([
        { id: 'ses_1' },
        { id: 'ses_2' },
      ]);
    });

    it("the caller's own abort still wins and reads as aborted", async () => {
      server.use(
        http.get(`${HOST}/session`, async ({ request }) => {
          await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
          return HttpResponse.error();
        }),
      );
      const controller = new AbortController();
      const pending = unwrap(client().session.list(undefined, { signal: controller.signal }), 'GET /session');
      controller.abort();
      const error = await hostError(pending);
      expect(['aborted', 'unreachable']).toContain(error.code);
      expect(error.code).not.toBe('timeout');
    });
  });

  it('a 20 MB message in a transcript answer is read within a bound', async () => {
    const text = 'lorem ipsum '.repeat((20 * 1024 * 1024) / 12);
    const body = JSON.stringify([
      { info: { id: 'msg_1', sessionID: 'ses_1', role: 'assistant' }, parts: [{ id: 'prt_1', type: 'text', text }] },
    ]);
    server.use(
      http.get(
        `${HOST}/session/ses_1/message`,
        () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const started = performance.now();
    const messages = await unwrap(client().session.messages({ sessionID: 'ses_1' }), 'GET /session/{id}/message');
    const elapsed = performance.now() - started;
    expect(messages).toHaveLength(1);
    expect(body.length).toBeGreaterThan(20_000_000);
    expect(elapsed).toBeLessThan(10_000);
  });
});

describe('bad hosts: the event stream', () => {
  const EVENT_URL = `${HOST}/event`;
  const running: EventStream[] = [];
  afterEach(() => {
    for (const stream of running.splice(0)) stream.stop();
  });

  function open(answer: (count: number) => Response, options: { maxEventBytes?: number } = {}) {
    let count = 0;
    server.use(http.get(EVENT_URL, () => answer((count += 1))));
    const statuses: StreamStatus[] = [];
    const opens: boolean[] = [];
    const events: string[] = [];
    const stream = new EventStream({
      url: EVENT_URL,
      fetch: withBodyAbort(authorizedFetch(undefined)),
      onMessage: (data) => events.push(label(decodeOpencodeFrame(data))),
      onStatus: (status) => statuses.push(status),
      onOpen: (afterGap) => opens.push(afterGap),
      backoff: { baseMs: 20, maxMs: 400 },
      random: () => 0.5,
      heartbeatTimeoutMs: 5_000,
      ...options,
    });
    running.push(stream);
    stream.start();
    return { stream, statuses, opens, events, requests: () => count };
  }
  const reasons = (statuses: StreamStatus[]) =>
    statuses.flatMap((s) => (s.state === 'reconnecting' || s.state === 'error' ? [s.reason] : []));

  it('a web page answering /event (200 text/html) is never "live" and never triggers a re-sync; it backs off', async () => {
    const host = open(() => portalPage());
    await expect.poll(() => host.requests(), { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    expect(host.statuses.some((s) => s.state === 'live')).toBe(false);
    expect(host.opens).toEqual([]);
    expect(reasons(host.statuses)[0]).toBe(
      'the event stream answered text/html instead of events (a proxy or a sign-in page in the way?)',
    );
    const delays = host.statuses.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    expect(delays.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('a redirect of /event (credentials on) is an error with a slow retry and a next step', async () => {
    server.use(http.get(`${PORTAL}/*`, () => portalPage()));
    let count = 0;
    server.use(
      http.get(
        EVENT_URL,
        () => ((count += 1), new HttpResponse(null, { status: 302, headers: { location: `${PORTAL}/login` } })),
      ),
    );
    const statuses: StreamStatus[] = [];
    const stream = new EventStream({
      url: EVENT_URL,
      fetch: authorizedFetch(opencodeBasicAuthorization(HOST, { token: PASSWORD })),
      onMessage: () => undefined,
      onStatus: (s) => statuses.push(s),
      backoff: { baseMs: 20, maxMs: 400 },
      random: () => 0.5,
    });
    running.push(stream);
    stream.start();
    await expect.poll(() => statuses.at(-1)?.state).toBe('error');
    expect(statuses.at(-1)).toEqual(expect.objectContaining({ reason: expect.stringContaining('redirect') }));
    expect(seen.some((r) => r.url.startsWith(PORTAL))).toBe(false);
    expect(count).toBe(1);
  });

  it('a stream that opens and drops at once, again and again, backs off instead of re-syncing every half second', async () => {
    const host = open(() => {
      const stream = new ScriptedStream();
      stream.close();
      return stream.response();
    });
    await expect.poll(() => host.opens.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    const attempts = host.statuses.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    // Reconnect attempt N waits backoffDelay(N - 1): without the guard every drop would be attempt 1.
    expect(attempts.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('after a live stream drops (a host restart), retries stay short, so the app is back within seconds of the host', async () => {
    /** A stream that is live first (when `liveFirst`), then fails 7 times, then works; announced delays in ms. */
    async function run(liveFirst: boolean): Promise<number[]> {
      let count = 0;
      const delays: number[] = [];
      const first = new ScriptedStream();
      server.use(
        http.get(
          EVENT_URL,
          () => (
            (count += 1),
            liveFirst && count === 1
              ? first.response()
              : count <= (liveFirst ? 8 : 7)
                ? HttpResponse.error()
                : new ScriptedStream().response()
          ),
        ),
      );
      const stream = new EventStream({
        url: EVENT_URL,
        fetch: withBodyAbort(authorizedFetch(undefined)),
        onMessage: () => undefined,
        onStatus: (status) => {
          if (status.state === 'reconnecting') delays.push(status.retryAt - Date.now());
        },
        backoff: { baseMs: 20, maxMs: 5_000 },
        recentMaxDelayMs: 100,
        stableAfterMs: 0,
        random: () => 0.5,
      });
      running.push(stream);
      stream.start();
      if (liveFirst) {
        await expect.poll(() => stream.current.state).toBe('live');
        first.close();
      }
      await expect.poll(() => delays.length, { timeout: 10_000 }).toBe(7);
      await expect.poll(() => stream.current.state, { timeout: 10_000 }).toBe('live');
      return delays;
    }
    const afterDrop = await run(true);
    expect(Math.max(...afterDrop)).toBeLessThanOrEqual(100);
    // A host that was never live keeps the full backoff (20 ms doubling, jitter 0.75): 960 ms × 0.75 by the 7th.
    const neverLive = await run(false);
    expect(neverLive.at(-1)).toBeGreaterThan(400);
  });

  it('a host that takes the connection but never answers it (OpenCode while it starts) is retried after the connect timeout', async () => {
    let count = 0;
    server.use(
      http.get(EVENT_URL, async ({ request }) => {
        count += 1;
        if (count > 1) return new ScriptedStream().response();
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        return HttpResponse.error();
      }),
    );
    const statuses: StreamStatus[] = [];
    const stream = new EventStream({
      url: EVENT_URL,
      fetch: withBodyAbort(authorizedFetch(undefined)),
      onMessage: () => undefined,
      onStatus: (s) => statuses.push(s),
      connectTimeoutMs: 100,
      backoff: { baseMs: 20, maxMs: 400 },
      random: () => 0.5,
    });
    running.push(stream);
    const started = performance.now();
    stream.start();
    await expect.poll(() => stream.current.state, { timeout: 3_000 }).toBe('live');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(reasons(statuses)).toEqual(['the host took the connection but did not answer in time']);
  });

  it('one endless line without a complete event is cut off at the limit, and the stream reconnects', async () => {
    const host = open(
      (count) => {
        if (count > 1) return new ScriptedStream().response();
        const stream = new ScriptedStream();
        stream.push(`data: {"type":"message.part.delta","properties":{"delta":"${'x'.repeat(5_000)}`);
        return stream.response();
      },
      { maxEventBytes: 2_000 },
    );
    await expect.poll(() => host.opens).toEqual([false, true]);
    expect(reasons(host.statuses)).toContain('the host sent more than 2 KB without a complete event');
  });

  it('malformed lines, unknown event types and events for things that do not exist are decoded (malformed ones as counted unknowns) without dropping the stream', async () => {
    const script = new ScriptedStream();
    const host = open(() => script.response());
    await expect.poll(() => host.events).toEqual(['connected']);
    script.push(
      'data: {not json\n\n',
      'data: "a string"\n\n',
      'data: {"properties":{}}\n\n',
      ': a comment line\n\n',
      'event: custom\ndata: {"type":"made.up.event","properties":{"x":1}}\n\n',
      { type: 'permission.replied', properties: { sessionID: 'ses_nope', requestID: 'per_nope', reply: 'once' } },
      {
        type: 'message.part.delta',
        properties: { sessionID: 'ses_nope', messageID: 'msg_nope', partID: 'prt_nope', field: 'text', delta: 'x' },
      },
      { type: 'server.heartbeat' },
    );
    await expect
      .poll(() => host.events)
      .toEqual([
        'connected',
        'unknown (malformed)',
        'unknown (malformed)',
        'unknown (malformed)',
        'unknown made.up.event',
        'permission-replied',
        'part-delta',
        'heartbeat',
      ]);
    expect(host.stream.current.state).toBe('live');
    expect(host.requests()).toBe(1);
  });
});
