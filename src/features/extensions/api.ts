/**
 * Skills, plugins, MCP servers, commands, config, audit and workspaces of the paired host.
 * OpenWork host: `/workspace/:id/{skills,plugins,mcp,commands,config,audit}` (writes are
 * approval-gated). Direct OpenCode: read-only, from `GET /skill` (app.skills), `GET /config`
 * (plugin, mcp), `GET /mcp` (status) and `GET /command`.
 */
import { queryOptions } from '@tanstack/react-query';
import { hostKey, listWorkspaces, openwork, opencodeFor, unwrap, type PairedHost } from '@/host';

/** A row of any extension list, in the same shape for both kinds of host. */
export interface ExtensionItem {
  name: string;
  detail?: string;
  /** Commands: the prompt template, to edit it. */
  template?: string;
  scope?: string;
  status?: string;
}

export type ExtensionKind = 'skills' | 'plugins' | 'mcp' | 'commands';

export const extensionKeys = {
  all: (host: PairedHost) => [...hostKey(host.id), 'extensions', host.workspaceId ?? 'default'] as const,
  list: (host: PairedHost, kind: ExtensionKind) => [...extensionKeys.all(host), kind] as const,
  config: (host: PairedHost) => [...extensionKeys.all(host), 'config'] as const,
  audit: (host: PairedHost) => [...extensionKeys.all(host), 'audit'] as const,
  workspaces: (host: PairedHost) => [...hostKey(host.id), 'workspaces'] as const,
  capabilities: (host: PairedHost) => [...hostKey(host.id), 'capabilities'] as const,
};

function isOpenwork(host: PairedHost): host is PairedHost & { workspaceId: string } {
  return host.kind === 'openwork' && Boolean(host.workspaceId);
}

async function opencodeConfig(host: PairedHost): Promise<Record<string, unknown>> {
  return ((await unwrap(opencodeFor(host).config.get(), 'GET /config')) ?? {}) as Record<string, unknown>;
}

function describeMcpConfig(config: Record<string, unknown>): string {
  if (config.type === 'remote' && typeof config.url === 'string') return config.url;
  if (Array.isArray(config.command)) return config.command.join(' ');
  return String(config.type ?? '');
}

async function listExtensions(host: PairedHost, kind: ExtensionKind): Promise<ExtensionItem[]> {
  if (isOpenwork(host)) {
    const id = host.workspaceId;
    switch (kind) {
      case 'skills':
        return (await openwork.listSkills(host, id)).map((s) => ({ name: s.name, detail: s.description, scope: s.scope }));
      case 'plugins':
        return (await openwork.listPlugins(host, id)).map((p) => ({ name: p.spec, scope: p.scope ?? p.source }));
      case 'mcp':
        return (await openwork.listMcpServers(host, id)).map((m) => ({ name: m.name, detail: describeMcpConfig(m.config as Record<string, unknown>), ...(m.config.enabled === false ? { status: 'disabled' } : {}) }));
      case 'commands':
        return (await openwork.listCommands(host, id)).map((c) => ({ name: c.name, detail: c.description ?? c.template.slice(0, 80), template: c.template, ...(c.scope ? { scope: c.scope } : {}) }));
    }
  }
  const client = opencodeFor(host);
  switch (kind) {
    case 'skills':
      return ((await unwrap(client.app.skills(), 'GET /skill')) ?? []).map((s) => ({ name: s.name, ...(s.description ? { detail: s.description } : {}) }));
    case 'plugins': {
      const plugins = (await opencodeConfig(host)).plugin;
      return Array.isArray(plugins) ? plugins.filter((p): p is string => typeof p === 'string').map((spec) => ({ name: spec })) : [];
    }
    case 'mcp': {
      const [status, config] = await Promise.all([unwrap(client.mcp.status(), 'GET /mcp'), opencodeConfig(host)]);
      const configured = (typeof config.mcp === 'object' && config.mcp !== null ? config.mcp : {}) as Record<string, Record<string, unknown>>;
      const names = new Set([...Object.keys(status ?? {}), ...Object.keys(configured)]);
      return [...names].map((name) => ({ name, ...(configured[name] ? { detail: describeMcpConfig(configured[name]) } : {}), ...(status?.[name] ? { status: status[name].status } : {}) }));
    }
    case 'commands':
      return ((await unwrap(client.command.list(), 'GET /command')) ?? []).map((c) => ({ name: c.name, detail: c.description ?? c.template.slice(0, 80), ...(c.source ? { scope: c.source } : {}) }));
  }
}

export function extensionsQuery(host: PairedHost, kind: ExtensionKind) {
  return queryOptions({ queryKey: extensionKeys.list(host, kind), queryFn: () => listExtensions(host, kind) });
}

/** The workspace's OpenCode settings: via the host (`GET /workspace/:id/config`) or OpenCode (`GET /config`). */
export function configQuery(host: PairedHost) {
  return queryOptions({
    queryKey: extensionKeys.config(host),
    queryFn: async (): Promise<Record<string, unknown>> => (isOpenwork(host) ? (await openwork.getWorkspaceConfig(host, host.workspaceId)).opencode : opencodeConfig(host)),
  });
}

/** The workspace's audit log, newest first (OpenWork only). */
export function auditQuery(host: PairedHost) {
  return queryOptions({ queryKey: extensionKeys.audit(host), queryFn: () => openwork.listAudit(host, host.workspaceId ?? '', 50), enabled: isOpenwork(host) });
}

/** The host's workspaces (OpenWork only). */
export function workspacesQuery(host: PairedHost) {
  return queryOptions({ queryKey: extensionKeys.workspaces(host), queryFn: () => listWorkspaces(host), enabled: host.kind === 'openwork' });
}

/** Capabilities (OpenWork only; `null` for direct OpenCode). */
export function capabilitiesQuery(host: PairedHost) {
  return queryOptions({
    queryKey: extensionKeys.capabilities(host),
    queryFn: async () => (host.kind === 'openwork' ? openwork.getCapabilities(host) : null),
    staleTime: 5 * 60_000,
  });
}
