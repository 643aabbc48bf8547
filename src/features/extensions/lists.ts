/**
 * Reading the four extension lists into one row shape, per kind and per kind of host.
 * OpenWork host: `GET /workspace/:id/{skills,plugins,mcp,commands}`. Direct OpenCode (read-only):
 * `GET /skill`, `GET /config` (`plugin`, `mcp`), `GET /mcp` (status) and `GET /command`.
 */
import { openwork, opencodeFor, unwrap, type PairedHost } from '@/host';
import { isRecord, stringList } from '@/lib/guards';

/** A row of any extension list, in the same shape for both kinds of host. */
export interface ExtensionItem {
  name: string;
  /** One line under the name: a description, an MCP command or URL, a template's start. */
  detail?: string;
  /** Commands: the prompt template, to edit it. */
  template?: string;
  /** Skills: the whole SKILL.md, when the host's list carries it (to edit it on hosts that cannot read one skill). */
  content?: string;
  /** Where it is defined (`project`, `global`, `config`…), as the host names it. */
  scope?: string;
  /** MCP servers: `connected`, `failed`, `disabled`… */
  status?: string;
}

/** The four extension lists a workspace has. */
export type ExtensionKind = 'skills' | 'plugins' | 'mcp' | 'commands';

/** Longest template start shown as a command's detail, in characters. */
const TEMPLATE_PREVIEW = 80;

/**
 * OpenCode's settings as `GET /config` returns them (`{}` when empty).
 *
 * @throws {HostError} from the OpenCode call.
 */
export async function opencodeConfig(host: PairedHost): Promise<Record<string, unknown>> {
  const config: unknown = await unwrap(opencodeFor(host).config.get(), 'GET /config');
  return isRecord(config) ? config : {};
}

/** How an MCP server's config reads in one line: its URL, its command, or its type. */
function describeMcpConfig(config: Record<string, unknown>): string {
  if (config.type === 'remote' && typeof config.url === 'string') return config.url;
  if (Array.isArray(config.command)) return stringList(config.command).join(' ');
  return String(config.type ?? '');
}

/** Rows of `kind` from an OpenWork host's workspace `workspaceId`. */
async function listFromOpenwork(host: PairedHost, workspaceId: string, kind: ExtensionKind): Promise<ExtensionItem[]> {
  switch (kind) {
    case 'skills':
      return (await openwork.listSkills(host, workspaceId)).map((s) => ({
        name: s.name,
        detail: s.description,
        scope: s.scope,
        ...(s.content !== undefined ? { content: s.content } : {}),
      }));
    case 'plugins':
      return (await openwork.listPlugins(host, workspaceId)).map((p) => ({ name: p.spec, scope: p.scope ?? p.source }));
    case 'mcp':
      return (await openwork.listMcpServers(host, workspaceId)).map((m) => ({
        name: m.name,
        detail: describeMcpConfig(m.config),
        ...(m.config.enabled === false ? { status: 'disabled' } : {}),
      }));
    case 'commands':
      return (await openwork.listCommands(host, workspaceId)).map((c) => ({
        name: c.name,
        detail: c.description ?? c.template.slice(0, TEMPLATE_PREVIEW),
        template: c.template,
        ...(c.scope ? { scope: c.scope } : {}),
      }));
  }
}

/** Rows of `kind` from OpenCode itself (what a direct connection shows, read-only). */
async function listFromOpencode(host: PairedHost, kind: ExtensionKind): Promise<ExtensionItem[]> {
  const client = opencodeFor(host);
  switch (kind) {
    case 'skills':
      return ((await unwrap(client.app.skills(), 'GET /skill')) ?? []).map((s) => ({
        name: s.name,
        ...(s.description ? { detail: s.description } : {}),
      }));
    case 'plugins':
      return stringList((await opencodeConfig(host)).plugin).map((spec) => ({ name: spec }));
    case 'mcp': {
      const [status, config] = await Promise.all([unwrap(client.mcp.status(), 'GET /mcp'), opencodeConfig(host)]);
      const configured = isRecord(config.mcp) ? config.mcp : {};
      const names = new Set([...Object.keys(status ?? {}), ...Object.keys(configured)]);
      return [...names].map((name) => {
        const entry = configured[name];
        return {
          name,
          ...(isRecord(entry) ? { detail: describeMcpConfig(entry) } : {}),
          ...(status?.[name] ? { status: status[name].status } : {}),
        };
      });
    }
    case 'commands':
      return ((await unwrap(client.command.list(), 'GET /command')) ?? []).map((c) => ({
        name: c.name,
        detail: c.description ?? c.template.slice(0, TEMPLATE_PREVIEW),
        ...(c.source ? { scope: c.source } : {}),
      }));
  }
}

/**
 * The rows of one extension list: from the workspace when `workspaceId` is given (an OpenWork
 * host), else from OpenCode.
 *
 * @throws {HostError} from the host call (a 404 `not_found` means an older host without the route).
 */
export function listExtensions(
  host: PairedHost,
  workspaceId: string | undefined,
  kind: ExtensionKind,
): Promise<ExtensionItem[]> {
  return workspaceId === undefined ? listFromOpencode(host, kind) : listFromOpenwork(host, workspaceId, kind);
}
