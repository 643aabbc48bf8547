/**
 * Queries about the paired host itself that several features read: its capabilities, its
 * workspaces and who the token is. One query key and one fetcher each, so every screen shares one
 * cache entry and one request. Keys are rooted at {@link hostKey}: forgetting or re-syncing a host
 * drops them with the rest of its data.
 */
import { queryOptions } from '@tanstack/react-query';
import { getCapabilities, isRouteMissing, whoami, type OpenworkCapabilities } from './openwork';
import type { PairedHost, WorkspaceSummary } from './types';
import { listWorkspaces } from './workspaces';

/** Root of every react-query key that holds data of one host: `['host', hostId]`. */
export function hostKey(hostId: string): readonly ['host', string] {
  return ['host', hostId] as const;
}

/** Keys of the host-level queries. */
export const hostQueryKeys = {
  capabilities: (hostId: string) => [...hostKey(hostId), 'capabilities'] as const,
  workspaces: (hostId: string) => [...hostKey(hostId), 'workspaces'] as const,
  whoami: (hostId: string) => [...hostKey(hostId), 'whoami'] as const,
};

/**
 * What an OpenWork host offers (`GET /capabilities`); `null` for direct OpenCode, which has no
 * such route. Fresh for 5 minutes: capabilities change only with the host's version or config.
 *
 * @throws {HostError} from the host call (401, unreachable, `bad-response` for a wrong shape).
 */
export function capabilitiesQuery(host: PairedHost) {
  return queryOptions({
    queryKey: hostQueryKeys.capabilities(host.id),
    queryFn: async (): Promise<OpenworkCapabilities | null> =>
      host.kind === 'openwork' ? getCapabilities(host) : null,
    staleTime: 5 * 60_000,
  });
}

/** The workspaces of an OpenWork host (`GET /workspaces`), the host's active one first; disabled for direct OpenCode. */
export function workspacesQuery(host: PairedHost) {
  return queryOptions({
    queryKey: hostQueryKeys.workspaces(host.id),
    queryFn: (): Promise<{ items: WorkspaceSummary[]; activeId?: string }> => listWorkspaces(host),
    enabled: host.kind === 'openwork',
  });
}

/**
 * The token's scope on an OpenWork host (`GET /whoami` → `actor.scope`: `viewer` | `collaborator`
 * | `owner`), `null` when the host names none or has no such route (the v0.7.1 line, whose tokens
 * have no scope). Asked once per host: never stale, not retried, and a 404 is remembered for the
 * host (`route-memory.ts`) so later page loads do not ask again. Disabled for direct OpenCode.
 *
 * @throws {HostError} from the host call, except a missing route (which reads as `null`).
 */
export function whoamiQuery(host: PairedHost) {
  return queryOptions({
    queryKey: hostQueryKeys.whoami(host.id),
    queryFn: async (): Promise<string | null> => {
      try {
        return (await whoami(host)).actor.scope ?? null;
      } catch (error) {
        // A host without scoped tokens has no whoami: the token is no owner, nothing failed.
        if (isRouteMissing(error)) return null;
        throw error;
      }
    },
    enabled: host.kind === 'openwork',
    staleTime: Infinity,
    retry: false,
  });
}
