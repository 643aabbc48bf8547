/**
 * Pending permission requests and questions of a host. Source: OpenCode `GET /permission`,
 * `POST /permission/{id}/reply` `{reply: "once"|"always"|"reject"}`, `GET /question`,
 * `POST /question/{id}/reply` `{answers}`, `POST /question/{id}/reject`; events
 * `permission.asked|replied`, `question.asked|replied|rejected`.
 *
 * Whether a request is settled has one home, react-query:
 * - a reply on its way is a pending mutation under {@link approvalKeys.reply} (any screen's card
 *   sees it: {@link isReplyInFlight});
 * - a request this device answered, or found already answered, is in the host's `settled` query
 *   ({@link markSettled}, {@link isSettled}), which the list queries and `*-asked` events consult
 *   so that neither a list fetched before the answer landed nor a replayed event brings it back.
 * Both live under the host's key: forgetting the host (`removeQueries(hostKey)`) forgets them.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import {
  readPermission,
  readQuestion,
  type HostEvent,
  type PermissionRequest,
  type QuestionAnswer,
  type QuestionRequest,
} from '@/domain';
import { hostKey, opencodeFor, readList, unwrap, type PairedHost } from '@/host';
import { reducePermissions, reduceQuestions } from './inbox';
import { noteSeen } from './seen';

export const approvalKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'approvals'] as const,
  permissions: (hostId: string) => [...approvalKeys.all(hostId), 'permissions'] as const,
  questions: (hostId: string) => [...approvalKeys.all(hostId), 'questions'] as const,
  /** Ids of the requests settled on this device (see {@link markSettled}); never fetched. */
  settled: (hostId: string) => [...approvalKeys.all(hostId), 'settled'] as const,
  /** The mutation key of replies to one request: any screen's card sees a reply in flight. */
  reply: (hostId: string, requestId: string) => [...approvalKeys.all(hostId), 'reply', requestId] as const,
};

/** The three answers OpenCode accepts for a permission request. */
export type PermissionReply = 'once' | 'always' | 'reject';

/** How many settled request ids are kept per host; the oldest are forgotten first. */
const SETTLED_LIMIT = 1_000;

/**
 * Remembers that `requestId` of `hostId` is settled (answered here, or found answered elsewhere),
 * in the host's `settled` query: its ids, oldest first, at most 1,000. Nothing is fetched for it.
 * In memory only: after a reload the host's own list is the truth again.
 */
export function markSettled(queryClient: QueryClient, hostId: string, requestId: string): void {
  const queryKey = approvalKeys.settled(hostId);
  // Created with its own options first: `setQueryData` alone would give it the default gcTime,
  // and once collected (it has no observer) a late re-sync could bring a settled request back.
  queryClient.getQueryCache().build<readonly string[]>(queryClient, {
    queryKey,
    // Reads itself back, so an accidental refetch (e.g. `refetchQueries` over the host) keeps it.
    queryFn: ({ client }) => client.getQueryData<readonly string[]>(queryKey) ?? [],
    gcTime: Infinity,
    // Kept by a screen's "Try again", which resets the host data it may have rendered badly.
    meta: { deviceState: true },
  });
  queryClient.setQueryData<readonly string[]>(queryKey, (ids = []) =>
    ids.includes(requestId) ? ids : [...ids, requestId].slice(-SETTLED_LIMIT),
  );
}

/** True when `requestId` of `hostId` was settled on this device (see {@link markSettled}). */
export function isSettled(queryClient: QueryClient, hostId: string, requestId: string): boolean {
  return queryClient.getQueryData<readonly string[]>(approvalKeys.settled(hostId))?.includes(requestId) ?? false;
}

/** True while a reply to `requestId` of `hostId` is on its way, from any card on any screen. */
export function isReplyInFlight(queryClient: QueryClient, hostId: string, requestId: string): boolean {
  return queryClient.isMutating({ mutationKey: approvalKeys.reply(hostId, requestId) }) > 0;
}

/** `list` without the requests settled on this device; `list` itself when none are. */
export function withoutSettled<T extends { id: string }>(queryClient: QueryClient, hostId: string, list: T[]): T[] {
  const settled = queryClient.getQueryData<readonly string[]>(approvalKeys.settled(hostId));
  if (!settled?.length || !list.some((item) => settled.includes(item.id))) return list;
  return list.filter((item) => !settled.includes(item.id));
}

/** Notes when each request of a fetched list was first seen (see seen.ts); returns the list. */
function seenInList<T extends { id: string }>(hostId: string, list: T[]): T[] {
  const now = Date.now();
  for (const item of list) noteSeen(hostId, item.id, now);
  return list;
}

/**
 * Pending permission requests of a host (`GET /permission`), without those settled here.
 * @throws {HostError} from the host call; `bad-response` when it answers something else than a list.
 */
export function permissionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.permissions(host.id),
    // Filtered after the answer arrives: a list fetched before this device's reply landed must not
    // bring the request back.
    queryFn: async ({ client }): Promise<PermissionRequest[]> =>
      seenInList(
        host.id,
        withoutSettled(
          client,
          host.id,
          readList(
            await unwrap(opencodeFor(host).permission.list(), 'GET /permission'),
            'GET /permission',
            'a list of permission requests',
            readPermission,
          ),
        ),
      ),
    staleTime: Infinity,
  });
}

/**
 * Pending questions of a host (`GET /question`), without those settled here.
 * @throws {HostError} from the host call; `bad-response` when it answers something else than a list.
 */
export function questionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.questions(host.id),
    queryFn: async ({ client }): Promise<QuestionRequest[]> =>
      seenInList(
        host.id,
        withoutSettled(
          client,
          host.id,
          readList(
            await unwrap(opencodeFor(host).question.list(), 'GET /question'),
            'GET /question',
            'a list of questions',
            readQuestion,
          ),
        ),
      ),
    staleTime: Infinity,
  });
}

/** Sends one permission reply. @throws {HostError} `not-found` when it was already answered. */
export async function replyPermission(host: PairedHost, requestId: string, reply: PermissionReply): Promise<void> {
  await unwrap(opencodeFor(host).permission.reply({ requestID: requestId, reply }), 'POST /permission/{id}/reply');
}

/** Answers a question: one array of chosen labels per question. @throws {HostError} `not-found` when it was already answered. */
export async function replyQuestion(host: PairedHost, requestId: string, answers: QuestionAnswer[]): Promise<void> {
  await unwrap(opencodeFor(host).question.reply({ requestID: requestId, answers }), 'POST /question/{id}/reply');
}

/** Declines to answer a question. @throws {HostError} `not-found` when it was already answered. */
export async function rejectQuestion(host: PairedHost, requestId: string): Promise<void> {
  await unwrap(opencodeFor(host).question.reject({ requestID: requestId }), 'POST /question/{id}/reject');
}

/**
 * Patches the inbox caches for one event. Returns true when the event was one of ours. A
 * `*-asked` for a request this device already settled is ignored (a replay must not revive it);
 * otherwise its arrival time is noted, for the inbox's newest-first order.
 */
export function applyApprovalEvent(queryClient: QueryClient, hostId: string, event: HostEvent): boolean {
  const permissions = (update: (list: PermissionRequest[]) => PermissionRequest[]) =>
    queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(hostId), (list) => update(list ?? []));
  const questions = (update: (list: QuestionRequest[]) => QuestionRequest[]) =>
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(hostId), (list) => update(list ?? []));
  switch (event.kind) {
    case 'permission-asked':
      if (isSettled(queryClient, hostId, event.request.id)) return true;
      noteSeen(hostId, event.request.id);
      permissions((list) => reducePermissions(list, event));
      return true;
    case 'permission-replied':
      permissions((list) => reducePermissions(list, event));
      return true;
    case 'question-asked':
      if (isSettled(queryClient, hostId, event.request.id)) return true;
      noteSeen(hostId, event.request.id);
      questions((list) => reduceQuestions(list, event));
      return true;
    case 'question-settled':
      questions((list) => reduceQuestions(list, event));
      return true;
    default:
      return false;
  }
}
