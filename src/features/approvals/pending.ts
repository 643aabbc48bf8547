/**
 * What is waiting for the user on a host: OpenCode permission requests and questions (`GET
 * /permission`, `GET /question`, kept current by `permission.*` / `question.*` events) and, in owner
 * mode, the writes an OpenWork host holds (`GET /approvals`, polled). Kept apart from the cards so
 * the first screen (counts and badges) does not load them.
 */
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { hostKey, openwork, whoamiQuery, type HostApproval, type PairedHost } from '@/host';
import { permissionsQuery, questionsQuery, withoutSettled } from './api';
import { countBySession, type HostPending } from './inbox';

const POLL_MS = 5_000;

/** Query keys of the owner-mode queries (the owner check is the shared `whoamiQuery` of `@/host`). */
export const hostApprovalKeys = {
  list: (host: PairedHost) => [...hostKey(host.id), 'host-approvals'] as const,
};

/** `GET /whoami`, asked only when the host token, which alone makes this device the owner, is absent. */
function ownerScopeQuery(host: PairedHost) {
  return { ...whoamiQuery(host), enabled: host.kind === 'openwork' && !host.credentials.hostToken };
}

/** True when this device may answer the host's approvals: host token, or an owner-scoped bearer. */
function isOwner(host: PairedHost, scope: string | null | undefined): boolean {
  return host.kind === 'openwork' && (Boolean(host.credentials.hostToken) || scope === 'owner');
}

/**
 * The host's held writes (`GET /approvals`, polled every 5 s while `owner`), without those
 * settled here. @throws {HostError} from the host call (see `openwork.listHostApprovals`).
 */
function hostApprovalsQuery(host: PairedHost, owner: boolean) {
  return queryOptions({
    queryKey: hostApprovalKeys.list(host),
    // Without those settled here: a poll sent before this device's answer landed must not bring one back.
    queryFn: async ({ client }) => withoutSettled(client, host.id, await openwork.listHostApprovals(host)),
    enabled: owner,
    refetchInterval: POLL_MS,
  });
}

/** True when this device may answer the host's approvals: host token, or an owner-scoped bearer. */
export function useIsOwner(host: PairedHost): boolean {
  return isOwner(host, useQuery(ownerScopeQuery(host)).data);
}

/** Pending host approvals (owner mode only; empty otherwise) and why they could not be listed. */
export function useHostApprovals(host: PairedHost): { items: HostApproval[]; error: unknown } {
  const owner = useIsOwner(host);
  const list = useQuery(hostApprovalsQuery(host, owner));
  return owner ? { items: list.data ?? [], error: list.error } : { items: [], error: null };
}

/** Why one host's requests could not be listed: `requests` (permissions or questions) or `host-approvals`. */
export interface PendingError {
  host: PairedHost;
  list: 'requests' | 'host-approvals';
  error: unknown;
}

/** What waits on every one of `hosts`, as {@link usePendingOnHosts} returns it. */
export interface PendingOnHosts {
  /** One entry per host, in the order of `hosts`. */
  sources: HostPending[];
  /** Requests waiting per host id. */
  byHost: Record<string, number>;
  /** Requests waiting on all hosts together. */
  total: number;
  /** Lists that could not be read, per host. */
  errors: PendingError[];
}

const NONE: never[] = [];

/**
 * Pending permissions, questions and (owner mode) host approvals of every host in `hosts`: the
 * same queries as {@link usePending}, so each host's event stream keeps them current, read
 * together so one render sees every host (the inbox, the nav count, the badge).
 */
export function usePendingOnHosts(hosts: readonly PairedHost[]): PendingOnHosts {
  const scopes = useQueries({ queries: hosts.map(ownerScopeQuery) });
  const owners = hosts.map((host, i) => isOwner(host, scopes[i]?.data));
  // Three typed lists (one query per host each) rather than one mixed list.
  const permissions = useQueries({ queries: hosts.map(permissionsQuery) });
  const questions = useQueries({ queries: hosts.map(questionsQuery) });
  const approvals = useQueries({ queries: hosts.map((host, i) => hostApprovalsQuery(host, owners[i] ?? false)) });
  const sources: HostPending[] = [];
  const byHost: Record<string, number> = {};
  const errors: PendingError[] = [];
  let total = 0;
  hosts.forEach((host, i) => {
    const owner = owners[i] ?? false;
    const source: HostPending = {
      host,
      permissions: permissions[i]?.data ?? NONE,
      questions: questions[i]?.data ?? NONE,
      hostApprovals: owner ? (approvals[i]?.data ?? NONE) : NONE,
    };
    sources.push(source);
    const count = source.permissions.length + source.questions.length + source.hostApprovals.length;
    byHost[host.id] = count;
    total += count;
    const listError = permissions[i]?.error ?? questions[i]?.error;
    if (listError) errors.push({ host, list: 'requests', error: listError });
    const approvalsError = owner ? approvals[i]?.error : null;
    if (approvalsError) errors.push({ host, list: 'host-approvals', error: approvalsError });
  });
  return { sources, byHost, total, errors };
}

/** Pending permissions and questions of a host, optionally only those of `sessionIds` (a session and its subagents). */
export function usePending(host: PairedHost, sessionIds?: readonly string[]) {
  const permissions = useQuery(permissionsQuery(host));
  const questions = useQuery(questionsQuery(host));
  const allPermissions = permissions.data ?? [];
  const allQuestions = questions.data ?? [];
  const { items: hostApprovals, error: hostApprovalsError } = useHostApprovals(host);
  return {
    permissions: sessionIds ? allPermissions.filter((p) => sessionIds.includes(p.sessionID)) : allPermissions,
    questions: sessionIds ? allQuestions.filter((q) => sessionIds.includes(q.sessionID)) : allQuestions,
    total: allPermissions.length + allQuestions.length + hostApprovals.length,
    hostApprovals,
    hostApprovalsError,
    bySession: countBySession(allPermissions, allQuestions),
    error: permissions.error ?? questions.error,
  };
}
