/**
 * What extends OpenCode in a workspace: skills, plugins, MCP servers and commands, the
 * workspace's OpenCode config, and the engine reload that applies a change. Writes are
 * approval-gated on the host, so they wait {@link writeTimeoutMs}.
 */
import { isRecord, nonEmptyString, numberOr, stringOr } from '@/lib/guards';
import type { PairedHost } from '../types';
import { anyAnswer, itemsOf, objectOf, optionalString } from './answers';
import { call, workspaceRoute } from './client';
import { writeTimeoutMs, type OpenworkCapabilities } from './capabilities';

/**
 * A skill: `path` is its SKILL.md on the host; `scope` says whether it is the workspace's or the
 * user's; `content` is the whole SKILL.md when the host's list carries it (some hosts of the
 * v0.7.1 line do, and have no route to read one skill).
 */
export interface Skill {
  name: string;
  path: string;
  description: string;
  scope: 'project' | 'global';
  content?: string;
}

/** A plugin: `spec` is its npm spec (or file name), `source` where it is configured. */
export interface Plugin {
  spec: string;
  source: string;
  scope?: string;
  path?: string;
}

/** An MCP server: `config` is `{type: 'local', command}` or `{type: 'remote', url}` as OpenCode's config has it. */
export interface McpServer {
  name: string;
  config:
    | { type: 'local'; command: string[]; enabled?: boolean }
    | { type: 'remote'; url: string; enabled?: boolean }
    | Record<string, unknown>;
  source?: string;
}

/** A command: `template` is the prompt, with `$ARGUMENTS` for what the user types after it. */
export interface Command {
  name: string;
  description?: string;
  template: string;
  agent?: string;
  model?: string | null;
  subtask?: boolean;
  scope?: string;
}

/**
 * One skill in the app's shape; undefined (skipped) without a name. A missing path or
 * description reads as empty; any scope but `global` reads as `project` (a workspace's own).
 */
export function readSkill(value: unknown): Skill | undefined {
  if (!isRecord(value)) return undefined;
  const name = nonEmptyString(value.name);
  if (!name) return undefined;
  return {
    name,
    path: stringOr(value.path, ''),
    description: stringOr(value.description, ''),
    scope: value.scope === 'global' ? 'global' : 'project',
    ...(typeof value.content === 'string' ? { content: value.content } : {}),
  };
}

/** One plugin; undefined (skipped) without a spec. A missing source reads as empty. */
export function readPlugin(value: unknown): Plugin | undefined {
  if (!isRecord(value)) return undefined;
  const spec = nonEmptyString(value.spec);
  if (!spec) return undefined;
  return {
    spec,
    source: stringOr(value.source, ''),
    ...optionalString('scope', value.scope),
    ...optionalString('path', value.path),
  };
}

/** One MCP server; undefined (skipped) without a name. A config that is not an object reads as `{}`. */
export function readMcpServer(value: unknown): McpServer | undefined {
  if (!isRecord(value)) return undefined;
  const name = nonEmptyString(value.name);
  if (!name) return undefined;
  return { name, config: isRecord(value.config) ? value.config : {}, ...optionalString('source', value.source) };
}

/** One command; undefined (skipped) without a name. A missing template reads as empty. */
export function readCommand(value: unknown): Command | undefined {
  if (!isRecord(value)) return undefined;
  const name = nonEmptyString(value.name);
  if (!name) return undefined;
  return {
    name,
    template: stringOr(value.template, ''),
    ...optionalString('description', value.description),
    ...optionalString('agent', value.agent),
    ...(typeof value.model === 'string' || value.model === null ? { model: value.model } : {}),
    ...(typeof value.subtask === 'boolean' ? { subtask: value.subtask } : {}),
    ...optionalString('scope', value.scope),
  };
}

const readSkills = itemsOf('a list of skills', readSkill);
const readPlugins = itemsOf('a list of plugins', readPlugin);
const readMcpServers = itemsOf('a list of MCP servers', readMcpServer);
const readCommands = itemsOf('a list of commands', readCommand);
const readOneSkill = objectOf('a skill {name, path, description}', (body, wrong) => readSkill(body) ?? wrong('name'));
const readSkillFile = objectOf('a skill {item, content}', (body, wrong) => {
  const item = readSkill(body.item) ?? wrong('item');
  if (typeof body.content !== 'string') wrong('content');
  return { item, content: body.content as string };
});

const write = (capabilities: OpenworkCapabilities | undefined) => ({ timeoutMs: writeTimeoutMs(capabilities) });
const named = (workspaceId: string, kind: string, name: string) =>
  workspaceRoute(workspaceId, `/${kind}/${encodeURIComponent(name)}`, `/${kind}/{name}`);

/**
 * `GET /workspace/:id/skills` → the workspace's skills (malformed entries skipped).
 *
 * @throws {HostError} `bad-response` without an `items` list; 404 (`isRouteMissing`) on older hosts.
 */
export async function listSkills(host: PairedHost, workspaceId: string): Promise<Skill[]> {
  return call(host, workspaceRoute(workspaceId, '/skills'), {}, readSkills);
}

/**
 * `GET /workspace/:id/skills/:name` → `{item, content}` (content is the whole SKILL.md).
 *
 * @throws {HostError} 404 `skill_not_found`; `bad-response` without a named `item` or `content`.
 */
export function getSkill(
  host: PairedHost,
  workspaceId: string,
  name: string,
): Promise<{ item: Skill; content: string }> {
  return call(host, named(workspaceId, 'skills', name), {}, readSkillFile);
}

/** One skill of a workspace export: its name and whole SKILL.md; undefined (skipped) without both. */
function readExportedSkill(value: unknown): { name: string; content: string } | undefined {
  if (!isRecord(value)) return undefined;
  const name = nonEmptyString(value.name);
  return name && typeof value.content === 'string' ? { name, content: value.content } : undefined;
}

const readExport = objectOf('an export {skills}', (body) =>
  (Array.isArray(body.skills) ? body.skills : []).flatMap((value: unknown) => readExportedSkill(value) ?? []),
);

/**
 * The skills of a workspace with their whole SKILL.md, from `GET /workspace/:id/export` → `skills:
 * [{name, description, content}]` (malformed entries skipped; no `skills` list reads as none). On
 * hosts without `GET /workspace/:id/skills/:name` (the v0.7.1 line) this is how a skill is read.
 *
 * @throws {HostError} `bad-response` when the answer is not an object; see `call` for the rest.
 */
export function exportedSkills(host: PairedHost, workspaceId: string): Promise<{ name: string; content: string }[]> {
  return call(host, workspaceRoute(workspaceId, '/export'), {}, readExport);
}

/**
 * `POST /workspace/:id/skills` `{name, content, description?}` (create or replace;
 * approval-gated) → the saved skill.
 *
 * @throws {HostError} 403 `write_denied` / `read_only` / `forbidden`; `bad-response` when the
 *   answer is not a named skill.
 */
export function saveSkill(
  host: PairedHost,
  workspaceId: string,
  skill: { name: string; content: string; description?: string },
  capabilities?: OpenworkCapabilities,
): Promise<Skill> {
  return call(
    host,
    workspaceRoute(workspaceId, '/skills'),
    { method: 'POST', body: skill, ...write(capabilities) },
    readOneSkill,
  );
}

/**
 * `DELETE /workspace/:id/skills/:name` (approval-gated); the answer is not read.
 *
 * @throws {HostError} 404 `skill_not_found`; 404 `not_found` on hosts without the route (the v0.7.1
 *   line: a skill cannot be removed remotely there); the host's write errors.
 */
export function deleteSkill(
  host: PairedHost,
  workspaceId: string,
  name: string,
  capabilities?: OpenworkCapabilities,
): Promise<unknown> {
  return call(host, named(workspaceId, 'skills', name), { method: 'DELETE', ...write(capabilities) }, anyAnswer);
}

/**
 * `GET /workspace/:id/plugins` → the configured plugins.
 *
 * @throws {HostError} `bad-response` without an `items` list.
 */
export async function listPlugins(host: PairedHost, workspaceId: string): Promise<Plugin[]> {
  return call(host, workspaceRoute(workspaceId, '/plugins'), {}, readPlugins);
}

/** `POST /workspace/:id/plugins` `{spec}` (an npm spec; approval-gated) → the plugins after the change. */
export async function addPlugin(
  host: PairedHost,
  workspaceId: string,
  spec: string,
  capabilities?: OpenworkCapabilities,
): Promise<Plugin[]> {
  return call(
    host,
    workspaceRoute(workspaceId, '/plugins'),
    { method: 'POST', body: { spec }, ...write(capabilities) },
    readPlugins,
  );
}

/** `DELETE /workspace/:id/plugins/:name` (approval-gated; a scoped name is one encoded segment) → the plugins after. */
export async function removePlugin(
  host: PairedHost,
  workspaceId: string,
  name: string,
  capabilities?: OpenworkCapabilities,
): Promise<Plugin[]> {
  return call(host, named(workspaceId, 'plugins', name), { method: 'DELETE', ...write(capabilities) }, readPlugins);
}

/**
 * `GET /workspace/:id/mcp` → the configured MCP servers.
 *
 * @throws {HostError} `bad-response` without an `items` list.
 */
export async function listMcpServers(host: PairedHost, workspaceId: string): Promise<McpServer[]> {
  return call(host, workspaceRoute(workspaceId, '/mcp'), {}, readMcpServers);
}

/** `POST /workspace/:id/mcp` `{name, config}`: `{type:'local', command:[…]}` or `{type:'remote', url}` → the servers after. */
export async function addMcpServer(
  host: PairedHost,
  workspaceId: string,
  server: { name: string; config: McpServer['config'] },
  capabilities?: OpenworkCapabilities,
): Promise<McpServer[]> {
  return call(
    host,
    workspaceRoute(workspaceId, '/mcp'),
    { method: 'POST', body: server, ...write(capabilities) },
    readMcpServers,
  );
}

/** `DELETE /workspace/:id/mcp/:name` → the servers after the change. */
export async function removeMcpServer(
  host: PairedHost,
  workspaceId: string,
  name: string,
  capabilities?: OpenworkCapabilities,
): Promise<McpServer[]> {
  return call(host, named(workspaceId, 'mcp', name), { method: 'DELETE', ...write(capabilities) }, readMcpServers);
}

/**
 * `GET /workspace/:id/commands` → the workspace's commands.
 *
 * @throws {HostError} `bad-response` without an `items` list.
 */
export async function listCommands(host: PairedHost, workspaceId: string): Promise<Command[]> {
  return call(host, workspaceRoute(workspaceId, '/commands'), {}, readCommands);
}

/** `POST /workspace/:id/commands` `{name, template, description?}` (create or replace) → the commands after. */
export async function saveCommand(
  host: PairedHost,
  workspaceId: string,
  command: { name: string; template: string; description?: string },
  capabilities?: OpenworkCapabilities,
): Promise<Command[]> {
  return call(
    host,
    workspaceRoute(workspaceId, '/commands'),
    { method: 'POST', body: command, ...write(capabilities) },
    readCommands,
  );
}

/** `DELETE /workspace/:id/commands/:name`; the answer is not read. */
export function deleteCommand(
  host: PairedHost,
  workspaceId: string,
  name: string,
  capabilities?: OpenworkCapabilities,
): Promise<unknown> {
  return call(host, named(workspaceId, 'commands', name), { method: 'DELETE', ...write(capabilities) }, anyAnswer);
}

/** A workspace's config: OpenCode's (`opencode.json`), OpenWork's own, and when it changed (epoch ms, or null). */
export interface WorkspaceConfig {
  opencode: Record<string, unknown>;
  openwork?: Record<string, unknown>;
  updatedAt: number | null;
}

const readConfig = objectOf('a config {opencode, openwork, updatedAt}', (body, wrong): WorkspaceConfig => {
  if (!isRecord(body.opencode)) wrong('opencode');
  return {
    opencode: body.opencode as Record<string, unknown>,
    ...(isRecord(body.openwork) ? { openwork: body.openwork } : {}),
    updatedAt: typeof body.updatedAt === 'number' ? body.updatedAt : null,
  };
});

/**
 * `GET /workspace/:id/config` → `{opencode, openwork?, updatedAt}`.
 *
 * @throws {HostError} `bad-response` without an `opencode` object; 404 `workspace_not_found`.
 */
export function getWorkspaceConfig(host: PairedHost, workspaceId: string): Promise<WorkspaceConfig> {
  return call(host, workspaceRoute(workspaceId, '/config'), {}, readConfig);
}

const readReload = objectOf('an answer {ok, reloadedAt}', (body, wrong) => {
  if (typeof body.ok !== 'boolean') wrong('ok');
  // A host that names no time reloaded when it answered.
  return { ok: body.ok as boolean, reloadedAt: numberOr(body.reloadedAt, Date.now()) };
});

/**
 * `POST /workspace/:id/engine/reload` `{force?}` → `{ok, reloadedAt}` (epoch ms); waits 60 s.
 *
 * @throws {HostError} 404 (`isRouteMissing`) on hosts that cannot reload remotely; `bad-response`
 *   without a boolean `ok`.
 */
export function reloadEngine(
  host: PairedHost,
  workspaceId: string,
  force = false,
): Promise<{ ok: boolean; reloadedAt: number }> {
  return call(
    host,
    workspaceRoute(workspaceId, '/engine/reload'),
    { method: 'POST', body: { force }, timeoutMs: 60_000 },
    readReload,
  );
}
