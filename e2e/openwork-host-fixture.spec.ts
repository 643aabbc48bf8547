/**
 * Checks the OpenWork host fixture (fixtures/openwork-host.mjs) against the host API upstream
 * OpenWork (openwork-server) ships: discovery, auth, CORS, workspace writes with the
 * approval gate, files, and the streaming proxy to the real OpenCode from global setup.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';

type Host = Awaited<ReturnType<typeof startOpenworkHost>>;
type Json = Record<string, unknown>;
interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}
interface ErrorJson {
  code: string;
  message: string;
  details?: Json;
}
interface WorkspaceJson {
  id: string;
  name: string;
  path: string;
  directory: string;
  preset: string;
  workspaceType: string;
  baseUrl?: string;
  opencode?: { baseUrl?: string; directory: string };
}
interface ApprovalJson {
  id: string;
  workspaceId: string;
  action: string;
  summary: string;
  paths: string[];
  createdAt: number;
  actor: { type: string; clientId?: string; tokenHash: string; scope: string };
}
interface CatalogJson {
  items: { path: string; kind: string; size: number; mtimeMs: number; revision: string }[];
  total: number;
  truncated: boolean;
  nextAfter?: string;
  skippedDirectories: string[];
}

const opencodeUrl = inject('opencodeUrl');
const workspaceDir = inject('workspaceDir');
const ALLOWED = 'http://allowed.test:5173';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CallOptions {
  token?: string | null; // default: the collaborator token; null = no Authorization header
  hostToken?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function call<T = Json>(base: string, method: string, p: string, opts: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? 'client-token' : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.hostToken) headers['X-OpenWork-Host-Token'] = opts.hostToken;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(base + p, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (raw file bytes): keep the text.
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(25);
  }
}

/** The one pending approval of `host` (waits until the held write has registered it). */
async function nextApproval(host: Host): Promise<ApprovalJson> {
  return waitFor(async () => {
    const { body } = await call<{ items: ApprovalJson[] }>(host.url, 'GET', '/approvals', {
      token: null,
      hostToken: 'host-token',
    });
    return body.items.length === 1 ? body.items[0] : undefined;
  });
}

/** 'held' if the request has not answered within `ms`. */
async function stillHeld(request: Promise<unknown>, ms = 200): Promise<boolean> {
  return (await Promise.race([request.then(() => 'answered'), sleep(ms).then(() => 'held')])) === 'held';
}

const readJsonFile = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Json;

let scratch: string; // temp workspace (no engine)
let scratchId: string;
let engineId: string; // the global-setup OpenCode workspace
let manual: Host; // manual approvals, one listed CORS origin, owner + viewer tokens
let auto: Host; // auto approvals, CORS '*'
const extraHosts: Host[] = [];

async function startExtra(options: Parameters<typeof startOpenworkHost>[0]): Promise<Host> {
  const host = await startOpenworkHost(options);
  extraHosts.push(host);
  return host;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'owpwa-host-fixture-'));
  for (const dir of ['docs', 'src', '.git', 'node_modules/pkg'])
    await mkdir(path.join(scratch, dir), { recursive: true });
  await writeFile(path.join(scratch, 'README.md'), '# scratch\n');
  await writeFile(path.join(scratch, 'docs/guide.md'), 'guide\n');
  await writeFile(path.join(scratch, 'src/app.ts'), 'export {};\n');
  await writeFile(path.join(scratch, '.git/HEAD'), 'ref: refs/heads/main\n');
  await writeFile(path.join(scratch, 'node_modules/pkg/index.js'), '\n');
  await writeFile(
    path.join(scratch, 'opencode.json'),
    JSON.stringify({ $schema: 'https://opencode.ai/config.json', plugin: ['existing-plugin'] }),
  );
  const workspaces = [
    { name: 'Scratch', path: scratch },
    { name: 'Engine', path: workspaceDir, opencodeUrl },
  ];
  manual = await startOpenworkHost({
    workspaces,
    corsOrigins: [ALLOWED],
    ownerToken: 'owner-token',
    viewerToken: 'viewer-token',
  });
  auto = await startOpenworkHost({ workspaces, approval: { mode: 'auto' }, viewerToken: 'viewer-token' });
  scratchId = `ws_${sha256(scratch).slice(0, 12)}`;
  engineId = `ws_${sha256(workspaceDir).slice(0, 12)}`;
});

afterAll(async () => {
  await Promise.all([manual?.close(), auto?.close(), ...extraHosts.map((h) => h.close())]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('discovery and auth', () => {
  it('answers /health without auth, also under /w/:id', async () => {
    for (const p of ['/health', `/w/${engineId}/health`]) {
      const res = await call(manual.url, 'GET', p, { token: null });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        ok: true,
        version: '0.11.0-fixture',
        opencodeVersion: expect.any(String),
        uptimeMs: expect.any(Number),
      });
    }
    expect((await call<ErrorJson>(manual.url, 'GET', '/w/ws_nope/health', { token: null })).body.code).toBe(
      'workspace_not_found',
    );
  });

  it('refuses bad bearer and host credentials with the reference 401 bodies', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await call(manual.url, 'GET', '/workspaces', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'unauthorized', message: 'Invalid bearer token' });
      expect(res.headers.get('www-authenticate')).toBeNull();
    }
    expect(
      (await call(manual.url, 'GET', '/workspaces', { headers: { Authorization: 'bEaReR client-token' }, token: null }))
        .status,
    ).toBe(200);
    // Host routes: a collaborator bearer is not enough; the host header or an owner bearer is.
    const denied = await call(manual.url, 'GET', '/approvals');
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({ code: 'unauthorized', message: 'Invalid host token' });
    expect((await call(manual.url, 'POST', `/workspaces/${engineId}/activate`, { hostToken: 'nope' })).body).toEqual({
      code: 'unauthorized',
      message: 'Invalid host token',
    });
    expect((await call(manual.url, 'GET', '/approvals', { token: null, hostToken: 'host-token' })).body).toEqual({
      items: [],
    });
    expect((await call(manual.url, 'GET', '/approvals', { token: 'owner-token' })).status).toBe(200);
    // Unknown routes, and host routes under the /w mount, are plain 404 not_found.
    for (const p of ['/nope', `/w/${engineId}/approvals`, `/w/${engineId}/workspace/${scratchId}/skills`]) {
      const res = await call<ErrorJson>(manual.url, 'GET', p);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });

  it('reports capabilities, whoami and status', async () => {
    const caps = await call<Json>(manual.url, 'GET', '/capabilities');
    expect(caps.body).toMatchObject({
      schemaVersion: 1,
      serverVersion: '0.11.0-fixture',
      skills: { read: true, write: true, source: 'openwork' },
      plugins: { read: true, write: true },
      mcp: { read: true, write: true },
      commands: { read: true, write: true },
      config: { read: true, write: true },
      approvals: { mode: 'manual', timeoutMs: 30000 },
      tokens: { scoped: true, scopes: ['owner', 'collaborator', 'viewer'] },
      proxy: { opencode: true },
    });
    expect((await call(auto.url, 'GET', `/w/${scratchId}/capabilities`)).body).toMatchObject({
      approvals: { mode: 'auto', timeoutMs: 30000 },
    });
    const who = await call(manual.url, 'GET', '/whoami', {
      token: 'viewer-token',
      headers: { 'X-OpenWork-Client-Id': 'phone-1' },
    });
    expect(who.body).toEqual({
      ok: true,
      actor: { type: 'remote', clientId: 'phone-1', tokenHash: sha256('viewer-token'), scope: 'viewer' },
    });
    const status = await call<Json>(manual.url, 'GET', '/status');
    expect(status.body).toMatchObject({
      ok: true,
      readOnly: false,
      workspaceCount: 2,
      activeWorkspaceId: scratchId,
      corsOrigins: [ALLOWED],
    });
    expect((await call(manual.url, 'GET', `/w/${engineId}/status`)).body).toMatchObject({
      workspaceCount: 1,
      activeWorkspaceId: engineId,
    });
  });

  it('lists workspaces with the active one first, and activates (host auth)', async () => {
    const { body } = await call<{ items: WorkspaceJson[]; workspaces: WorkspaceJson[]; activeId: string }>(
      manual.url,
      'GET',
      '/workspaces',
    );
    expect(body.activeId).toBe(scratchId);
    expect(body.workspaces).toEqual(body.items);
    expect(body.items.map((w) => w.id)).toEqual([scratchId, engineId]);
    expect(body.items[1]).toMatchObject({
      name: 'Engine',
      path: workspaceDir,
      workspaceType: 'local',
      baseUrl: opencodeUrl,
      directory: workspaceDir,
      opencode: { baseUrl: opencodeUrl, directory: workspaceDir },
    });
    const mounted = await call<{ items: WorkspaceJson[]; activeId: string }>(
      manual.url,
      'GET',
      `/w/${engineId}/workspaces`,
    );
    expect(mounted.body.items.map((w) => w.id)).toEqual([engineId]);
    expect(mounted.body.activeId).toBe(engineId);

    const host = await startExtra({
      workspaces: [
        { name: 'A', path: scratch },
        { name: 'B', path: workspaceDir, id: 'ws_custom' },
      ],
    });
    const activated = await call<{ activeId: string; workspace: WorkspaceJson }>(
      host.url,
      'POST',
      '/workspaces/ws_custom/activate',
      { token: null, hostToken: 'host-token' },
    );
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ activeId: 'ws_custom', workspace: { id: 'ws_custom' }, persisted: false });
    const after = await call<{ items: WorkspaceJson[]; activeId: string }>(host.url, 'GET', '/workspaces');
    expect(after.body.items.map((w) => w.id)).toEqual(['ws_custom', scratchId]);
    expect(
      (await call<ErrorJson>(host.url, 'POST', '/workspaces/ws_nope/activate', { hostToken: 'host-token' })).body.code,
    ).toBe('workspace_not_found');
  });
});

describe('CORS', () => {
  it('echoes a listed origin with Vary, adds nothing for others, answers OPTIONS with 204 before auth', async () => {
    const ok = await call(manual.url, 'GET', '/health', { token: null, headers: { Origin: ALLOWED } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('vary')).toBe('Origin');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(
      /^Authorization, Content-Type, X-OpenWork-Host-Token, X-OpenWork-Client-Id, X-OpenCode-Directory/,
    );
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect(ok.headers.get('access-control-max-age')).toBeNull();

    const other = await call(manual.url, 'GET', '/health', { token: null, headers: { Origin: 'http://evil.test' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-methods')).toBeNull();

    const preflight = await call(manual.url, 'OPTIONS', `/workspace/${scratchId}/skills`, {
      token: null,
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const blocked = await call(manual.url, 'OPTIONS', '/anything/at/all', {
      token: null,
      headers: { Origin: 'http://evil.test' },
    });
    expect(blocked.status).toBe(204);
    expect(blocked.headers.get('access-control-allow-origin')).toBeNull();

    // Error bodies are readable cross-origin too; '*' allows every origin.
    const unauthorized = await call(manual.url, 'GET', '/workspaces', { token: null, headers: { Origin: ALLOWED } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const star = await call(auto.url, 'GET', '/health', { token: null, headers: { Origin: 'http://evil.test' } });
    expect(star.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('workspace writes (auto approval)', () => {
  it('creates, reads and deletes a skill in .opencode/skills; validates name and description', async () => {
    const created = await call(auto.url, 'POST', `/workspace/${scratchId}/skills`, {
      body: { name: 'hello-skill', content: 'Say hello.\n', description: 'Greets people' },
    });
    const file = path.join(scratch, '.opencode/skills/hello-skill/SKILL.md');
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ name: 'hello-skill', path: file, description: 'Greets people', scope: 'project' });
    expect(await readFile(file, 'utf8')).toBe('---\nname: hello-skill\ndescription: Greets people\n---\nSay hello.\n');
    const listed = await call<{ items: { name: string }[] }>(auto.url, 'GET', `/workspace/${scratchId}/skills`);
    expect(listed.body.items.map((s) => s.name)).toContain('hello-skill');
    expect((await call(auto.url, 'GET', `/workspace/${scratchId}/skills/hello-skill`)).body).toMatchObject({
      item: { name: 'hello-skill' },
      content: expect.stringContaining('Say hello.'),
    });

    const badName = await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/skills`, {
      body: { name: 'Hello_Skill', content: 'x', description: 'd' },
    });
    expect(badName.status).toBe(400);
    expect(badName.body.code).toBe('invalid_skill_name');
    const mismatch = await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/skills`, {
      body: { name: 'a-skill', content: '---\nname: other\ndescription: d\n---\nbody' },
    });
    expect(mismatch.body.code).toBe('invalid_skill_name');
    const noDescription = await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/skills`, {
      body: { name: 'a-skill', content: 'body' },
    });
    expect(noDescription.status).toBe(422);
    expect(noDescription.body.code).toBe('invalid_description');

    expect((await call(auto.url, 'DELETE', `/workspace/${scratchId}/skills/hello-skill`)).body).toEqual({
      ok: true,
      name: 'hello-skill',
      path: file,
    });
    expect(existsSync(file)).toBe(false);
    expect((await call<ErrorJson>(auto.url, 'GET', `/workspace/${scratchId}/skills/hello-skill`)).body.code).toBe(
      'skill_not_found',
    );
    expect(
      auto
        .audit(scratchId)
        .map((e) => e.action)
        .slice(0, 2),
    ).toEqual(['skills.delete', 'skills.upsert']);
  });

  it('adds and removes plugins in the opencode.json plugin array (duplicates are a no-op)', async () => {
    const configFile = path.join(scratch, 'opencode.json');
    const added = await call<{ items: { spec: string; source: string }[]; loadOrder: string[] }>(
      auto.url,
      'POST',
      `/workspace/${scratchId}/plugins`,
      { body: { spec: 'opencode-demo@1.0.0' } },
    );
    expect(added.status).toBe(200);
    expect(added.body.items.map((i) => i.spec)).toEqual(['existing-plugin', 'opencode-demo@1.0.0']);
    expect(await readJsonFile(configFile)).toEqual({
      $schema: 'https://opencode.ai/config.json',
      plugin: ['existing-plugin', 'opencode-demo@1.0.0'],
    });
    await call(auto.url, 'POST', `/workspace/${scratchId}/plugins`, { body: { spec: 'opencode-demo@2.0.0' } });
    expect((await readJsonFile(configFile)).plugin).toEqual(['existing-plugin', 'opencode-demo@1.0.0']);
    const empty = await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/plugins`, { body: { spec: '  ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('invalid_plugin_spec');
    const removed = await call<{ items: { spec: string }[] }>(
      auto.url,
      'DELETE',
      `/workspace/${scratchId}/plugins/opencode-demo`,
    );
    expect(removed.body.items.map((i) => i.spec)).toEqual(['existing-plugin']);
    expect((await readJsonFile(configFile)).plugin).toEqual(['existing-plugin']);
    const [latest] = (await call<{ items: Json[] }>(auto.url, 'GET', `/workspace/${scratchId}/audit?limit=1`)).body
      .items;
    expect(latest).toMatchObject({
      workspaceId: scratchId,
      action: 'plugins.remove',
      target: 'opencode-demo',
      actor: { type: 'remote', scope: 'collaborator' },
    });
  });

  it('edits mcp, commands and config', async () => {
    const mcp = await call<{ items: Json[] }>(auto.url, 'POST', `/workspace/${scratchId}/mcp`, {
      body: { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.invalid' } },
    });
    expect(mcp.body.items).toEqual([
      { name: 'docs', config: { type: 'remote', url: 'https://mcp.example.invalid' }, source: 'config.project' },
    ]);
    expect(
      (
        await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/mcp`, {
          body: { name: 'bad', config: { type: 'local', command: [] } },
        })
      ).body.code,
    ).toBe('invalid_mcp_config');
    expect(
      (
        await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/mcp`, {
          body: { name: '-bad', config: { type: 'remote', url: 'x' } },
        })
      ).body.code,
    ).toBe('invalid_mcp_name');
    expect((await call<{ items: Json[] }>(auto.url, 'DELETE', `/workspace/${scratchId}/mcp/docs`)).body.items).toEqual(
      [],
    );

    const cmd = await call<{ items: Json[] }>(auto.url, 'POST', `/workspace/${scratchId}/commands`, {
      body: { name: '/greet', template: 'Say hi to $ARGUMENTS', description: 'Greet someone', subtask: true },
    });
    expect(cmd.body.items).toEqual([
      {
        name: 'greet',
        description: 'Greet someone',
        template: 'Say hi to $ARGUMENTS',
        model: null,
        subtask: true,
        scope: 'workspace',
      },
    ]);
    expect(await readFile(path.join(scratch, '.opencode/commands/greet.md'), 'utf8')).toBe(
      '---\ndescription: Greet someone\nsubtask: true\n---\nSay hi to $ARGUMENTS\n',
    );
    expect(
      (
        await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/commands`, {
          body: { name: 'bad name', template: 't' },
        })
      ).body.code,
    ).toBe('invalid_command_name');
    expect(
      (
        await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/commands`, {
          body: { name: 'ok', template: ' ' },
        })
      ).body.code,
    ).toBe('invalid_command_template');
    expect((await call(auto.url, 'DELETE', `/workspace/${scratchId}/commands/greet`)).body).toEqual({ ok: true });
    expect(existsSync(path.join(scratch, '.opencode/commands/greet.md'))).toBe(false);

    const patched = await call<{ updatedAt: number }>(auto.url, 'PATCH', `/workspace/${scratchId}/config`, {
      body: { opencode: { theme: 'fixture' }, openwork: { note: 1 } },
    });
    expect(patched.body.updatedAt).toEqual(expect.any(Number));
    const config = await call<{ opencode: Json; openwork: Json }>(auto.url, 'GET', `/workspace/${scratchId}/config`);
    expect(config.body.opencode).toMatchObject({ theme: 'fixture', plugin: ['existing-plugin'] });
    expect(config.body.openwork).toEqual({ note: 1 });
    expect((await call<ErrorJson>(auto.url, 'PATCH', `/workspace/${scratchId}/config`, { body: {} })).body.code).toBe(
      'invalid_payload',
    );
    expect(
      (await call<ErrorJson>(auto.url, 'PATCH', `/workspace/${scratchId}/config`, { body: '{oops' })).body.code,
    ).toBe('invalid_json');
    expect((await call(auto.url, 'GET', `/workspace/${scratchId}/opencode-config`)).body).toMatchObject({
      exists: true,
      content: expect.stringContaining('"theme": "fixture"'),
    });
    expect((await call<ErrorJson>(auto.url, 'GET', '/workspace/ws_nope/config')).body.code).toBe('workspace_not_found');
  });

  it('needs collaborator scope for writes and refuses them when read-only', async () => {
    const viewer = await call<ErrorJson>(auto.url, 'POST', `/workspace/${scratchId}/plugins`, {
      token: 'viewer-token',
      body: { spec: 'x' },
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body).toEqual({
      code: 'forbidden',
      message: 'Insufficient token scope',
      details: { required: 'collaborator', scope: 'viewer' },
    });
    const host = await startExtra({ workspaces: [{ name: 'Scratch', path: scratch }], readOnly: true, proxy: false });
    const caps = await call<Json>(host.url, 'GET', '/capabilities');
    expect(caps.body).toMatchObject({ skills: { write: false }, plugins: { write: false }, config: { write: false } });
    expect(caps.body).not.toHaveProperty('proxy');
    const write = await call(host.url, 'POST', `/workspace/${scratchId}/files/content`, {
      body: { path: 'x.md', content: 'x' },
    });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ code: 'read_only', message: 'Server is read-only' });
    expect((await call<ErrorJson>(host.url, 'GET', `/w/${scratchId}/opencode/global/health`)).body.code).toBe(
      'not_found',
    );
  });
});

describe('approvals (manual)', () => {
  it('holds a write open until the host allows it', async () => {
    const file = path.join(scratch, 'approved.md');
    const write = call(manual.url, 'POST', `/workspace/${scratchId}/files/content`, {
      body: { path: 'approved.md', content: 'ok' },
      headers: { 'X-OpenWork-Client-Id': 'spec-client' },
    });
    const approval = await nextApproval(manual);
    expect(approval).toEqual({
      id: expect.any(String),
      workspaceId: scratchId,
      action: 'workspace.file.write',
      summary: expect.any(String),
      paths: [file],
      createdAt: expect.any(Number),
      actor: { type: 'remote', clientId: 'spec-client', tokenHash: sha256('client-token'), scope: 'collaborator' },
    });
    expect(manual.pendingApprovals()).toEqual([approval]);
    expect(await stillHeld(write)).toBe(true);
    expect(existsSync(file)).toBe(false);

    const reply = await call(manual.url, 'POST', `/approvals/${approval.id}`, {
      token: null,
      hostToken: 'host-token',
      body: { reply: 'allow' },
    });
    expect(reply.body).toEqual({ ok: true, allowed: true });
    const done = await write;
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      ok: true,
      path: 'approved.md',
      bytes: 2,
      updatedAt: expect.any(Number),
      revision: expect.stringMatching(/^\d+:2$/),
    });
    expect(await readFile(file, 'utf8')).toBe('ok');
    expect(manual.audit(scratchId)[0]).toMatchObject({
      action: 'workspace.file.write',
      target: 'approved.md',
      actor: { clientId: 'spec-client' },
    });
    const again = await call<ErrorJson>(manual.url, 'POST', `/approvals/${approval.id}`, {
      hostToken: 'host-token',
      body: { reply: 'allow' },
    });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('approval_not_found');
  });

  it('answers 403 write_denied when denied (any reply but allow)', async () => {
    for (const reply of ['deny', 'maybe']) {
      const write = call(manual.url, 'POST', `/workspace/${scratchId}/plugins`, { body: { spec: 'never-added' } });
      const approval = await nextApproval(manual);
      expect(approval.action).toBe('plugins.add');
      expect(
        (await call(manual.url, 'POST', `/approvals/${approval.id}`, { token: 'owner-token', body: { reply } })).body,
      ).toEqual({ ok: true, allowed: false });
      const res = await write;
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        code: 'write_denied',
        message: 'Write request denied',
        details: { requestId: approval.id, reason: 'denied' },
      });
    }
    expect((await readJsonFile(path.join(scratch, 'opencode.json'))).plugin).not.toContain('never-added');
  });

  it('answers 403 write_denied with reason timeout after approval.timeoutMs', async () => {
    const host = await startExtra({
      workspaces: [{ name: 'Scratch', path: scratch }],
      approval: { mode: 'manual', timeoutMs: 300 },
    });
    const started = Date.now();
    const res = await call<ErrorJson>(host.url, 'POST', `/workspace/${scratchId}/files/content`, {
      body: { path: 'timeout.md', content: 'x' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'write_denied',
      details: { requestId: expect.any(String), reason: 'timeout' },
    });
    expect(host.pendingApprovals()).toEqual([]);
    expect(existsSync(path.join(scratch, 'timeout.md'))).toBe(false);
  });

  it('keeps the approval when the client disconnects; an allow still writes', async () => {
    const controller = new AbortController();
    const write = call(manual.url, 'POST', `/workspace/${scratchId}/files/content`, {
      body: { path: 'after-disconnect.md', content: 'late' },
      signal: controller.signal,
    });
    const approval = await nextApproval(manual);
    controller.abort();
    await expect(write).rejects.toThrow();
    await sleep(50);
    expect(manual.pendingApprovals().map((a) => a.id)).toEqual([approval.id]);
    await call(manual.url, 'POST', `/approvals/${approval.id}`, { hostToken: 'host-token', body: { reply: 'allow' } });
    const file = path.join(scratch, 'after-disconnect.md');
    await waitFor(async () => (existsSync(file) ? true : undefined));
    expect(await readFile(file, 'utf8')).toBe('late');
  });
});

describe('files (auto approval)', () => {
  const files = (p: string) => `/workspace/${scratchId}/files/${p}`;

  it('writes and reads content with updatedAt, 409 on a stale baseUpdatedAt', async () => {
    const first = await call<{ updatedAt: number }>(auto.url, 'POST', files('content'), {
      body: { path: 'notes/today.md', content: 'v1' },
    });
    expect(first.status).toBe(200);
    const read = await call(auto.url, 'GET', files('content?path=notes/today.md'));
    expect(read.body).toEqual({ path: 'notes/today.md', content: 'v1', bytes: 2, updatedAt: first.body.updatedAt });
    for (const alias of [
      '/notes/today.md',
      './notes/today.md',
      'workspace/notes/today.md',
      `workspace/${scratchId}/notes/today.md`,
      'notes\\today.md',
    ]) {
      expect(
        (await call<{ path: string }>(auto.url, 'GET', files(`content?path=${encodeURIComponent(alias)}`))).body.path,
      ).toBe('notes/today.md');
    }

    const stale = first.body.updatedAt - 1000;
    const conflict = await call(auto.url, 'POST', files('content'), {
      body: { path: 'notes/today.md', content: 'v2', baseUpdatedAt: stale },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      code: 'conflict',
      details: { baseUpdatedAt: stale, currentUpdatedAt: first.body.updatedAt },
    });
    expect(await readFile(path.join(scratch, 'notes/today.md'), 'utf8')).toBe('v1');
    expect(
      (
        await call(auto.url, 'POST', files('content'), {
          body: { path: 'notes/today.md', content: 'v2', baseUpdatedAt: first.body.updatedAt },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(auto.url, 'POST', files('content'), {
          body: { path: 'notes/today.md', content: 'v3', baseUpdatedAt: stale, force: true },
        })
      ).status,
    ).toBe(200);
    expect(await readFile(path.join(scratch, 'notes/today.md'), 'utf8')).toBe('v3');

    const stat = await call(auto.url, 'GET', files('stat?path=notes/today.md'));
    expect(stat.body).toMatchObject({ ok: true, path: 'notes/today.md', exists: true, kind: 'file', size: 2 });
    expect((await call(auto.url, 'GET', files('stat?path=notes/none.md'))).body).toEqual({
      ok: true,
      path: 'notes/none.md',
      exists: false,
    });
    const missing = await call<ErrorJson>(auto.url, 'GET', files('content?path=missing.md'));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('file_not_found');
  });

  it('refuses bad paths with 400 invalid_path and big files with 413', async () => {
    for (const bad of [
      '',
      '../escape.md',
      'notes/../../escape.md',
      'a/b:c.md',
      'dir./x.md',
      'CON.md',
      'com1.txt',
      'image.png',
    ]) {
      const res = await call<ErrorJson>(auto.url, 'POST', files('content'), { body: { path: bad, content: 'x' } });
      expect(res.status, bad).toBe(400);
      expect(res.body.code, bad).toBe('invalid_path');
    }
    expect((await call<ErrorJson>(auto.url, 'GET', files('content?path=..%2Fetc%2Fpasswd'))).body.code).toBe(
      'invalid_path',
    );
    const big = await call(auto.url, 'POST', files('content'), {
      body: { path: 'big.txt', content: 'x'.repeat(5_000_001) },
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'file_too_large', details: { maxBytes: 5_000_000, size: 5_000_001 } });
    expect(existsSync(path.join(scratch, 'big.txt'))).toBe(false);
  });

  it('serves and writes raw bytes with a guessed content type', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    expect(
      (
        await call(auto.url, 'POST', files('raw'), {
          body: { path: 'img/pixel.png', dataBase64: bytes.toString('base64') },
        })
      ).status,
    ).toBe(200);
    const res = await fetch(`${auto.url}${files('raw?path=img/pixel.png')}`, {
      headers: { Authorization: 'Bearer client-token' },
    });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const md = await fetch(`${auto.url}${files('raw?path=README.md')}`, {
      headers: { Authorization: 'Bearer client-token' },
    });
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await md.text()).toBe('# scratch\n');
  });

  it('lists a sorted catalog snapshot through a file session, without .git and node_modules', async () => {
    const { body } = await call<{ session: Json & { id: string } }>(
      auto.url,
      'POST',
      `/workspace/${scratchId}/files/sessions`,
      { body: {} },
    );
    expect(body.session).toMatchObject({ workspaceId: scratchId, ttlMs: 900_000, canWrite: true });
    const sid = body.session.id;
    const snap = await call<CatalogJson>(auto.url, 'GET', `/files/sessions/${sid}/catalog/snapshot`);
    const paths = snap.body.items.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['README.md', 'docs', 'docs/guide.md', 'src/app.ts', 'opencode.json']),
    );
    expect(paths).toEqual([...paths].sort());
    expect(paths.some((p) => p.startsWith('.git') || p.startsWith('node_modules'))).toBe(false);
    expect(snap.body.skippedDirectories).toEqual(['.git', 'node_modules']);
    expect(snap.body.items.find((i) => i.path === 'README.md')).toMatchObject({
      kind: 'file',
      size: 10,
      revision: expect.stringMatching(/^\d+:10$/),
    });

    const page1 = await call<CatalogJson>(auto.url, 'GET', `/files/sessions/${sid}/catalog/snapshot?limit=2`);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body).toMatchObject({ truncated: true, nextAfter: paths[1], total: paths.length });
    const page2 = await call<CatalogJson>(
      auto.url,
      'GET',
      `/files/sessions/${sid}/catalog/snapshot?limit=2&after=${encodeURIComponent(page1.body.nextAfter ?? '')}`,
    );
    expect(page2.body.items.map((i) => i.path)).toEqual(paths.slice(2, 4));
    const docs = await call<CatalogJson>(
      auto.url,
      'GET',
      `/files/sessions/${sid}/catalog/snapshot?prefix=docs&includeDirs=false`,
    );
    expect(docs.body.items.map((i) => i.path)).toEqual(['docs/guide.md']);

    const viewer = await call<ErrorJson>(auto.url, 'GET', `/files/sessions/${sid}/catalog/snapshot`, {
      token: 'viewer-token',
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.message).toBe('File session does not belong to this token');
    expect((await call(auto.url, 'DELETE', `/files/sessions/${sid}`)).body).toEqual({ ok: true });
    expect((await call<ErrorJson>(auto.url, 'GET', `/files/sessions/${sid}/catalog/snapshot`)).body.code).toBe(
      'file_session_not_found',
    );
  });
});

describe('OpenCode proxy', () => {
  it('proxies REST to the workspace engine with the fixture CORS and directory', async () => {
    for (const prefix of [`/w/${engineId}/opencode`, `/workspace/${engineId}/opencode`]) {
      const res = await call(manual.url, 'GET', `${prefix}/global/health`, { headers: { Origin: ALLOWED } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ healthy: true, version: expect.any(String) });
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    }
    // OpenCode itself allows localhost origins; the fixture's CORS replaces its headers.
    const local = await call(manual.url, 'GET', `/w/${engineId}/opencode/global/health`, {
      headers: { Origin: 'http://localhost:5173' },
    });
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBeNull();
    // The client's directory is replaced by the workspace's.
    const where = await call<{ directory: string }>(
      manual.url,
      'GET',
      `/w/${engineId}/opencode/path?directory=${encodeURIComponent(os.tmpdir())}`,
      {
        headers: { 'X-OpenCode-Directory': os.tmpdir() },
      },
    );
    expect(where.status).toBe(200);
    expect(where.body.directory).toBe(workspaceDir);

    expect(
      (await call<ErrorJson>(manual.url, 'GET', `/w/${engineId}/opencode/global/health`, { token: null })).body.code,
    ).toBe('unauthorized');
    const viewerPost = await call(manual.url, 'POST', `/w/${engineId}/opencode/session`, {
      token: 'viewer-token',
      body: { title: 'nope' },
    });
    expect(viewerPost.status).toBe(403);
    expect(viewerPost.body).toEqual({ code: 'forbidden', message: 'Viewer tokens are read-only' });
    expect(
      (await call(manual.url, 'GET', `/w/${engineId}/opencode/global/health`, { token: 'viewer-token' })).status,
    ).toBe(200);
    // /opencode/* goes to the active workspace (Scratch, which has no engine).
    expect((await call<ErrorJson>(manual.url, 'GET', '/opencode/global/health')).body.code).toBe(
      'opencode_unconfigured',
    );
  });

  it('streams /event (server.connected first) with the bearer token', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const res = await fetch(`${manual.url}/w/${engineId}/opencode/event`, {
        headers: { Authorization: 'Bearer client-token', Origin: ALLOWED },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(res.headers.get('content-length')).toBeNull();
      if (!res.body) throw new Error('no body');
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      while (!buffer.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
      }
      const first = JSON.parse(buffer.split('\n\n')[0].replace(/^data: ?/, '')) as { type: string };
      expect(first.type).toBe('server.connected');
      await reader.cancel();
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  });

  it('answers 502 opencode_unreachable when the engine is down', async () => {
    const host = await startExtra({ workspaces: [{ name: 'Dead', path: scratch, opencodeUrl: 'http://127.0.0.1:9' }] });
    const res = await call<ErrorJson>(host.url, 'GET', `/w/${scratchId}/opencode/global/health`);
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('opencode_unreachable');
    const reload = await call(host.url, 'POST', `/workspace/${scratchId}/engine/reload`, { body: {} });
    expect(reload.body).toEqual({ ok: true, reloadedAt: expect.any(Number) });
    expect(host.audit(scratchId)[0].action).toBe('engine.reload');
  });
});

describe("version '0.7.1': the upstream v0.7.1 line as a client meets it", () => {
  let v071: Host;
  let legacyDir: string;
  let legacyId: string;

  beforeAll(async () => {
    legacyDir = await mkdtemp(path.join(os.tmpdir(), 'owpwa-host-v071-'));
    await writeFile(path.join(legacyDir, 'opencode.json'), JSON.stringify({ plugin: [] }));
    legacyId = `ws_${sha256(legacyDir).slice(0, 12)}`;
    v071 = await startExtra({
      version: '0.7.1',
      workspaces: [
        { name: 'Legacy', path: legacyDir, opencodeUrl },
        { name: 'Scratch', path: scratch },
      ],
      approval: { mode: 'auto' },
    });
  });

  afterAll(async () => {
    if (legacyDir) await rm(legacyDir, { recursive: true, force: true });
  });

  it('answers /health with version 0.1.0 and no opencodeVersion, /capabilities with the five blocks only', async () => {
    const health = await call<Json>(v071.url, 'GET', '/health', { token: null });
    expect(health.body).toEqual({ ok: true, version: '0.1.0', uptimeMs: expect.any(Number) });
    const capabilities = await call<Json>(v071.url, 'GET', '/capabilities');
    expect(capabilities.body).toEqual({
      skills: { read: true, write: true },
      plugins: { read: true, write: true },
      mcp: { read: true, write: true },
      commands: { read: true, write: true },
      config: { read: true, write: true },
    });
  });

  it('lists only the first workspace, in the v0.7.1 shape (no preset, no activeId, no credentials)', async () => {
    const { body } = await call<Json>(v071.url, 'GET', '/workspaces');
    expect(body).toEqual({
      items: [
        {
          id: legacyId,
          name: 'Legacy',
          path: legacyDir,
          workspaceType: 'local',
          baseUrl: opencodeUrl,
          directory: legacyDir,
          opencode: { baseUrl: opencodeUrl, directory: legacyDir },
        },
      ],
    });
  });

  it('answers 404 {code: "not_found"} for what the line lacks', async () => {
    const missing: [string, string][] = [
      ['GET', '/whoami'],
      ['GET', '/status'],
      ['GET', `/w/${legacyId}/health`],
      ['GET', `/w/${legacyId}/opencode/global/health`],
      ['GET', `/workspace/${legacyId}/opencode/global/health`],
      ['GET', '/opencode/global/health'],
      ['GET', `/workspace/${legacyId}/files/content?path=opencode.json`],
      ['POST', `/workspace/${legacyId}/files/sessions`],
      ['GET', `/workspace/${legacyId}/skills/any-skill`],
      ['DELETE', `/workspace/${legacyId}/skills/any-skill`],
      ['POST', `/workspace/${legacyId}/engine/reload`],
      ['GET', `/workspace/${legacyId}/opencode-config`],
      ['POST', `/workspaces/${legacyId}/activate`],
    ];
    for (const [method, p] of missing) {
      const res = await call<ErrorJson>(v071.url, method, p, {
        hostToken: 'host-token',
        ...(method === 'GET' ? {} : { body: {} }),
      });
      expect({ method, p, status: res.status, code: res.body.code }).toEqual({
        method,
        p,
        status: 404,
        code: 'not_found',
      });
    }
  });

  it('upserts a skill with POST /skills; the list carries its content; export has it; it cannot be deleted', async () => {
    const base = `/workspace/${legacyId}/skills`;
    const file = path.join(legacyDir, '.opencode/skills/old-skill/SKILL.md');
    await call(v071.url, 'POST', base, { body: { name: 'old-skill', content: 'First.\n', description: 'Old' } });
    await call(v071.url, 'POST', base, {
      body: { name: 'old-skill', content: '---\nname: old-skill\ndescription: Old\n---\nSecond.\n' },
    });
    expect(await readFile(file, 'utf8')).toBe('---\nname: old-skill\ndescription: Old\n---\nSecond.\n');
    const listed = await call<{ items: Json[] }>(v071.url, 'GET', base);
    expect(listed.body.items).toEqual([
      { name: 'old-skill', path: file, description: 'Old', scope: 'project', content: await readFile(file, 'utf8') },
    ]);
    const exported = await call<{ skills: Json[] }>(v071.url, 'GET', `/workspace/${legacyId}/export`);
    expect(exported.body.skills).toEqual([
      { name: 'old-skill', description: 'Old', content: '---\nname: old-skill\ndescription: Old\n---\nSecond.\n' },
    ]);
    expect((await call(v071.url, 'DELETE', `${base}/old-skill`)).status).toBe(404);
    expect(existsSync(file)).toBe(true);
  });

  it('imports skills and commands (approval action config.import), and keeps the write routes it has', async () => {
    const res = await call(v071.url, 'POST', `/workspace/${legacyId}/import`, {
      body: {
        skills: [{ name: 'imported', content: '---\nname: imported\ndescription: In\n---\nBody\n' }],
        commands: [{ name: 'hi', template: 'Say hi', description: 'Greets' }],
      },
    });
    expect(res.body).toEqual({ ok: true });
    expect(existsSync(path.join(legacyDir, '.opencode/skills/imported/SKILL.md'))).toBe(true);
    expect(await readFile(path.join(legacyDir, '.opencode/commands/hi.md'), 'utf8')).toBe(
      '---\ndescription: Greets\n---\nSay hi\n',
    );
    expect(v071.audit(legacyId)[0].action).toBe('config.import');
    const plugin = await call<{ items: Json[] }>(v071.url, 'POST', `/workspace/${legacyId}/plugins`, {
      body: { spec: 'legacy-plugin' },
    });
    expect(plugin.body.items.map((p) => p.spec)).toEqual(['legacy-plugin']);
  });

  it('holds writes for approval like the newer line when manual, and records every request it answered', async () => {
    const manualLegacy = await startExtra({ version: '0.7.1', workspaces: [{ name: 'Legacy', path: legacyDir }] });
    const write = call(manualLegacy.url, 'POST', `/workspace/${legacyId}/commands`, {
      body: { name: 'held', template: 'x' },
    });
    expect(await stillHeld(write)).toBe(true);
    const approval = await nextApproval(manualLegacy);
    expect(approval.action).toBe('commands.upsert');
    await call(manualLegacy.url, 'POST', `/approvals/${approval.id}`, {
      token: null,
      hostToken: 'host-token',
      body: { reply: 'allow' },
    });
    expect((await write).status).toBe(200);
    await call(manualLegacy.url, 'GET', '/whoami');
    const log = manualLegacy.requests();
    expect(log).toContainEqual({ method: 'POST', path: `/workspace/${legacyId}/commands`, status: 200 });
    expect(log).toContainEqual({ method: 'POST', path: `/approvals/${approval.id}`, status: 200 });
    expect(log.at(-1)).toEqual({ method: 'GET', path: '/whoami', status: 404 });
  });

  it('refuses an unknown version', async () => {
    await expect(
      startOpenworkHost({ version: '0.6.0' as '0.7.1', workspaces: [{ name: 'X', path: scratch }] }),
    ).rejects.toThrow(/unknown version 0\.6\.0/);
  });
});
