/**
 * What is waiting for the user on a host: OpenCode permission requests and questions (`GET
 * /permission`, `GET /question`, kept current by `permission.*` / `question.*` events) and, in owner
 * mode, the writes an OpenWork host holds (`GET /approvals`, polled). Kept apart from the cards so
 * the first screen (counts and badges) does not load them.
 */
import { useQuery } from '@tanstack/react-query';
import { hostKey, openwork, whoamiQuery, type HostApproval, type PairedHost } from '@/host';
import { permissionsQuery, questionsQuery, withoutSettled } from './api';
import { countBySession } from './inbox';

const POLL_MS = 5_000;

/** Query keys of the owner-mode queries (the owner check is the shared `whoamiQuery` of `@/host`). */
export const hostApprovalKeys = {
  list: (host: PairedHost) => [...hostKey(host.id), 'host-approvals'] as const,
};

/** True when this device may answer the host's approvals: host token, or an owner-scoped bearer. */
export function useIsOwner(host: PairedHost): boolean {
  // `GET /whoami` is only asked when the host token, which alone makes this device the owner, is absent.
  const scope = useQuery({ ...whoamiQuery(host), enabled: host.kind === 'openwork' && !host.credentials.hostToken });
  return host.kind === 'openwork' && (Boolean(host.credentials.hostToken) || scope.data === 'owner');
}

/** Pending host approvals (owner mode only; empty otherwise) and why they could not be listed. */
export function useHostApprovals(host: PairedHost): { items: HostApproval[]; error: unknown } {
  const owner = useIsOwner(host);
  const list = useQuery({
    queryKey: hostApprovalKeys.list(host),
    // Without those settled here: a poll sent before this device's answer landed must not bring one back.
    queryFn: async ({ client }) => withoutSettled(client, host.id, await openwork.listHostApprovals(host)),
    enabled: owner,
    refetchInterval: POLL_MS,
  });
  return owner ? { items: list.data ?? [], error: list.error } : { items: [], error: null };
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
