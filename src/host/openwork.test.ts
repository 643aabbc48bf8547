import { http, HttpResponse, type JsonBodyType } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { buildHost } from '@/testing/builders';
import { buildOpenworkHost, OPENWORK_URL, openworkError, seen, type SeenRequest } from '@/testing/openwork';
import { server } from '@/testing/server';
import { rejection } from '@/testing/errors';
import * as openwork from './openwork';
import { listWorkspaces } from './workspaces';
import type { PairedHost } from './types';

const host = buildOpenworkHost();
const owner = buildOpenworkHost({ credentials: { token: 'client-token', hostToken: 'host-token' } });

type Method = 'get' | 'post' | 'delete';

/** Answers `method path` on the host with `answer` and records every request that arrived. */
function route(method: Method, path: string, answer: () => Response = () => HttpResponse.json({})): SeenRequest[] {
  const requests: SeenRequest[] = [];
  server.use(
    http[method](`${OPENWORK_URL}${path}`, async ({ request }) => {
      requests.push(await seen(request));
      return answer();
    }),
  );
  return requests;
}

interface Case {
  name: string;
  method: Method;
  /** Path as MSW matches it (no query). */
  path: string;
  call: (h: PairedHost) => Promise<unknown>;
  response: JsonBodyType;
  result: unknown;
  body?: unknown;
  query?: Record<string, string>;
}

const skill = {
  name: 'release-notes',
  path: '/ws/.opencode/skills/release-notes/SKILL.md',
  description: 'Release notes',
  scope: 'project',
};
const plugins = { items: [{ spec: 'opencode-wakatime@1.2.0', source: 'config', scope: 'project' }], loadOrder: [] };
const mcp = {
  items: [{ name: 'github', config: { type: 'local', command: ['npx', 'server-github'] }, source: 'config.project' }],
};
const commands = { items: [{ name: 'review', template: 'Review $ARGUMENTS', model: null, scope: 'workspace' }] };
const approval = {
  id: 'ap_1',
  workspaceId: 'ws_1',
  action: 'workspace.file.write',
  summary: 'Write notes.md',
  paths: ['/Users/x/Main/notes.md'],
  createdAt: 1,
  actor: { type: 'remote', clientId: 'pwa-1234', scope: 'collaborator' },
};

const cases: Case[] = [
  {
    name: 'getCapabilities',
    method: 'get',
    path: '/capabilities',
    call: (h) => openwork.getCapabilities(h),
    response: { skills: { read: true, write: true } },
    result: { skills: { read: true, write: true } },
  },
  {
    name: 'whoami',
    method: 'get',
    path: '/whoami',
    call: (h) => openwork.whoami(h),
    response: { ok: true, actor: { type: 'remote', scope: 'collaborator' } },
    result: { ok: true, actor: { type: 'remote', scope: 'collaborator' } },
  },
  {
    name: 'getWorkspaces',
    method: 'get',
    path: '/workspaces',
    call: (h) => openwork.getWorkspaces(h),
    response: { items: [{ id: 'ws_1', name: 'Main' }], activeId: 'ws_1' },
    result: { items: [{ id: 'ws_1', name: 'Main' }], activeId: 'ws_1' },
  },
  {
    name: 'readWorkspaceFile',
    method: 'get',
    path: '/workspace/ws_1/files/content',
    query: { path: 'docs/read me.md' },
    call: (h) => openwork.readWorkspaceFile(h, 'ws_1', 'docs/read me.md'),
    response: { path: 'docs/read me.md', content: 'hi', bytes: 2, updatedAt: 1000 },
    result: { path: 'docs/read me.md', content: 'hi', bytes: 2, updatedAt: 1000 },
  },
  {
    name: 'writeWorkspaceFile',
    method: 'post',
    path: '/workspace/ws_1/files/content',
    call: (h) =>
      openwork.writeWorkspaceFile(h, 'ws_1', { path: 'notes.md', content: 'new', baseUpdatedAt: 1000, force: true }),
    body: { path: 'notes.md', content: 'new', baseUpdatedAt: 1000, force: true },
    response: { ok: true, path: 'notes.md', bytes: 3, updatedAt: 2000, revision: '2000:3' },
    result: { ok: true, path: 'notes.md', bytes: 3, updatedAt: 2000, revision: '2000:3' },
  },
  {
    name: 'listSkills',
    method: 'get',
    path: '/workspace/ws_1/skills',
    call: (h) => openwork.listSkills(h, 'ws_1'),
    response: { items: [skill] },
    result: [skill],
  },
  {
    name: 'getSkill',
    method: 'get',
    path: '/workspace/ws_1/skills/release-notes',
    call: (h) => openwork.getSkill(h, 'ws_1', 'release-notes'),
    response: { item: skill, content: '---' },
    result: { item: skill, content: '---' },
  },
  {
    name: 'saveSkill',
    method: 'post',
    path: '/workspace/ws_1/skills',
    call: (h) =>
      openwork.saveSkill(h, 'ws_1', {
        name: 'release-notes',
        content: '---\nname: release-notes\n---',
        description: 'Release notes',
      }),
    body: { name: 'release-notes', content: '---\nname: release-notes\n---', description: 'Release notes' },
    response: skill,
    result: skill,
  },
  {
    name: 'deleteSkill',
    method: 'delete',
    path: '/workspace/ws_1/skills/release-notes',
    call: (h) => openwork.deleteSkill(h, 'ws_1', 'release-notes'),
    response: { ok: true, name: 'release-notes', path: '/x' },
    result: { ok: true, name: 'release-notes', path: '/x' },
  },
  {
    name: 'listPlugins',
    method: 'get',
    path: '/workspace/ws_1/plugins',
    call: (h) => openwork.listPlugins(h, 'ws_1'),
    response: plugins,
    result: plugins.items,
  },
  {
    name: 'addPlugin',
    method: 'post',
    path: '/workspace/ws_1/plugins',
    call: (h) => openwork.addPlugin(h, 'ws_1', 'opencode-wakatime@1.2.0'),
    body: { spec: 'opencode-wakatime@1.2.0' },
    response: plugins,
    result: plugins.items,
  },
  // A scoped npm name is one path segment: `/` and `@` are encoded.
  {
    name: 'removePlugin',
    method: 'delete',
    path: '/workspace/ws_1/plugins/%40acme%2Fplugin',
    call: (h) => openwork.removePlugin(h, 'ws_1', '@acme/plugin'),
    response: { items: [], loadOrder: [] },
    result: [],
  },
  {
    name: 'listMcpServers',
    method: 'get',
    path: '/workspace/ws_1/mcp',
    call: (h) => openwork.listMcpServers(h, 'ws_1'),
    response: mcp,
    result: mcp.items,
  },
  {
    name: 'addMcpServer',
    method: 'post',
    path: '/workspace/ws_1/mcp',
    call: (h) =>
      openwork.addMcpServer(h, 'ws_1', { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.com' } }),
    body: { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.com' } },
    response: mcp,
    result: mcp.items,
  },
  {
    name: 'removeMcpServer',
    method: 'delete',
    path: '/workspace/ws_1/mcp/github',
    call: (h) => openwork.removeMcpServer(h, 'ws_1', 'github'),
    response: { items: [] },
    result: [],
  },
  {
    name: 'listCommands',
    method: 'get',
    path: '/workspace/ws_1/commands',
    call: (h) => openwork.listCommands(h, 'ws_1'),
    response: commands,
    result: commands.items,
  },
  {
    name: 'saveCommand',
    method: 'post',
    path: '/workspace/ws_1/commands',
    call: (h) =>
      openwork.saveCommand(h, 'ws_1', { name: 'review', template: 'Review $ARGUMENTS', description: 'Review' }),
    body: { name: 'review', template: 'Review $ARGUMENTS', description: 'Review' },
    response: commands,
    result: commands.items,
  },
  {
    name: 'deleteCommand',
    method: 'delete',
    path: '/workspace/ws_1/commands/review',
    call: (h) => openwork.deleteCommand(h, 'ws_1', 'review'),
    response: { ok: true },
    result: { ok: true },
  },
  {
    name: 'getWorkspaceConfig',
    method: 'get',
    path: '/workspace/ws_1/config',
    call: (h) => openwork.getWorkspaceConfig(h, 'ws_1'),
    response: { opencode: { model: 'x' }, openwork: {}, updatedAt: null },
    result: { opencode: { model: 'x' }, openwork: {}, updatedAt: null },
  },
  {
    name: 'listAudit',
    method: 'get',
    path: '/workspace/ws_1/audit',
    query: { limit: '50' },
    call: (h) => openwork.listAudit(h, 'ws_1'),
    response: { items: [] },
    result: [],
  },
  {
    name: 'reloadEngine',
    method: 'post',
    path: '/workspace/ws_1/engine/reload',
    call: (h) => openwork.reloadEngine(h, 'ws_1'),
    body: { force: false },
    response: { ok: true, reloadedAt: 5 },
    result: { ok: true, reloadedAt: 5 },
  },
  {
    name: 'listHostApprovals',
    method: 'get',
    path: '/approvals',
    call: (h) => openwork.listHostApprovals(h),
    response: { items: [approval] },
    result: [approval],
  },
  {
    name: 'replyHostApproval',
    method: 'post',
    path: '/approvals/ap_1',
    call: (h) => openwork.replyHostApproval(h, 'ap_1', 'allow'),
    body: { reply: 'allow' },
    response: { ok: true, allowed: true },
    result: { ok: true, allowed: true },
  },
];

describe('OpenWork host API: requests', () => {
  it.each(cases)(
    '$name sends $method $path with the bearer token and a client id',
    async ({ method, path, call, response, result, body, query }) => {
      const requests = route(method, path, () => HttpResponse.json(response));
      await expect(call(host)).resolves.toEqual(result);
      expect(requests).toHaveLength(1);
      const [request] = requests as [SeenRequest];
      expect(request.method).toBe(method.toUpperCase());
      expect(request.headers.get('authorization')).toBe('Bearer client-token');
      expect(request.headers.get('x-openwork-client-id')).toMatch(/^pwa-\w+/);
      expect(request.headers.get('x-openwork-host-token')).toBeNull();
      expect(request.body).toEqual(body);
      if (body !== undefined) expect(request.headers.get('content-type')).toBe('application/json');
      expect(Object.fromEntries(request.url.searchParams)).toEqual(query ?? {});
    },
  );

  it('sends the same client id on every call (it names this device in the host audit)', async () => {
    const requests = route('get', '/capabilities');
    await openwork.getCapabilities(host);
    await openwork.getCapabilities(host);
    const [first, second] = requests as [SeenRequest, SeenRequest];
    expect(first.headers.get('x-openwork-client-id')).toBe(second.headers.get('x-openwork-client-id'));
  });

  it('sends X-OpenWork-Host-Token only on the approval routes, and only when paired with the host token', async () => {
    const list = route('get', '/approvals', () => HttpResponse.json({ items: [] }));
    const reply = route('post', '/approvals/ap_1', () => HttpResponse.json({ ok: true, allowed: false }));
    const caps = route('get', '/capabilities');
    const write = route('post', '/workspace/ws_1/files/content', () =>
      HttpResponse.json({ ok: true, path: 'a.md', bytes: 0, updatedAt: 1 }),
    );

    await openwork.listHostApprovals(owner);
    await openwork.replyHostApproval(owner, 'ap_1', 'deny');
    await openwork.getCapabilities(owner);
    await openwork.writeWorkspaceFile(owner, 'ws_1', { path: 'a.md', content: '' });
    await openwork.listHostApprovals(host);

    expect(list[0]?.headers.get('x-openwork-host-token')).toBe('host-token');
    expect(list[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(reply[0]?.headers.get('x-openwork-host-token')).toBe('host-token');
    expect(reply[0]?.body).toEqual({ reply: 'deny' });
    expect(caps[0]?.headers.get('x-openwork-host-token')).toBeNull();
    expect(write[0]?.headers.get('x-openwork-host-token')).toBeNull();
    // Paired without the host token: the approvals call carries none.
    expect(list[1]?.headers.get('x-openwork-host-token')).toBeNull();
  });

  it('reads a binary file from /files/raw as a Blob with the bearer token', async () => {
    const requests: SeenRequest[] = [];
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/raw`, async ({ request }) => {
        requests.push(await seen(request));
        return new HttpResponse(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } });
      }),
    );
    const blob = await openwork.readWorkspaceFileBlob(host, 'ws_1', 'img/logo.png');
    expect(blob.size).toBe(4);
    expect(requests[0]?.url.searchParams.get('path')).toBe('img/logo.png');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('maps a failed /files/raw read like the JSON calls (401 → unauthorized with the host code)', async () => {
    route('get', '/workspace/ws_1/files/raw', () => openworkError(401, 'unauthorized', 'Invalid bearer token'));
    const error = await rejection(openwork.readWorkspaceFileBlob(host, 'ws_1', 'logo.png'));
    expect(error.code).toBe('unauthorized');
    expect(openwork.openworkErrorCode(error)).toBe('unauthorized');
  });

  it('gives writes the approval timeout plus 10 s, and reads 10 s', async () => {
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    route('get', '/workspace/ws_1/skills', () => HttpResponse.json({ items: [] }));
    route('post', '/workspace/ws_1/skills', () => HttpResponse.json(skill));
    await openwork.listSkills(host, 'ws_1');
    expect(timeout).toHaveBeenLastCalledWith(10_000);
    await openwork.saveSkill(
      host,
      'ws_1',
      { name: 'a', content: 'x' },
      { approvals: { mode: 'manual', timeoutMs: 60_000 } },
    );
    expect(timeout).toHaveBeenLastCalledWith(70_000);
    // A host that does not publish its approval timeout is waited for, up to 15 minutes.
    await openwork.saveSkill(host, 'ws_1', { name: 'a', content: 'x' });
    expect(timeout).toHaveBeenLastCalledWith(15 * 60_000);
  });
});

describe('writeTimeoutMs', () => {
  it('is the published approval timeout plus 10 s, so the host decides first', () => {
    expect(openwork.writeTimeoutMs({ approvals: { mode: 'manual', timeoutMs: 45_000 } })).toBe(55_000);
    expect(openwork.writeTimeoutMs({ approvals: { mode: 'auto', timeoutMs: 1_000 } })).toBe(11_000);
  });

  it('does not guess 30 s for a host that publishes no approvals block (v0.7.1): it waits up to 15 minutes', () => {
    // Such a host may be set to hold writes longer than 30 s; giving up at 40 s would cut it short.
    expect(openwork.writeTimeoutMs({ skills: { read: true, write: true } })).toBe(15 * 60_000);
    expect(openwork.writeTimeoutMs(undefined)).toBe(openwork.UNPUBLISHED_APPROVAL_WAIT_MS);
    expect(openwork.approvalPolicy({ config: { read: true, write: true } })).toEqual({ mode: 'unknown' });
    expect(openwork.approvalPolicy({ approvals: { mode: 'auto', timeoutMs: 5_000 } })).toEqual({
      mode: 'auto',
      timeoutMs: 5_000,
    });
  });
});

describe('listCatalog', () => {
  const snapshot = {
    sessionId: 'fs_1',
    workspaceId: 'ws_1',
    generatedAt: 1,
    cursor: 0,
    total: 2,
    truncated: false,
    items: [
      { path: 'src/a.ts', kind: 'file', size: 10, mtimeMs: 1, revision: '1:10' },
      { path: 'src/lib', kind: 'dir', size: 0, mtimeMs: 1, revision: '1:0' },
    ],
  };

  it('opens a read-only file session, reads the snapshot under the prefix, and closes the session', async () => {
    const create = route('post', '/workspace/ws_1/files/sessions', () =>
      HttpResponse.json({
        session: { id: 'fs_1', workspaceId: 'ws_1', createdAt: 0, expiresAt: 60_000, ttlMs: 60_000, canWrite: false },
      }),
    );
    const read = route('get', '/files/sessions/fs_1/catalog/snapshot', () => HttpResponse.json(snapshot));
    const close = route('delete', '/files/sessions/fs_1', () => HttpResponse.json({ ok: true }));

    await expect(openwork.listCatalog(host, 'ws_1', 'src/')).resolves.toEqual({
      items: snapshot.items,
      truncated: false,
    });

    expect(create[0]?.body).toEqual({ write: false, ttlSeconds: 60 });
    expect(create[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(Object.fromEntries(read[0]?.url.searchParams ?? [])).toEqual({
      prefix: 'src/',
      includeDirs: 'true',
      limit: '2000',
      excludeHeavyDirectories: 'true',
    });
    expect(read[0]?.headers.get('authorization')).toBe('Bearer client-token');
    await vi.waitFor(() => expect(close).toHaveLength(1));
    expect(close[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('omits the prefix for the workspace root', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_2' } }));
    const read = route('get', '/files/sessions/fs_2/catalog/snapshot', () =>
      HttpResponse.json({ ...snapshot, truncated: true }),
    );
    const close = route('delete', '/files/sessions/fs_2', () => HttpResponse.json({ ok: true }));
    await expect(openwork.listCatalog(host, 'ws_1', '')).resolves.toMatchObject({ truncated: true });
    expect(read[0]?.url.searchParams.has('prefix')).toBe(false);
    await vi.waitFor(() => expect(close).toHaveLength(1));
  });

  it('still closes the session when the snapshot fails, and reports the snapshot error', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_3' } }));
    route('get', '/files/sessions/fs_3/catalog/snapshot', () =>
      openworkError(404, 'file_session_not_found', 'File session not found'),
    );
    const close = route('delete', '/files/sessions/fs_3', () => openworkError(404, 'file_session_not_found'));
    const error = await rejection(openwork.listCatalog(host, 'ws_1', ''));
    expect(openwork.openworkErrorCode(error)).toBe('file_session_not_found');
    expect(openwork.isRouteMissing(error)).toBe(false);
    await vi.waitFor(() => expect(close).toHaveLength(1));
  });

  it('reports a host without file sessions (v0.7.1) as a missing route', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => openworkError(404, 'not_found', 'Not found'));
    const error = await rejection(openwork.listCatalog(host, 'ws_1', ''));
    expect(openwork.isRouteMissing(error)).toBe(true);
  });
});

describe('OpenWork host API: errors', () => {
  it('401 unauthorized → HostError "unauthorized" carrying the host message', async () => {
    route('get', '/capabilities', () => openworkError(401, 'unauthorized', 'Invalid bearer token'));
    const error = await rejection(openwork.getCapabilities(host));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toContain('Invalid bearer token');
    expect(openwork.openworkErrorCode(error)).toBe('unauthorized');
  });

  it.each(['denied', 'timeout'])('403 write_denied (reason %s) → code and reason readable', async (reason) => {
    route('post', '/workspace/ws_1/files/content', () =>
      openworkError(403, 'write_denied', 'Write request denied', { requestId: 'ap_9', reason }),
    );
    const error = await rejection(openwork.writeWorkspaceFile(host, 'ws_1', { path: 'a.md', content: 'x' }));
    expect(error.code).toBe('forbidden');
    expect(openwork.openworkErrorCode(error)).toBe('write_denied');
    expect(openwork.openworkErrorDetails(error)).toEqual({ requestId: 'ap_9', reason });
    expect(openwork.isRouteMissing(error)).toBe(false);
  });

  it('404 not_found (route absent on an older host) → isRouteMissing', async () => {
    route('get', '/workspace/ws_1/skills', () => openworkError(404, 'not_found', 'Not found'));
    const error = await rejection(openwork.listSkills(host, 'ws_1'));
    expect(error.code).toBe('not-found');
    expect(openwork.isRouteMissing(error)).toBe(true);
  });

  it('404 without an OpenWork body (e.g. an HTML page) also counts as a missing route', async () => {
    route(
      'get',
      '/workspace/ws_1/audit',
      () =>
        new HttpResponse('<!doctype html><p>Not found</p>', { status: 404, headers: { 'content-type': 'text/html' } }),
    );
    const error = await rejection(openwork.listAudit(host, 'ws_1'));
    expect(openwork.isRouteMissing(error)).toBe(true);
  });

  it('404 file_not_found is a missing file, not a missing route', async () => {
    route('get', '/workspace/ws_1/files/content', () => openworkError(404, 'file_not_found', 'File not found'));
    const error = await rejection(openwork.readWorkspaceFile(host, 'ws_1', 'gone.md'));
    expect(error.code).toBe('not-found');
    expect(openwork.openworkErrorCode(error)).toBe('file_not_found');
    expect(openwork.isRouteMissing(error)).toBe(false);
  });

  it('409 conflict → HostError "conflict" with baseUpdatedAt and currentUpdatedAt', async () => {
    route('post', '/workspace/ws_1/files/content', () =>
      openworkError(409, 'conflict', 'File changed', { baseUpdatedAt: 1000, currentUpdatedAt: 2000 }),
    );
    const error = await rejection(
      openwork.writeWorkspaceFile(host, 'ws_1', { path: 'a.md', content: 'x', baseUpdatedAt: 1000 }),
    );
    expect(error.code).toBe('conflict');
    expect(openwork.openworkErrorCode(error)).toBe('conflict');
    expect(openwork.openworkErrorDetails(error)).toEqual({ baseUpdatedAt: 1000, currentUpdatedAt: 2000 });
  });

  it('413 file_too_large → code and size details readable', async () => {
    route('get', '/workspace/ws_1/files/content', () =>
      openworkError(413, 'file_too_large', 'File too large', { maxBytes: 5_000_000, size: 6_000_000 }),
    );
    const error = await rejection(openwork.readWorkspaceFile(host, 'ws_1', 'big.log'));
    expect(error.status).toBe(413);
    expect(openwork.openworkErrorCode(error)).toBe('file_too_large');
    expect(openwork.openworkErrorDetails(error)).toEqual({ maxBytes: 5_000_000, size: 6_000_000 });
  });

  it('400 invalid_path → code readable, message kept', async () => {
    route('get', '/workspace/ws_1/files/content', () =>
      openworkError(400, 'invalid_path', 'Path traversal is not allowed'),
    );
    const error = await rejection(openwork.readWorkspaceFile(host, 'ws_1', '../etc/passwd'));
    expect(error.status).toBe(400);
    expect(openwork.openworkErrorCode(error)).toBe('invalid_path');
    expect(error.message).toContain('Path traversal is not allowed');
  });

  it('helpers ignore errors that are not host errors', () => {
    expect(openwork.openworkErrorCode(new Error('x'))).toBeUndefined();
    expect(openwork.openworkErrorDetails('x')).toBeUndefined();
    expect(openwork.isRouteMissing(new Error('x'))).toBe(false);
  });

  it('refuses a direct OpenCode host without sending any request', async () => {
    const requests: string[] = [];
    server.use(
      http.all('*', ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const opencode = buildHost({ url: OPENWORK_URL, credentials: { token: 'client-token' } });
    const calls: Array<Promise<unknown>> = [
      ...cases.map((c) => c.call(opencode)),
      openwork.listCatalog(opencode, 'ws_1', ''),
      openwork.readWorkspaceFileBlob(opencode, 'ws_1', 'a.png'),
    ];
    for (const call of calls) {
      const error = await rejection(call);
      expect(error.message).toContain('is an OpenCode server, not an OpenWork host');
    }
    expect(requests).toEqual([]);
  });
});

describe('OpenWork host API: answers of the wrong shape', () => {
  interface ListCase {
    name: string;
    method: Method;
    path: string;
    /** How the route is named in the message. */
    what: string;
    expected: string;
    call: (h: PairedHost) => Promise<unknown>;
  }
  const lists: ListCase[] = [
    {
      name: 'listSkills',
      method: 'get',
      path: '/workspace/ws_1/skills',
      what: 'GET /workspace/{id}/skills',
      expected: 'a list of skills',
      call: (h) => openwork.listSkills(h, 'ws_1'),
    },
    {
      name: 'listPlugins',
      method: 'get',
      path: '/workspace/ws_1/plugins',
      what: 'GET /workspace/{id}/plugins',
      expected: 'a list of plugins',
      call: (h) => openwork.listPlugins(h, 'ws_1'),
    },
    {
      name: 'addPlugin',
      method: 'post',
      path: '/workspace/ws_1/plugins',
      what: 'POST /workspace/{id}/plugins',
      expected: 'a list of plugins',
      call: (h) => openwork.addPlugin(h, 'ws_1', 'x'),
    },
    {
      name: 'removePlugin',
      method: 'delete',
      path: '/workspace/ws_1/plugins/x',
      what: 'DELETE /workspace/{id}/plugins/{name}',
      expected: 'a list of plugins',
      call: (h) => openwork.removePlugin(h, 'ws_1', 'x'),
    },
    {
      name: 'listMcpServers',
      method: 'get',
      path: '/workspace/ws_1/mcp',
      what: 'GET /workspace/{id}/mcp',
      expected: 'a list of MCP servers',
      call: (h) => openwork.listMcpServers(h, 'ws_1'),
    },
    {
      name: 'addMcpServer',
      method: 'post',
      path: '/workspace/ws_1/mcp',
      what: 'POST /workspace/{id}/mcp',
      expected: 'a list of MCP servers',
      call: (h) => openwork.addMcpServer(h, 'ws_1', { name: 'x', config: { type: 'remote', url: 'https://x' } }),
    },
    {
      name: 'removeMcpServer',
      method: 'delete',
      path: '/workspace/ws_1/mcp/x',
      what: 'DELETE /workspace/{id}/mcp/{name}',
      expected: 'a list of MCP servers',
      call: (h) => openwork.removeMcpServer(h, 'ws_1', 'x'),
    },
    {
      name: 'listCommands',
      method: 'get',
      path: '/workspace/ws_1/commands',
      what: 'GET /workspace/{id}/commands',
      expected: 'a list of commands',
      call: (h) => openwork.listCommands(h, 'ws_1'),
    },
    {
      name: 'saveCommand',
      method: 'post',
      path: '/workspace/ws_1/commands',
      what: 'POST /workspace/{id}/commands',
      expected: 'a list of commands',
      call: (h) => openwork.saveCommand(h, 'ws_1', { name: 'x', template: 't' }),
    },
    {
      name: 'listAudit',
      method: 'get',
      path: '/workspace/ws_1/audit',
      what: 'GET /workspace/{id}/audit',
      expected: 'a list of audit entries',
      call: (h) => openwork.listAudit(h, 'ws_1'),
    },
    {
      name: 'listHostApprovals',
      method: 'get',
      path: '/approvals',
      what: 'GET /approvals',
      expected: 'a list of approvals',
      call: (h) => openwork.listHostApprovals(h),
    },
  ];

  const wrongLists: Array<{ answer: string; body: JsonBodyType; said: string }> = [
    { answer: '{}', body: {}, said: 'an object without "items"' },
    { answer: 'null', body: null, said: 'null' },
    { answer: 'a bare list', body: [{ name: 'x' }], said: 'a list' },
    { answer: '{items: "x"}', body: { items: 'x' }, said: 'an object whose "items" is a string' },
    { answer: '{items: {}}', body: { items: {} }, said: 'an object whose "items" is an object' },
  ];

  describe.each(lists)('$name', ({ method, path, what, expected, call }) => {
    it.each(wrongLists)(
      'answering $answer is a bad-response naming the route and what was expected',
      async ({ body, said }) => {
        route(method, path, () => HttpResponse.json(body));
        const error = await rejection(call(host));
        expect(error.code).toBe('bad-response');
        expect(error.message).toBe(`${what} answered ${said} where ${expected} was expected.`);
        expect(error.nextStep).toContain('check its version on the Hosts screen, and update OpenWork or this app');
        // A write the host accepted may have happened: the user is told to look before repeating it.
        if (method === 'get') expect(error.nextStep).not.toContain('may have been done');
        else expect(error.nextStep).toContain('may have been done anyway: refresh to check');
      },
    );

    it('answering {items: null} is an empty list', async () => {
      route(method, path, () => HttpResponse.json({ items: null }));
      await expect(call(host)).resolves.toEqual([]);
    });
  });

  it('skips list items without their identifying field and repairs wrong field types', async () => {
    route('get', '/workspace/ws_1/skills', () =>
      HttpResponse.json({
        items: [
          null,
          'x',
          { description: 'no name' },
          { name: '' },
          { name: 'ok', path: 7, description: null, scope: 'elsewhere', trigger: 'on' },
        ],
      }),
    );
    route('get', '/workspace/ws_1/plugins', () =>
      HttpResponse.json({ items: [{ source: 'config' }, { spec: 'p@1', source: 3, scope: 'project' }] }),
    );
    route('get', '/workspace/ws_1/mcp', () =>
      HttpResponse.json({ items: [{ config: {} }, { name: 'm', config: 'npx x' }] }),
    );
    route('get', '/workspace/ws_1/commands', () =>
      HttpResponse.json({ items: [{ template: 'orphan' }, { name: 'c', template: 5, model: 3, subtask: 'yes' }] }),
    );
    route('get', '/workspace/ws_1/audit', () =>
      HttpResponse.json({
        items: [
          { action: 'no id', timestamp: 1 },
          { id: 'a1', action: 'no time' },
          { id: 'a2', timestamp: 5, actor: 'me', summary: 42 },
        ],
      }),
    );
    route('get', '/approvals', () =>
      HttpResponse.json({
        items: [{ summary: 'no id' }, { id: 'ap_2', paths: ['/a', 3, null], actor: { clientId: 9 } }],
      }),
    );

    await expect(openwork.listSkills(host, 'ws_1')).resolves.toEqual([
      { name: 'ok', path: '', description: '', scope: 'project' },
    ]);
    await expect(openwork.listPlugins(host, 'ws_1')).resolves.toEqual([{ spec: 'p@1', source: '', scope: 'project' }]);
    await expect(openwork.listMcpServers(host, 'ws_1')).resolves.toEqual([{ name: 'm', config: {} }]);
    await expect(openwork.listCommands(host, 'ws_1')).resolves.toEqual([{ name: 'c', template: '' }]);
    await expect(openwork.listAudit(host, 'ws_1')).resolves.toEqual([
      { id: 'a2', workspaceId: '', actor: { type: 'unknown' }, action: '', target: '', summary: '', timestamp: 5 },
    ]);
    const [approval] = await openwork.listHostApprovals(host);
    expect(approval).toMatchObject({
      id: 'ap_2',
      workspaceId: '',
      action: '',
      summary: '',
      paths: ['/a'],
      actor: { type: 'unknown' },
    });
    // No time from the host: shown as just seen, so the owner can still answer it.
    expect(approval?.createdAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('skips catalog entries without a path or of an unknown kind, and repairs sizes and times', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_9' } }));
    route('get', '/files/sessions/fs_9/catalog/snapshot', () =>
      HttpResponse.json({
        items: [
          { kind: 'file' },
          { path: 'link', kind: 'symlink' },
          { path: 'a.md', kind: 'file', size: '3' },
          { path: 'src', kind: 'dir' },
        ],
        truncated: 'yes',
      }),
    );
    route('delete', '/files/sessions/fs_9', () => HttpResponse.json({ ok: true }));
    await expect(openwork.listCatalog(host, 'ws_1', '')).resolves.toEqual({
      items: [
        { path: 'a.md', kind: 'file', size: 0, mtimeMs: 0, revision: '' },
        { path: 'src', kind: 'dir', size: 0, mtimeMs: 0, revision: '' },
      ],
      truncated: false,
    });
  });

  it('a file session without an id, or a snapshot without items, is a bad-response naming the route', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ ok: true }));
    const noSession = await rejection(openwork.listCatalog(host, 'ws_1', ''));
    expect(noSession.code).toBe('bad-response');
    expect(noSession.message).toBe(
      'POST /workspace/{id}/files/sessions answered an object without "session" where a file session {session: {id}} was expected.',
    );
    // Opening a read-only session changes nothing the user asked for: no "may have been done".
    expect(noSession.nextStep).not.toContain('may have been done');

    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_8' } }));
    route('get', '/files/sessions/fs_8/catalog/snapshot', () => HttpResponse.json({ total: 0 }));
    const close = route('delete', '/files/sessions/fs_8', () => HttpResponse.json({ ok: true }));
    const noItems = await rejection(openwork.listCatalog(host, 'ws_1', ''));
    expect(noItems.message).toBe(
      'GET /files/sessions/{id}/catalog/snapshot answered an object without "items" where a catalog snapshot {items, truncated} was expected.',
    );
    await vi.waitFor(() => expect(close).toHaveLength(1));
  });

  interface ObjectCase {
    name: string;
    method: Method;
    path: string;
    call: (h: PairedHost) => Promise<unknown>;
    /** An object answer missing what the app needs, and the message it gives. */
    incomplete: JsonBodyType;
    message: string;
  }
  const objects: ObjectCase[] = [
    {
      name: 'getCapabilities',
      method: 'get',
      path: '/capabilities',
      call: (h) => openwork.getCapabilities(h),
      incomplete: [],
      message: 'GET /capabilities answered a list where an object of capabilities was expected.',
    },
    {
      name: 'whoami',
      method: 'get',
      path: '/whoami',
      call: (h) => openwork.whoami(h),
      incomplete: { ok: true },
      message: 'GET /whoami answered an object without "actor" where an answer {ok, actor} was expected.',
    },
    {
      name: 'getWorkspaces',
      method: 'get',
      path: '/workspaces',
      call: (h) => openwork.getWorkspaces(h),
      incomplete: { activeId: 'ws_1' },
      message: 'GET /workspaces answered an object without "items" where a list of workspaces was expected.',
    },
    {
      name: 'readWorkspaceFile',
      method: 'get',
      path: '/workspace/ws_1/files/content',
      call: (h) => openwork.readWorkspaceFile(h, 'ws_1', 'a.md'),
      incomplete: { path: 'a.md', content: 'hi' },
      message:
        'GET /workspace/{id}/files/content answered an object without "updatedAt" where a file {path, content, updatedAt} was expected.',
    },
    {
      name: 'writeWorkspaceFile',
      method: 'post',
      path: '/workspace/ws_1/files/content',
      call: (h) => openwork.writeWorkspaceFile(h, 'ws_1', { path: 'a.md', content: 'x' }),
      incomplete: { ok: true, updatedAt: '2000' },
      message:
        'POST /workspace/{id}/files/content answered an object whose "updatedAt" is a string where a write result {ok, updatedAt} was expected.',
    },
    {
      name: 'getSkill',
      method: 'get',
      path: '/workspace/ws_1/skills/x',
      call: (h) => openwork.getSkill(h, 'ws_1', 'x'),
      incomplete: { content: '---' },
      message:
        'GET /workspace/{id}/skills/{name} answered an object without "item" where a skill {item, content} was expected.',
    },
    {
      name: 'saveSkill',
      method: 'post',
      path: '/workspace/ws_1/skills',
      call: (h) => openwork.saveSkill(h, 'ws_1', { name: 'x', content: 'c' }),
      incomplete: { ok: true },
      message:
        'POST /workspace/{id}/skills answered an object without "name" where a skill {name, path, description} was expected.',
    },
    {
      name: 'getWorkspaceConfig',
      method: 'get',
      path: '/workspace/ws_1/config',
      call: (h) => openwork.getWorkspaceConfig(h, 'ws_1'),
      incomplete: { updatedAt: 1 },
      message:
        'GET /workspace/{id}/config answered an object without "opencode" where a config {opencode, openwork, updatedAt} was expected.',
    },
    {
      name: 'reloadEngine',
      method: 'post',
      path: '/workspace/ws_1/engine/reload',
      call: (h) => openwork.reloadEngine(h, 'ws_1'),
      incomplete: {},
      message:
        'POST /workspace/{id}/engine/reload answered an object without "ok" where an answer {ok, reloadedAt} was expected.',
    },
    {
      name: 'replyHostApproval',
      method: 'post',
      path: '/approvals/ap_1',
      call: (h) => openwork.replyHostApproval(h, 'ap_1', 'allow'),
      incomplete: { allowed: true },
      message: 'POST /approvals/{id} answered an object without "ok" where an answer {ok, allowed} was expected.',
    },
  ];

  describe.each(objects)('$name', ({ method, path, call, incomplete, message }) => {
    it('an answer missing what the app needs is a bad-response naming the route and the field', async () => {
      route(method, path, () => HttpResponse.json(incomplete));
      const error = await rejection(call(host));
      expect(error.code).toBe('bad-response');
      expect(error.message).toBe(message);
      expect(error.nextStep).toContain('update OpenWork or this app');
    });

    it.each([
      ['null', null, 'null'],
      ['a list', [1], 'a list'],
      ['a number', 3, 'a number'],
    ] as const)('answering %s is a bad-response', async (_, body, said) => {
      route(method, path, () => HttpResponse.json(body));
      const error = await rejection(call(host));
      expect(error.code).toBe('bad-response');
      expect(error.message).toMatch(
        new RegExp(`^${method.toUpperCase()} \\S+ answered ${said} where .+ was expected\\.$`),
      );
    });

    it('answering nothing (an empty 200) is a bad-response', async () => {
      route(method, path, () => new HttpResponse(null, { status: 200 }));
      const error = await rejection(call(host));
      expect(error.code).toBe('bad-response');
      expect(error.message).toContain('answered nothing where');
    });
  });

  it('capabilities: blocks of the wrong type are dropped, permissions that are not true read as false, unknown blocks are kept', async () => {
    route('get', '/capabilities', () =>
      HttpResponse.json({
        skills: true,
        plugins: { read: 'yes', write: true },
        approvals: { mode: 'sometimes' },
        proxy: { opencode: 'yes' },
        sandbox: { enabled: true },
      }),
    );
    await expect(openwork.getCapabilities(host)).resolves.toEqual({
      plugins: { read: false, write: true },
      approvals: { mode: 'manual', timeoutMs: openwork.DEFAULT_APPROVAL_TIMEOUT_MS },
      proxy: {},
      sandbox: { enabled: true },
    });
  });

  it('an empty capabilities object is valid: the host offers nothing', async () => {
    route('get', '/capabilities', () => HttpResponse.json({}));
    await expect(openwork.getCapabilities(host)).resolves.toEqual({});
  });

  it('whoami without ok, and a file without bytes, are repaired rather than refused', async () => {
    route('get', '/whoami', () => HttpResponse.json({ actor: { type: 'remote', scope: 'owner', tokenHash: 'h' } }));
    route('get', '/workspace/ws_1/files/content', () => HttpResponse.json({ content: 'héllo', updatedAt: 5 }));
    await expect(openwork.whoami(host)).resolves.toEqual({ ok: true, actor: { type: 'remote', scope: 'owner' } });
    await expect(openwork.readWorkspaceFile(host, 'ws_1', 'docs/a.md')).resolves.toEqual({
      path: 'docs/a.md',
      content: 'héllo',
      bytes: 6,
      updatedAt: 5,
    });
  });

  it('deletes whose answers nothing reads accept any answer', async () => {
    route('delete', '/workspace/ws_1/skills/x', () => HttpResponse.json(null));
    route('delete', '/workspace/ws_1/commands/x', () => new HttpResponse(null, { status: 200 }));
    await expect(openwork.deleteSkill(host, 'ws_1', 'x')).resolves.toBeNull();
    await expect(openwork.deleteCommand(host, 'ws_1', 'x')).resolves.toBeUndefined();
  });
});

describe('describeOpenworkWriteError', () => {
  const extensions = { timeoutMs: 30_000, failed: 'Not done', kept: 'input' } as const;
  const files = {
    timeoutMs: 45_000,
    failed: 'Not saved',
    kept: 'text',
    what: 'the write',
    keptAlways: true,
    retryWhen: "when the host's owner is there",
  } as const;

  /** The error a write gets when the host answers `status` with `{code, message, details}`. */
  async function failedWrite(status: number, code: string, details?: Record<string, unknown>) {
    route('post', '/workspace/ws_1/skills', () => openworkError(status, code, code, details));
    return rejection(openwork.saveSkill(host, 'ws_1', { name: 'x', content: 'c' }));
  }

  it.each([
    [
      403,
      'write_denied',
      { reason: 'timeout' },
      'Not done: nobody approved it on the host within 30 s. Your input is kept; try again.',
      "Not saved: nobody approved the write on the host within 45 s. Your text is kept; try again when the host's owner is there.",
    ],
    [
      403,
      'write_denied',
      { reason: 'denied' },
      "Not done: the host's owner denied it. Your input is kept.",
      "Not saved: the host's owner denied the write. Your text is kept.",
    ],
    [
      403,
      'read_only',
      undefined,
      'Not done: this host is read-only.',
      'Not saved: this host is read-only. Your text is kept.',
    ],
    [
      403,
      'forbidden',
      undefined,
      'Not done: this token may only read. Ask the host owner for a collaborator token.',
      'Not saved: this token may only read. Ask the host owner for a collaborator token. Your text is kept.',
    ],
    [
      413,
      'file_too_large',
      undefined,
      'Not done: the file is larger than the host accepts (5 MB).',
      'Not saved: the file is larger than the host accepts (5 MB). Your text is kept.',
    ],
  ])('%i %s %j: words it for extensions and for files', async (status, code, details, forExtensions, forFiles) => {
    const error = await failedWrite(status, code, details);
    expect(openwork.describeOpenworkWriteError(error, extensions)).toBe(forExtensions);
    expect(openwork.describeOpenworkWriteError(error, files)).toBe(forFiles);
  });

  it('a timeout on a host that publishes no approval timeout names no number it would have to guess', async () => {
    const error = await failedWrite(403, 'write_denied', { reason: 'timeout' });
    expect(openwork.describeOpenworkWriteError(error, { ...extensions, timeoutMs: undefined })).toBe(
      'Not done: nobody approved it on the host in time. Your input is kept; try again.',
    );
  });

  it('any other failure says what failed and the next step (files add that the text is kept)', async () => {
    const error = await failedWrite(500, 'internal', undefined);
    expect(openwork.describeOpenworkWriteError(error, extensions)).toBe(
      "Not done: POST /workspace/ws_1/skills answered 500: internal. The host had a problem; try again shortly. If it keeps happening, check the host's logs.",
    );
    expect(openwork.describeOpenworkWriteError(error, files)).toMatch(
      /^Not saved: POST \/workspace\/ws_1\/skills answered 500: internal\. .+ Your text is kept\.$/,
    );
    expect(openwork.describeOpenworkWriteError(new Error('offline'), extensions)).toBe('Not done: offline');
  });
});

describe('listWorkspaces', () => {
  it('reads items (or workspaces) and the active id', async () => {
    route('get', '/workspaces', () =>
      HttpResponse.json({ workspaces: [{ id: 'ws_2', displayName: 'Second' }, { name: 'no id' }], activeId: 'ws_2' }),
    );
    await expect(listWorkspaces(host)).resolves.toEqual({ items: [{ id: 'ws_2', name: 'Second' }], activeId: 'ws_2' });
  });

  it.each([{}, null, [], { items: 'ws_1' }])('refuses %j with a bad-response naming GET /workspaces', async (body) => {
    route('get', '/workspaces', () => HttpResponse.json(body));
    const error = await rejection(listWorkspaces(host));
    expect(error.code).toBe('bad-response');
    expect(error.message).toMatch(/^GET \/workspaces answered .+ where a list of workspaces was expected\.$/);
  });
});
