import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '@/testing/server';
import { rejection } from '@/testing/errors';
import { authorizedFetch, basicAuthHeader, bearerAuthHeader, requestJson } from './http';

const HOST = 'http://127.0.0.1:8787';
const ENGINE = 'http://127.0.0.1:4096';

/** What the server saw of one request. */
interface Seen {
  url: string;
  authorization: string | null;
  credentials: RequestCredentials;
  accept: string | null;
  custom: string | null;
}

/** Answers every GET/POST on `origin` with 200 `{ok:true}` and records what arrived. */
function recordRequests(origin: string): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${origin}/*`, ({ request }) => {
      seen.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        credentials: request.credentials,
        accept: request.headers.get('accept'),
        custom: request.headers.get('x-custom'),
      });
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

describe('basicAuthHeader', () => {
  it('encodes user:password as HTTP Basic', () => {
    expect(basicAuthHeader('opencode', 's3cret')).toBe('Basic b3BlbmNvZGU6czNjcmV0');
  });

  it('encodes non-ASCII passwords as UTF-8 (btoa alone would throw)', () => {
    const header = basicAuthHeader('opencode', 'pässwörd✓');
    expect(header).toBe('Basic b3BlbmNvZGU6cMOkc3N3w7ZyZOKckw==');
    const bytes = Uint8Array.from(atob(header.slice('Basic '.length)), (char) => char.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe('opencode:pässwörd✓');
  });
});

describe('authorizedFetch', () => {
  const auth = { origin: HOST, header: bearerAuthHeader('tok_123') };

  it('adds Authorization to requests for the matching origin, without cookies', async () => {
    const seen = recordRequests(HOST);
    await authorizedFetch(auth)(`${HOST}/w/ws_1/opencode/session`);
    expect(seen).toEqual([expect.objectContaining({ authorization: 'Bearer tok_123', credentials: 'omit' })]);
  });

  it('sends nothing to the same hostname on another port (a different origin)', async () => {
    const seen = recordRequests(ENGINE);
    await authorizedFetch(auth)(`${ENGINE}/global/health`);
    expect(seen).toEqual([expect.objectContaining({ authorization: null, credentials: 'omit' })]);
  });

  it('strips an Authorization header the caller set for another origin', async () => {
    const seen = recordRequests(ENGINE);
    await authorizedFetch(auth)(`${ENGINE}/global/health`, { headers: { Authorization: 'Bearer leaked' } });
    expect(seen[0]?.authorization).toBeNull();
  });

  it('strips a caller Authorization even when it has no credentials of its own', async () => {
    const seen = recordRequests(ENGINE);
    await authorizedFetch(undefined)(new Request(`${ENGINE}/session`, { headers: { authorization: 'Basic x' } }));
    expect(seen[0]?.authorization).toBeNull();
  });

  it('replaces a caller Authorization on its own origin and keeps other headers', async () => {
    const seen = recordRequests(HOST);
    await authorizedFetch(auth)(`${HOST}/workspaces`, {
      headers: { authorization: 'Bearer stale', 'x-custom': 'kept' },
    });
    expect(seen).toEqual([expect.objectContaining({ authorization: 'Bearer tok_123', custom: 'kept' })]);
  });

  it('passes the request body and method through', async () => {
    let body: unknown;
    server.use(
      http.post(`${HOST}/session`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ id: 'ses_1' });
      }),
    );
    const response = await authorizedFetch(auth)(`${HOST}/session`, {
      method: 'POST',
      body: JSON.stringify({ title: 't' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await response.json()).toEqual({ id: 'ses_1' });
    expect(body).toEqual({ title: 't' });
  });
});

describe('requestJson', () => {
  const url = `${HOST}/workspaces`;

  /** Serves one answer at `url`. */
  function answer(response: () => Response | Promise<Response>): void {
    server.use(http.all(url, response));
  }

  it('returns the parsed body of a 2xx JSON answer and asks for JSON', async () => {
    const seen = recordRequests(HOST);
    await expect(requestJson(fetch, url)).resolves.toEqual({ ok: true });
    expect(seen[0]?.accept).toBe('application/json');
  });

  it('keeps headers the caller passes as a plain object', async () => {
    const seen = recordRequests(HOST);
    await requestJson(fetch, url, { headers: { authorization: 'Bearer tok', 'x-custom': 'kept' } });
    expect(seen[0]).toEqual(
      expect.objectContaining({ authorization: 'Bearer tok', custom: 'kept', accept: 'application/json' }),
    );
  });

  it('keeps headers the caller passes as a Headers instance', async () => {
    const seen = recordRequests(HOST);
    await requestJson(fetch, url, { headers: new Headers({ authorization: 'Bearer tok' }) });
    expect(seen[0]?.authorization).toBe('Bearer tok');
  });

  it('returns undefined for an empty 204', async () => {
    answer(() => new HttpResponse(null, { status: 204 }));
    await expect(requestJson(fetch, url, { method: 'POST' })).resolves.toBeUndefined();
  });

  it.each([
    {
      status: 401,
      code: 'unauthorized',
      body: { code: 'unauthorized', message: 'Invalid bearer token' },
      said: 'Invalid bearer token',
    },
    {
      status: 403,
      code: 'forbidden',
      body: {
        code: 'forbidden',
        message: 'Insufficient token scope',
        details: { required: 'collaborator', scope: 'viewer' },
      },
      said: 'Insufficient token scope',
    },
    {
      status: 404,
      code: 'not-found',
      body: { _tag: 'PermissionNotFoundError', requestID: 'per_x', message: 'Permission request not found: per_x' },
      said: 'Permission request not found: per_x',
    },
    {
      status: 409,
      code: 'conflict',
      body: { code: 'command_admission_conflict', message: 'Different body for the same messageID' },
      said: 'Different body for the same messageID',
    },
    {
      status: 400,
      code: 'bad-response',
      body: { name: 'BadRequest', data: { message: 'Expected "once" | "always" | "reject"' } },
      said: 'Expected "once" | "always" | "reject"',
    },
    {
      status: 500,
      code: 'server-error',
      body: { code: 'internal_error', message: 'database is locked' },
      said: 'database is locked',
    },
    {
      status: 502,
      code: 'server-error',
      body: { code: 'opencode_unreachable', message: 'OpenCode is not reachable' },
      said: 'OpenCode is not reachable',
    },
  ] as const)('maps $status to $code and keeps the host message', async ({ status, code, body, said }) => {
    answer(() => HttpResponse.json(body, { status }));
    const error = await rejection(requestJson(fetch, url));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toContain(`GET /workspaces answered ${status}`);
    expect(error.message).toContain(said);
    expect(error.body).toEqual(body);
    expect(error.nextStep).not.toBe('');
  });

  it('names the method of a failed write', async () => {
    answer(() => HttpResponse.json({ code: 'read_only', message: 'Server is read-only' }, { status: 403 }));
    const error = await rejection(requestJson(fetch, url, { method: 'PATCH', body: '{}' }));
    expect(error.message).toContain('PATCH /workspaces answered 403: Server is read-only');
  });

  it('reports a 2xx page that is not JSON as bad-response', async () => {
    answer(
      () => new HttpResponse('<!doctype html><title>OpenCode</title>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await rejection(requestJson(fetch, url));
    expect(error.code).toBe('bad-response');
    expect(error.status).toBe(200);
  });

  it('reports a 5xx HTML error page as server-error without inventing a message', async () => {
    answer(() => new HttpResponse('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await rejection(requestJson(fetch, url));
    expect(error.code).toBe('server-error');
    expect(error.message).toBe('GET /workspaces answered 502.');
  });

  it('reports a network failure as unreachable and keeps the cause', async () => {
    answer(() => HttpResponse.error());
    const error = await rejection(requestJson(fetch, url));
    expect(error.code).toBe('unreachable');
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('gives up after timeoutMs', async () => {
    answer(async () => {
      await delay(300);
      return HttpResponse.json({ ok: true });
    });
    const error = await rejection(requestJson(fetch, url, { timeoutMs: 30 }));
    expect(error.code).toBe('timeout');
  });

  it('reports a caller abort as aborted, not as a failure of the host', async () => {
    answer(async () => {
      await delay(300);
      return HttpResponse.json({ ok: true });
    });
    const controller = new AbortController();
    const pending = requestJson(fetch, url, { signal: controller.signal });
    controller.abort();
    const error = await rejection(pending);
    expect(error.code).toBe('aborted');
  });
});
