import { http, HttpResponse, type JsonBodyType } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { buildHost } from '@/testing/builders';
import { buildOpenworkHost, OPENWORK_URL, openworkError, seen, type SeenRequest } from '@/testing/openwork';
import { server } from '@/testing/server';
import { rejection } from '@/testing/errors';
import * as openwork from './openwork';
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

const skill = { name: 'release-notes', path: '/ws/.opencode/skills/release-notes/SKILL.md', description: 'Release notes', scope: 'project' };
const plugins = { items: [{ spec: 'opencode-wakatime@1.2.0', source: 'config', scope: 'project' }], loadOrder: [] };
const mcp = { items: [{ name: 'github', config: { type: 'local', command: ['npx', 'server-github'] }, source: 'config.project' }] };
const commands = { items: [{ name: 'review', template: 'Review $ARGUMENTS', model: null, scope: 'workspace' }] };
const approval = { id: 'ap_1', workspaceId: 'ws_1', action: 'workspace.file.write', summary: 'Write notes.md', paths: ['/Users/x/Main/notes.md'], createdAt: 1, actor: { type: 'remote', clientId: 'pwa-1234', scope: 'collaborator' } };

const cases: Case[] = [
  { name: 'getCapabilities', method: 'get', path: '/capabilities', call: (h) => openwork.getCapabilities(h), response: { skills: { read: true, write: true } }, result: { skills: { read: true, write: true } } },
  { name: 'whoami', method: 'get', path: '/whoami', call: (h) => openwork.whoami(h), response: { ok: true, actor: { type: 'remote', scope: 'collaborator' } }, result: { ok: true, actor: { type: 'remote', scope: 'collaborator' } } },
  { name: 'getWorkspaces', method: 'get', path: '/workspaces', call: (h) => openwork.getWorkspaces(h), response: { items: [{ id: 'ws_1', name: 'Main' }], activeId: 'ws_1' }, result: { items: [{ id: 'ws_1', name: 'Main' }], activeId: 'ws_1' } },
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
    call: (h) => openwork.writeWorkspaceFile(h, 'ws_1', { path: 'notes.md', content: 'new', baseUpdatedAt: 1000, force: true }),
    body: { path: 'notes.md', content: 'new', baseUpdatedAt: 1000, force: true },
    response: { ok: true, path: 'notes.md', bytes: 3, updatedAt: 2000, revision: '2000:3' },
    result: { ok: true, path: 'notes.md', bytes: 3, updatedAt: 2000, revision: '2000:3' },
  },
  { name: 'listSkills', method: 'get', path: '/workspace/ws_1/skills', call: (h) => openwork.listSkills(h, 'ws_1'), response: { items: [skill] }, result: [skill] },
  { name: 'getSkill', method: 'get', path: '/workspace/ws_1/skills/release-notes', call: (h) => openwork.getSkill(h, 'ws_1', 'release-notes'), response: { item: skill, content: '---' }, result: { item: skill, content: '---' } },
  {
    name: 'saveSkill',
    method: 'post',
    path: '/workspace/ws_1/skills',
    call: (h) => openwork.saveSkill(h, 'ws_1', { name: 'release-notes', content: '---\nname: release-notes\n---', description: 'Release notes' }),
    body: { name: 'release-notes', content: '---\nname: release-notes\n---', description: 'Release notes' },
    response: skill,
    result: skill,
  },
  { name: 'deleteSkill', method: 'delete', path: '/workspace/ws_1/skills/release-notes', call: (h) => openwork.deleteSkill(h, 'ws_1', 'release-notes'), response: { ok: true, name: 'release-notes', path: '/x' }, result: { ok: true, name: 'release-notes', path: '/x' } },
  { name: 'listPlugins', method: 'get', path: '/workspace/ws_1/plugins', call: (h) => openwork.listPlugins(h, 'ws_1'), response: plugins, result: plugins.items },
  { name: 'addPlugin', method: 'post', path: '/workspace/ws_1/plugins', call: (h) => openwork.addPlugin(h, 'ws_1', 'opencode-wakatime@1.2.0'), body: { spec: 'opencode-wakatime@1.2.0' }, response: plugins, result: plugins.items },
  // A scoped npm name is one path segment: `/` and `@` are encoded.
  { name: 'removePlugin', method: 'delete', path: '/workspace/ws_1/plugins/%40acme%2Fplugin', call: (h) => openwork.removePlugin(h, 'ws_1', '@acme/plugin'), response: { items: [], loadOrder: [] }, result: [] },
  { name: 'listMcpServers', method: 'get', path: '/workspace/ws_1/mcp', call: (h) => openwork.listMcpServers(h, 'ws_1'), response: mcp, result: mcp.items },
  {
    name: 'addMcpServer',
    method: 'post',
    path: '/workspace/ws_1/mcp',
    call: (h) => openwork.addMcpServer(h, 'ws_1', { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.com' } }),
    body: { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.com' } },
    response: mcp,
    result: mcp.items,
  },
  { name: 'removeMcpServer', method: 'delete', path: '/workspace/ws_1/mcp/github', call: (h) => openwork.removeMcpServer(h, 'ws_1', 'github'), response: { items: [] }, result: [] },
  { name: 'listCommands', method: 'get', path: '/workspace/ws_1/commands', call: (h) => openwork.listCommands(h, 'ws_1'), response: commands, result: commands.items },
  {
    name: 'saveCommand',
    method: 'post',
    path: '/workspace/ws_1/commands',
    call: (h) => openwork.saveCommand(h, 'ws_1', { name: 'review', template: 'Review $ARGUMENTS', description: 'Review' }),
    body: { name: 'review', template: 'Review $ARGUMENTS', description: 'Review' },
    response: commands,
    result: commands.items,
  },
  { name: 'deleteCommand', method: 'delete', path: '/workspace/ws_1/commands/review', call: (h) => openwork.deleteCommand(h, 'ws_1', 'review'), response: { ok: true }, result: { ok: true } },
  {
    name: 'getWorkspaceConfig',
    method: 'get',
    path: '/workspace/ws_1/config',
    call: (h) => openwork.getWorkspaceConfig(h, 'ws_1'),
    response: { opencode: { model: 'x' }, openwork: {}, updatedAt: null },
    result: { opencode: { model: 'x' }, openwork: {}, updatedAt: null },
  },
  { name: 'listAudit', method: 'get', path: '/workspace/ws_1/audit', query: { limit: '50' }, call: (h) => openwork.listAudit(h, 'ws_1'), response: { items: [] }, result: [] },
  { name: 'reloadEngine', method: 'post', path: '/workspace/ws_1/engine/reload', call: (h) => openwork.reloadEngine(h, 'ws_1'), body: { force: false }, response: { ok: true, reloadedAt: 5 }, result: { ok: true, reloadedAt: 5 } },
  { name: 'listHostApprovals', method: 'get', path: '/approvals', call: (h) => openwork.listHostApprovals(h), response: { items: [approval] }, result: [approval] },
  { name: 'replyHostApproval', method: 'post', path: '/approvals/ap_1', call: (h) => openwork.replyHostApproval(h, 'ap_1', 'allow'), body: { reply: 'allow' }, response: { ok: true, allowed: true }, result: { ok: true, allowed: true } },
];

describe('OpenWork host API: requests', () => {
  it.each(cases)('$name sends $method $path with the bearer token and a client id', async ({ method, path, call, response, result, body, query }) => {
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
  });

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
    const write = route('post', '/workspace/ws_1/files/content', () => HttpResponse.json({ ok: true, path: 'a.md', bytes: 0, updatedAt: 1 }));

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
    await openwork.saveSkill(host, 'ws_1', { name: 'a', content: 'x' }, { approvals: { mode: 'manual', timeoutMs: 60_000 } });
    expect(timeout).toHaveBeenLastCalledWith(70_000);
    await openwork.saveSkill(host, 'ws_1', { name: 'a', content: 'x' });
    expect(timeout).toHaveBeenLastCalledWith(40_000);
  });
});

describe('writeTimeoutMs', () => {
  it('is the host approval timeout plus 10 s, with the 30 s default when the host publishes none', () => {
    expect(openwork.writeTimeoutMs({ approvals: { mode: 'manual', timeoutMs: 45_000 } })).toBe(55_000);
    expect(openwork.writeTimeoutMs({ approvals: { mode: 'auto', timeoutMs: 1_000 } })).toBe(11_000);
    expect(openwork.writeTimeoutMs({})).toBe(40_000);
    expect(openwork.writeTimeoutMs(undefined)).toBe(openwork.DEFAULT_APPROVAL_TIMEOUT_MS + 10_000);
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
    const create = route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_1', workspaceId: 'ws_1', createdAt: 0, expiresAt: 60_000, ttlMs: 60_000, canWrite: false } }));
    const read = route('get', '/files/sessions/fs_1/catalog/snapshot', () => HttpResponse.json(snapshot));
    const close = route('delete', '/files/sessions/fs_1', () => HttpResponse.json({ ok: true }));

    await expect(openwork.listCatalog(host, 'ws_1', 'src/')).resolves.toEqual({ items: snapshot.items, truncated: false });

    expect(create[0]?.body).toEqual({ write: false, ttlSeconds: 60 });
    expect(create[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(Object.fromEntries(read[0]?.url.searchParams ?? [])).toEqual({ prefix: 'src/', includeDirs: 'true', limit: '2000', excludeHeavyDirectories: 'true' });
    expect(read[0]?.headers.get('authorization')).toBe('Bearer client-token');
    await vi.waitFor(() => expect(close).toHaveLength(1));
    expect(close[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('omits the prefix for the workspace root', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_2' } }));
    const read = route('get', '/files/sessions/fs_2/catalog/snapshot', () => HttpResponse.json({ ...snapshot, truncated: true }));
    const close = route('delete', '/files/sessions/fs_2', () => HttpResponse.json({ ok: true }));
    await expect(openwork.listCatalog(host, 'ws_1', '')).resolves.toMatchObject({ truncated: true });
    expect(read[0]?.url.searchParams.has('prefix')).toBe(false);
    await vi.waitFor(() => expect(close).toHaveLength(1));
  });

  it('still closes the session when the snapshot fails, and reports the snapshot error', async () => {
    route('post', '/workspace/ws_1/files/sessions', () => HttpResponse.json({ session: { id: 'fs_3' } }));
    route('get', '/files/sessions/fs_3/catalog/snapshot', () => openworkError(404, 'file_session_not_found', 'File session not found'));
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
    route('post', '/workspace/ws_1/files/content', () => openworkError(403, 'write_denied', 'Write request denied', { requestId: 'ap_9', reason }));
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
    route('get', '/workspace/ws_1/audit', () => new HttpResponse('<!doctype html><p>Not found</p>', { status: 404, headers: { 'content-type': 'text/html' } }));
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
    route('post', '/workspace/ws_1/files/content', () => openworkError(409, 'conflict', 'File changed', { baseUpdatedAt: 1000, currentUpdatedAt: 2000 }));
    const error = await rejection(openwork.writeWorkspaceFile(host, 'ws_1', { path: 'a.md', content: 'x', baseUpdatedAt: 1000 }));
    expect(error.code).toBe('conflict');
    expect(openwork.openworkErrorCode(error)).toBe('conflict');
    expect(openwork.openworkErrorDetails(error)).toEqual({ baseUpdatedAt: 1000, currentUpdatedAt: 2000 });
  });

  it('413 file_too_large → code and size details readable', async () => {
    route('get', '/workspace/ws_1/files/content', () => openworkError(413, 'file_too_large', 'File too large', { maxBytes: 5_000_000, size: 6_000_000 }));
    const error = await rejection(openwork.readWorkspaceFile(host, 'ws_1', 'big.log'));
    expect(error.status).toBe(413);
    expect(openwork.openworkErrorCode(error)).toBe('file_too_large');
    expect(openwork.openworkErrorDetails(error)).toEqual({ maxBytes: 5_000_000, size: 6_000_000 });
  });

  it('400 invalid_path → code readable, message kept', async () => {
    route('get', '/workspace/ws_1/files/content', () => openworkError(400, 'invalid_path', 'Path traversal is not allowed'));
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
    const opencode = buildHost({ url: OPENWORK_URL, workspaceId: 'ws_1', credentials: { token: 'client-token' } });
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
