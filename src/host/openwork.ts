/**
 * The OpenWork host API (openwork-host-api.md): capabilities, workspaces, files, skills, plugins,
 * MCP servers, commands, config, audit, engine reload and host approvals. Every call goes to the
 * paired host URL with `Authorization: Bearer <token>` (and `X-OpenWork-Host-Token` for host
 * routes when the user paired with the host token), never to another origin.
 *
 * Errors are {@link HostError}s; {@link openworkErrorCode} reads the host's own `code`
 * (`write_denied`, `conflict`, `invalid_path`, `file_too_large`, `not_found`, …).
 */
import { HostError } from './errors';
import { openworkAuthorization } from './auth';
import { authorizedFetch, errorForStatus, requestJson } from './http';
import type { PairedHost } from './types';
import { joinUrl } from './url';

/** Feature flags of a host (`GET /capabilities`, §3.2). Missing blocks mean "not offered". */
export interface OpenworkCapabilities {
  skills?: { read: boolean; write: boolean };
  plugins?: { read: boolean; write: boolean };
  mcp?: { read: boolean; write: boolean };
  commands?: { read: boolean; write: boolean };
  config?: { read: boolean; write: boolean };
  approvals?: { mode: 'manual' | 'auto'; timeoutMs: number };
  proxy?: { opencode?: boolean };
  [key: string]: unknown;
}

/** A text file as `GET /workspace/:id/files/content` returns it; `updatedAt` is mtime in ms. */
export interface WorkspaceFile {
  path: string;
  content: string;
  bytes: number;
  updatedAt: number;
}

/** `POST /workspace/:id/files/content` success body. */
export interface WriteResult {
  ok: true;
  path: string;
  bytes: number;
  updatedAt: number;
  revision?: string;
}

/** One catalog entry (`GET /files/sessions/:sid/catalog/snapshot`, §6.3). Sizes in bytes. */
export interface CatalogItem {
  path: string;
  kind: 'file' | 'dir';
  size: number;
  mtimeMs: number;
  revision: string;
}

export interface Skill {
  name: string;
  path: string;
  description: string;
  scope: 'project' | 'global';
}

export interface Plugin {
  spec: string;
  source: string;
  scope?: string;
  path?: string;
}

export interface McpServer {
  name: string;
  config: { type: 'local'; command: string[]; enabled?: boolean } | { type: 'remote'; url: string; enabled?: boolean } | Record<string, unknown>;
  source?: string;
}

export interface Command {
  name: string;
  description?: string;
  template: string;
  agent?: string;
  model?: string | null;
  subtask?: boolean;
  scope?: string;
}

export interface AuditEntry {
  id: string;
  workspaceId: string;
  actor: { type: string; clientId?: string; scope?: string };
  action: string;
  target: string;
  summary: string;
  /** Epoch ms. */
  timestamp: number;
}

/** A write the host holds for its owner's decision (`GET /approvals`, §7). */
export interface HostApproval {
  id: string;
  workspaceId: string;
  action: string;
  summary: string;
  /** Absolute paths on the host. */
  paths: string[];
  /** Epoch ms. */
  createdAt: number;
  actor: { type: string; clientId?: string; tokenHash?: string; scope?: string };
}

/** Default approval timeout of a host that does not publish one (§7): 30 s. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 30_000;

const READ_TIMEOUT_MS = 10_000;

/** A device id sent as `X-OpenWork-Client-Id`, so the host's approvals and audit show who asked. */
function clientId(): string {
  const key = 'openwork-pwa.client-id';
  let id = localStorage.getItem(key);
  if (!id) {
    id = `pwa-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

/** The host's own error code from a failed call (`write_denied`, `conflict`, …), if any. */
export function openworkErrorCode(error: unknown): string | undefined {
  if (!(error instanceof HostError)) return undefined;
  const body = error.body;
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : undefined;
}

/** `details` of a host error body, e.g. `{baseUpdatedAt, currentUpdatedAt}` for a conflict. */
export function openworkErrorDetails(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof HostError)) return undefined;
  const details = (error.body as { details?: unknown } | undefined)?.details;
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined;
}

/** True when the host answered that it has no such route (an older host): show "not available". */
export function isRouteMissing(error: unknown): boolean {
  return error instanceof HostError && error.status === 404 && (openworkErrorCode(error) === 'not_found' || openworkErrorCode(error) === undefined);
}

interface CallOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** ms; writes wait longer than the host's approval timeout. */
  timeoutMs?: number;
  /** Send the host token for owner routes (`/approvals`). */
  owner?: boolean;
  signal?: AbortSignal;
}

function requireOpenwork(host: PairedHost): void {
  if (host.kind !== 'openwork') {
    throw new HostError('not-found', `${host.name} is an OpenCode server, not an OpenWork host.`, 'Pair with an OpenWork host to change files, skills, plugins, MCP servers and commands.');
  }
}

async function call<T>(host: PairedHost, path: string, options: CallOptions = {}): Promise<T> {
  requireOpenwork(host);
  const url = new URL(joinUrl(host.url, path));
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const fetchWithAuth = authorizedFetch(openworkAuthorization(host.url, host.credentials, { owner: options.owner === true }));
  const headers: Record<string, string> = { 'x-openwork-client-id': clientId() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return requestJson<T>(fetchWithAuth, url.toString(), {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    timeoutMs: options.timeoutMs ?? READ_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** How long a write may take: the host's approval timeout plus 10 s, so the host decides first. */
export function writeTimeoutMs(capabilities: OpenworkCapabilities | undefined): number {
  return (capabilities?.approvals?.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS) + 10_000;
}

const ws = (workspaceId: string, rest: string) => `/workspace/${encodeURIComponent(workspaceId)}${rest}`;

/** `GET /capabilities`. */
export function getCapabilities(host: PairedHost): Promise<OpenworkCapabilities> {
  return call(host, '/capabilities');
}

/** `GET /whoami` → the token's scope (`viewer` | `collaborator` | `owner`). */
export function whoami(host: PairedHost): Promise<{ ok: boolean; actor: { type: string; scope?: string } }> {
  return call(host, '/whoami');
}

/** `GET /workspaces` (raw body; parse with `parseWorkspaces`). */
export function getWorkspaces(host: PairedHost): Promise<unknown> {
  return call(host, '/workspaces');
}

/** `GET /workspace/:id/files/content?path=` (text files only, ≤ 5,000,000 bytes). */
export function readWorkspaceFile(host: PairedHost, workspaceId: string, path: string): Promise<WorkspaceFile> {
  return call(host, ws(workspaceId, '/files/content'), { query: { path } });
}

/**
 * `POST /workspace/:id/files/content` with the revision precondition: `baseUpdatedAt` is the
 * `updatedAt` the user started from; `force` overwrites a newer version.
 *
 * @throws {HostError} 409 `conflict` (details `{baseUpdatedAt, currentUpdatedAt}`), 403
 *   `write_denied` (host approval denied or timed out), 413 `file_too_large`, 400 `invalid_path`.
 */
export function writeWorkspaceFile(
  host: PairedHost,
  workspaceId: string,
  file: { path: string; content: string; baseUpdatedAt?: number; force?: boolean },
  capabilities?: OpenworkCapabilities,
): Promise<WriteResult> {
  return call(host, ws(workspaceId, '/files/content'), { method: 'POST', body: file, timeoutMs: writeTimeoutMs(capabilities) });
}

/** `GET /workspace/:id/files/raw?path=` as a Blob (images and other binaries). */
export async function readWorkspaceFileBlob(host: PairedHost, workspaceId: string, path: string): Promise<Blob> {
  requireOpenwork(host);
  const url = new URL(joinUrl(host.url, ws(workspaceId, '/files/raw')));
  url.searchParams.set('path', path);
  const fetchWithAuth = authorizedFetch(openworkAuthorization(host.url, host.credentials));
  let response: Response;
  try {
    response = await fetchWithAuth(url.toString(), { headers: { 'x-openwork-client-id': clientId() }, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new HostError('unreachable', 'GET /files/raw failed: the host could not be reached.', 'Check the connection, then try again.', { cause: error });
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not a JSON error body: keep the text for the message.
    }
    throw errorForStatus('GET /files/raw', response.status, body);
  }
  return response.blob();
}

/**
 * Lists the workspace tree under `prefix` through a read-only file session
 * (`POST /workspace/:id/files/sessions`, then `GET /files/sessions/:sid/catalog/snapshot`).
 */
export async function listCatalog(host: PairedHost, workspaceId: string, prefix: string): Promise<{ items: CatalogItem[]; truncated: boolean }> {
  const { session } = await call<{ session: { id: string } }>(host, ws(workspaceId, '/files/sessions'), { method: 'POST', body: { write: false, ttlSeconds: 60 } });
  try {
    const snapshot = await call<{ items: CatalogItem[]; truncated?: boolean }>(host, `/files/sessions/${encodeURIComponent(session.id)}/catalog/snapshot`, {
      query: { prefix: prefix || undefined, includeDirs: true, limit: 2000, excludeHeavyDirectories: true },
    });
    return { items: snapshot.items, truncated: snapshot.truncated ?? false };
  } finally {
    // Closing is a courtesy (sessions expire on their own); a failure here must not hide the listing.
    void call(host, `/files/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** `GET /workspace/:id/skills`. */
export async function listSkills(host: PairedHost, workspaceId: string): Promise<Skill[]> {
  return (await call<{ items: Skill[] }>(host, ws(workspaceId, '/skills'))).items;
}

/** `GET /workspace/:id/skills/:name` → `{item, content}` (content is the whole SKILL.md). */
export function getSkill(host: PairedHost, workspaceId: string, name: string): Promise<{ item: Skill; content: string }> {
  return call(host, ws(workspaceId, `/skills/${encodeURIComponent(name)}`));
}

/** `POST /workspace/:id/skills` `{name, content, description?}` (approval-gated). */
export function saveSkill(host: PairedHost, workspaceId: string, skill: { name: string; content: string; description?: string }, capabilities?: OpenworkCapabilities): Promise<Skill> {
  return call(host, ws(workspaceId, '/skills'), { method: 'POST', body: skill, timeoutMs: writeTimeoutMs(capabilities) });
}

/** `DELETE /workspace/:id/skills/:name` (approval-gated). */
export function deleteSkill(host: PairedHost, workspaceId: string, name: string, capabilities?: OpenworkCapabilities): Promise<unknown> {
  return call(host, ws(workspaceId, `/skills/${encodeURIComponent(name)}`), { method: 'DELETE', timeoutMs: writeTimeoutMs(capabilities) });
}

/** `GET /workspace/:id/plugins`. */
export async function listPlugins(host: PairedHost, workspaceId: string): Promise<Plugin[]> {
  return (await call<{ items: Plugin[] }>(host, ws(workspaceId, '/plugins'))).items;
}

/** `POST /workspace/:id/plugins` `{spec}` (an npm spec; approval-gated). */
export async function addPlugin(host: PairedHost, workspaceId: string, spec: string, capabilities?: OpenworkCapabilities): Promise<Plugin[]> {
  return (await call<{ items: Plugin[] }>(host, ws(workspaceId, '/plugins'), { method: 'POST', body: { spec }, timeoutMs: writeTimeoutMs(capabilities) })).items;
}

/** `DELETE /workspace/:id/plugins/:name` (approval-gated). */
export async function removePlugin(host: PairedHost, workspaceId: string, name: string, capabilities?: OpenworkCapabilities): Promise<Plugin[]> {
  return (await call<{ items: Plugin[] }>(host, ws(workspaceId, `/plugins/${encodeURIComponent(name)}`), { method: 'DELETE', timeoutMs: writeTimeoutMs(capabilities) })).items;
}

/** `GET /workspace/:id/mcp`. */
export async function listMcpServers(host: PairedHost, workspaceId: string): Promise<McpServer[]> {
  return (await call<{ items: McpServer[] }>(host, ws(workspaceId, '/mcp'))).items;
}

/** `POST /workspace/:id/mcp` `{name, config}`: `{type:'local', command:[…]}` or `{type:'remote', url}`. */
export async function addMcpServer(host: PairedHost, workspaceId: string, server: { name: string; config: McpServer['config'] }, capabilities?: OpenworkCapabilities): Promise<McpServer[]> {
  return (await call<{ items: McpServer[] }>(host, ws(workspaceId, '/mcp'), { method: 'POST', body: server, timeoutMs: writeTimeoutMs(capabilities) })).items;
}

/** `DELETE /workspace/:id/mcp/:name`. */
export async function removeMcpServer(host: PairedHost, workspaceId: string, name: string, capabilities?: OpenworkCapabilities): Promise<McpServer[]> {
  return (await call<{ items: McpServer[] }>(host, ws(workspaceId, `/mcp/${encodeURIComponent(name)}`), { method: 'DELETE', timeoutMs: writeTimeoutMs(capabilities) })).items;
}

/** `GET /workspace/:id/commands`. */
export async function listCommands(host: PairedHost, workspaceId: string): Promise<Command[]> {
  return (await call<{ items: Command[] }>(host, ws(workspaceId, '/commands'))).items;
}

/** `POST /workspace/:id/commands` `{name, template, description?}` (create or replace). */
export async function saveCommand(host: PairedHost, workspaceId: string, command: { name: string; template: string; description?: string }, capabilities?: OpenworkCapabilities): Promise<Command[]> {
  return (await call<{ items: Command[] }>(host, ws(workspaceId, '/commands'), { method: 'POST', body: command, timeoutMs: writeTimeoutMs(capabilities) })).items;
}

/** `DELETE /workspace/:id/commands/:name`. */
export function deleteCommand(host: PairedHost, workspaceId: string, name: string, capabilities?: OpenworkCapabilities): Promise<unknown> {
  return call(host, ws(workspaceId, `/commands/${encodeURIComponent(name)}`), { method: 'DELETE', timeoutMs: writeTimeoutMs(capabilities) });
}

/** `GET /workspace/:id/config` → `{opencode, openwork, updatedAt}`. */
export function getWorkspaceConfig(host: PairedHost, workspaceId: string): Promise<{ opencode: Record<string, unknown>; openwork?: Record<string, unknown>; updatedAt: number | null }> {
  return call(host, ws(workspaceId, '/config'));
}

/** `GET /workspace/:id/audit?limit=` (newest first; limit ≤ 200). */
export async function listAudit(host: PairedHost, workspaceId: string, limit = 50): Promise<AuditEntry[]> {
  return (await call<{ items: AuditEntry[] }>(host, ws(workspaceId, '/audit'), { query: { limit } })).items;
}

/** `POST /workspace/:id/engine/reload` `{force?}` → `{ok, reloadedAt}`. */
export function reloadEngine(host: PairedHost, workspaceId: string, force = false): Promise<{ ok: boolean; reloadedAt: number }> {
  return call(host, ws(workspaceId, '/engine/reload'), { method: 'POST', body: { force }, timeoutMs: 60_000 });
}

/** `GET /approvals` (owner: host token or owner bearer) → pending writes held by the host. */
export async function listHostApprovals(host: PairedHost): Promise<HostApproval[]> {
  return (await call<{ items: HostApproval[] }>(host, '/approvals', { owner: true })).items;
}

/** `POST /approvals/:id` `{reply:'allow'|'deny'}`. @throws {HostError} 404 `approval_not_found`. */
export function replyHostApproval(host: PairedHost, id: string, reply: 'allow' | 'deny'): Promise<{ ok: boolean; allowed: boolean }> {
  return call(host, `/approvals/${encodeURIComponent(id)}`, { method: 'POST', body: { reply }, owner: true });
}
