/**
 * Server state of the workspace screen: skills, plugins, MCP servers, commands, config and audit
 * of the paired host (queries), and every write to them (mutations). OpenWork host:
 * `/workspace/:id/{skills,plugins,mcp,commands,config,audit,engine/reload}`, writes approval-gated
 * (the host holds a write until its owner answers). Direct OpenCode: read-only (see ./lists).
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  HostError,
  hostKey,
  isRouteMissing,
  openwork,
  switchWorkspace,
  type McpServer,
  type OpenworkCapabilities,
  type PairedHost,
  type WorkspaceSummary,
} from '@/host';
import { extensionKeys, isOpenwork, requireWorkspace, type OpenworkWorkspaceHost } from './keys';
import { listExtensions, opencodeConfig, type ExtensionKind } from './lists';

export { extensionKeys, isOpenwork, requireWorkspace, type OpenworkWorkspaceHost } from './keys';
export type { ExtensionItem, ExtensionKind } from './lists';

/**
 * One extension list as {@link ExtensionItem} rows: from the workspace on an OpenWork host, from
 * OpenCode on a direct connection.
 *
 * @throws {HostError} from the host call (404 `not_found`: an older host without the route).
 */
export function extensionsQuery(host: PairedHost, kind: ExtensionKind) {
  return queryOptions({
    queryKey: extensionKeys.list(host, kind),
    queryFn: () => listExtensions(host, isOpenwork(host) ? host.workspaceId : undefined, kind),
  });
}

/**
 * A skill's `SKILL.md` text, to edit it: `GET /workspace/:id/skills/:name` → `content`. A host
 * without that route (the v0.7.1 line) is read another way: `listed`, the content its skills list
 * carried, else the workspace export (`GET /workspace/:id/export` → `skills[].content`). Saving
 * goes through `POST /workspace/:id/skills`, which every host has.
 *
 * @throws {HostError} from the host call; `not-found` without an OpenWork workspace, or when the
 *   host has neither route and the skill is not in its export.
 */
export function skillDocumentQuery(host: PairedHost, name: string, listed?: string) {
  return queryOptions({
    queryKey: extensionKeys.skill(host, name),
    queryFn: async (): Promise<string> => {
      const target = requireWorkspace(host);
      try {
        return (await openwork.getSkill(target, target.workspaceId, name)).content;
      } catch (error) {
        if (!isRouteMissing(error)) throw error;
      }
      if (listed !== undefined) return listed;
      const exported = (await openwork.exportedSkills(target, target.workspaceId)).find((s) => s.name === name);
      if (exported) return exported.content;
      throw new HostError(
        'not-found',
        `This host's version cannot read one skill, and its export does not include ${name}.`,
        'Edit the skill on the host, or refresh the list in case it was removed.',
      );
    },
  });
}

/** The workspace's OpenCode settings: via the host (`GET /workspace/:id/config` → `opencode`) or OpenCode (`GET /config`). */
export function configQuery(host: PairedHost) {
  return queryOptions({
    queryKey: extensionKeys.config(host),
    queryFn: async (): Promise<Record<string, unknown>> =>
      isOpenwork(host) ? (await openwork.getWorkspaceConfig(host, host.workspaceId)).opencode : opencodeConfig(host),
  });
}

/** The workspace's audit log, newest first, at most 50 entries (`GET /workspace/:id/audit`; OpenWork only). */
export function auditQuery(host: PairedHost) {
  return queryOptions({
    queryKey: extensionKeys.audit(host),
    queryFn: () => {
      const target = requireWorkspace(host);
      return openwork.listAudit(target, target.workspaceId, 50);
    },
    enabled: isOpenwork(host),
  });
}

/** What saving one extension sends (`POST /workspace/:id/<kind>`), by kind; a save of an existing name replaces it. */
export type ExtensionSave =
  | { kind: 'skills'; name: string; content: string; description?: string }
  | { kind: 'plugins'; spec: string }
  | { kind: 'mcp'; name: string; config: McpServer['config'] }
  | { kind: 'commands'; name: string; template: string; description?: string };

/** One write to a list of `kind`: save (create or replace) an entry, or remove one by name. */
export type ExtensionWrite<K extends ExtensionKind = ExtensionKind> =
  { op: 'save'; save: Extract<ExtensionSave, { kind: K }> } | { op: 'remove'; name: string };

type Capabilities = OpenworkCapabilities | null | undefined;

function save(
  host: OpenworkWorkspaceHost,
  entry: ExtensionSave,
  capabilities: OpenworkCapabilities | undefined,
): Promise<unknown> {
  const id = host.workspaceId;
  switch (entry.kind) {
    case 'skills':
      return openwork.saveSkill(
        host,
        id,
        {
          name: entry.name,
          content: entry.content,
          ...(entry.description !== undefined ? { description: entry.description } : {}),
        },
        capabilities,
      );
    case 'plugins':
      return openwork.addPlugin(host, id, entry.spec, capabilities);
    case 'mcp':
      return openwork.addMcpServer(host, id, { name: entry.name, config: entry.config }, capabilities);
    case 'commands':
      return openwork.saveCommand(
        host,
        id,
        {
          name: entry.name,
          template: entry.template,
          ...(entry.description !== undefined ? { description: entry.description } : {}),
        },
        capabilities,
      );
  }
}

const REMOVE: Record<
  ExtensionKind,
  (host: PairedHost, workspaceId: string, name: string, capabilities?: OpenworkCapabilities) => Promise<unknown>
> = {
  skills: openwork.deleteSkill,
  plugins: openwork.removePlugin,
  mcp: openwork.removeMcpServer,
  commands: openwork.deleteCommand,
};

/**
 * What a write to `kind` makes stale: its list and the audit log; plugins and MCP servers live in
 * `opencode.json`, so the settings too (skills and commands are files of their own).
 */
function staleAfterWrite(host: PairedHost, kind: ExtensionKind) {
  return [
    extensionKeys.list(host, kind),
    extensionKeys.audit(host),
    ...(kind === 'plugins' || kind === 'mcp' ? [extensionKeys.config(host)] : []),
  ];
}

/**
 * Saves or removes an entry of `kind` on the OpenWork host (`POST` / `DELETE
 * /workspace/:id/<kind>[/:name]`). The host may hold the request until its owner approves it (up
 * to `capabilities.approvals.timeoutMs`, default 30 s); the request itself waits 10 s longer.
 * On success the list, the audit log (and the settings, for plugins and MCP) are refetched.
 *
 * @throws {HostError} (as the mutation's `error`) `not-found` without an OpenWork workspace; the
 * host's `write_denied` (denied or timed out), `read_only`, `forbidden`, or a transport error.
 */
export function useExtensionWrite<K extends ExtensionKind>(host: PairedHost, kind: K, capabilities: Capabilities) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: extensionKeys.write(host, kind),
    mutationFn: (write: ExtensionWrite<K>) => {
      const target = requireWorkspace(host);
      return write.op === 'save'
        ? save(target, write.save, capabilities ?? undefined)
        : REMOVE[kind](target, target.workspaceId, write.name, capabilities ?? undefined);
    },
    onSuccess: () => {
      // Not awaited: the write is done; the lists refresh behind it.
      for (const queryKey of staleAfterWrite(host, kind)) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/**
 * Reloads the workspace's engine so it picks up changed extensions (`POST
 * /workspace/:id/engine/reload` `{force: false}`); refetches the audit log after.
 *
 * @throws {HostError} (as `error`) a 404 from an older host without the route (see `isRouteMissing`).
 */
export function useReloadEngine(host: PairedHost) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: extensionKeys.reload(host),
    mutationFn: () => {
      const target = requireWorkspace(host);
      return openwork.reloadEngine(target, target.workspaceId);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: extensionKeys.audit(host) }),
  });
}

/**
 * Shows another workspace of the OpenWork host on this device (`switchWorkspace`: the host's own
 * active workspace is unchanged). Everything of the host is refetched: sessions, files and
 * extensions all follow the workspace.
 *
 * @throws {HostError} (as `error`) when the workspace has no reachable OpenCode.
 */
export function useSwitchWorkspace(host: PairedHost) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: extensionKeys.switchWorkspace(host),
    mutationFn: (workspace: WorkspaceSummary) => switchWorkspace(host, workspace),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: hostKey(host.id) }),
  });
}
