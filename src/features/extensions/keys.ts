/**
 * The react-query keys of the extensions feature, and the guard that says whether a host is an
 * OpenWork host (which always has a workspace: `OpenworkPairedHost.workspaceId`).
 */
import { HostError, hostKey, type OpenworkPairedHost, type PairedHost } from '@/host';
import type { ExtensionKind } from './lists';

/** A host the workspace writes can go to: an OpenWork host (always on one of its workspaces). */
export type OpenworkWorkspaceHost = OpenworkPairedHost;

/** True for an OpenWork host: the only host the `/workspace/:id/…` routes serve. */
export function isOpenwork(host: PairedHost): host is OpenworkWorkspaceHost {
  return host.kind === 'openwork';
}

/**
 * The host narrowed to {@link OpenworkWorkspaceHost}, for a write.
 *
 * @throws {HostError} `not-found` when it is direct OpenCode.
 */
export function requireWorkspace(host: PairedHost): OpenworkWorkspaceHost {
  if (isOpenwork(host)) return host;
  throw new HostError(
    'not-found',
    `${host.name} has no OpenWork workspace to change.`,
    'Pair with an OpenWork host and pick a workspace on this screen.',
  );
}

/**
 * React-query keys of this feature, rooted at the host's key and the shown workspace
 * (`'default'` for direct OpenCode). Queries: `list`, `skill`, `config`, `audit`. Mutations:
 * `write` (one per kind), `reload`, `switchWorkspace`; all under `all`, so
 * `useIsMutating({ mutationKey: extensionKeys.all(host) })` counts every write in flight.
 */
export const extensionKeys = {
  all: (host: PairedHost) =>
    [...hostKey(host.id), 'extensions', isOpenwork(host) ? host.workspaceId : 'default'] as const,
  list: (host: PairedHost, kind: ExtensionKind) => [...extensionKeys.all(host), kind] as const,
  /** Under the skills list, so a skills write makes an opened SKILL.md stale too. */
  skill: (host: PairedHost, name: string) => [...extensionKeys.list(host, 'skills'), 'document', name] as const,
  config: (host: PairedHost) => [...extensionKeys.all(host), 'config'] as const,
  audit: (host: PairedHost) => [...extensionKeys.all(host), 'audit'] as const,
  write: (host: PairedHost, kind: ExtensionKind) => [...extensionKeys.all(host), kind, 'write'] as const,
  reload: (host: PairedHost) => [...extensionKeys.all(host), 'engine-reload'] as const,
  switchWorkspace: (host: PairedHost) => [...extensionKeys.all(host), 'switch-workspace'] as const,
};
