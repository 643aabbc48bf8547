/**
 * The react-query keys of the extensions feature, and the one guard that says whether a host has
 * an OpenWork workspace (so no call is ever sent with an empty workspace id).
 */
import { HostError, hostKey, type PairedHost } from '@/host';
import type { ExtensionKind } from './lists';

/**
 * A host the workspace writes can go to: OpenWork, with a workspace chosen. Written as an
 * intersection so it keeps narrowing once `PairedHost` becomes a union by `kind`.
 */
export type OpenworkWorkspaceHost = PairedHost & { kind: 'openwork'; workspaceId: string };

/** True for an OpenWork host with a workspace: the only host the `/workspace/:id/…` routes serve. */
export function isOpenwork(host: PairedHost): host is OpenworkWorkspaceHost {
  return host.kind === 'openwork' && Boolean(host.workspaceId);
}

/**
 * The host narrowed to {@link OpenworkWorkspaceHost}, for a write.
 *
 * @throws {HostError} `not-found` when it is direct OpenCode or has no workspace (a write is never
 * sent with an empty workspace id).
 */
export function requireWorkspace(host: PairedHost): OpenworkWorkspaceHost {
  if (isOpenwork(host)) return host;
  throw new HostError('not-found', `${host.name} has no OpenWork workspace to change.`, 'Pair with an OpenWork host and pick a workspace on this screen.');
}

/**
 * React-query keys of this feature, rooted at the host's key and the shown workspace
 * (`'default'` for direct OpenCode). Queries: `list`, `skill`, `config`, `audit`. Mutations:
 * `write` (one per kind), `reload`, `switchWorkspace`; all under `all`, so
 * `useIsMutating({ mutationKey: extensionKeys.all(host) })` counts every write in flight.
 */
export const extensionKeys = {
  all: (host: PairedHost) => [...hostKey(host.id), 'extensions', isOpenwork(host) ? host.workspaceId : 'default'] as const,
  list: (host: PairedHost, kind: ExtensionKind) => [...extensionKeys.all(host), kind] as const,
  /** Under the skills list, so a skills write makes an opened SKILL.md stale too. */
  skill: (host: PairedHost, name: string) => [...extensionKeys.list(host, 'skills'), 'document', name] as const,
  config: (host: PairedHost) => [...extensionKeys.all(host), 'config'] as const,
  audit: (host: PairedHost) => [...extensionKeys.all(host), 'audit'] as const,
  write: (host: PairedHost, kind: ExtensionKind) => [...extensionKeys.all(host), kind, 'write'] as const,
  reload: (host: PairedHost) => [...extensionKeys.all(host), 'engine-reload'] as const,
  switchWorkspace: (host: PairedHost) => [...extensionKeys.all(host), 'switch-workspace'] as const,
};
