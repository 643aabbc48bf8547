/**
 * Pending permission requests and questions of a host. Source: OpenCode `GET /permission`,
 * `POST /permission/{id}/reply` `{reply: "once"|"always"|"reject"}`, `GET /question`,
 * `POST /question/{id}/reply` `{answers}`, `POST /question/{id}/reject`; events
 * `permission.asked|replied`, `question.asked|replied|rejected`.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { describePermission, readPermission, readQuestion, type HostEvent, type PermissionRequest, type QuestionAnswer, type QuestionRequest } from '@/domain';
import { hostKey, opencodeFor, readList, unwrap, type PairedHost } from '@/host';
import { clip } from '@/lib/guards';
import { reducePermissions, reduceQuestions } from './inbox';
import { useApprovalNotices } from './notices';
import { wasReplied, withoutReplied } from './replied';

export const approvalKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'approvals'] as const,
  permissions: (hostId: string) => [...approvalKeys.all(hostId), 'permissions'] as const,
  questions: (hostId: string) => [...approvalKeys.all(hostId), 'questions'] as const,
  /** The mutation key of replies to one request: any screen's card sees a reply in flight. */
  reply: (hostId: string, requestId: string) => [...approvalKeys.all(hostId), 'reply', requestId] as const,
};

/** The three answers OpenCode accepts for a permission request. */
export type PermissionReply = 'once' | 'always' | 'reject';

/**
 * Says which requests a fresh list no longer has although nobody answered them: not on this device
 * (settled or a reply in flight) and not by a `*.replied` event, which would have removed them from
 * `before` already. OpenCode forgets its pending requests when it restarts, so after a reconnect a
 * card would otherwise just vanish. One notice per request, shown with the inbox and the session.
 */
function noticeVanished<T extends { id: string; sessionID: string }>(client: QueryClient, hostId: string, before: T[] | undefined, after: T[], describe: (request: T) => string): void {
  if (!before?.length) return;
  const still = new Set(after.map((request) => request.id));
  for (const request of before) {
    if (still.has(request.id) || wasReplied(hostId, request.id) || client.isMutating({ mutationKey: approvalKeys.reply(hostId, request.id) }) > 0) continue;
    useApprovalNotices.getState().push({
      hostId,
      sessionId: request.sessionID,
      text: `No longer waiting: ${describe(request)}. The host dropped it without an answer (OpenCode may have restarted, or the run stopped); nothing was sent. If the run still needs it, it will ask again.`,
    });
  }
}

/** Pending permission requests of a host (`GET /permission`), without those settled here. */
export function permissionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.permissions(host.id),
    // Filtered after the answer arrives: a list fetched before this device's reply landed must not
    // bring the request back.
    queryFn: async ({ client, queryKey }): Promise<PermissionRequest[]> => {
      const list = withoutReplied(host.id, readList(await unwrap(opencodeFor(host).permission.list(), 'GET /permission'), 'GET /permission', 'a list of permission requests', readPermission));
      noticeVanished(client, host.id, client.getQueryData<PermissionRequest[]>(queryKey), list, (r) => `the request to ${clip(describePermission(r).short)}`);
      return list;
    },
    staleTime: Infinity,
  });
}

/** Pending questions of a host (`GET /question`), without those settled here. */
export function questionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.questions(host.id),
    queryFn: async ({ client, queryKey }): Promise<QuestionRequest[]> => {
      const list = withoutReplied(host.id, readList(await unwrap(opencodeFor(host).question.list(), 'GET /question'), 'GET /question', 'a list of questions', readQuestion));
      noticeVanished(client, host.id, client.getQueryData<QuestionRequest[]>(queryKey), list, (r) => `the question "${clip(r.questions[0]?.header || r.questions[0]?.question || '')}"`);
      return list;
    },
    staleTime: Infinity,
  });
}

/** Sends one permission reply. @throws {HostError} `not-found` when it was already answered. */
export async function replyPermission(host: PairedHost, requestId: string, reply: PermissionReply): Promise<void> {
  await unwrap(opencodeFor(host).permission.reply({ requestID: requestId, reply }), 'POST /permission/{id}/reply');
}

/** Answers a question: one array of chosen labels per question. */
export async function replyQuestion(host: PairedHost, requestId: string, answers: QuestionAnswer[]): Promise<void> {
  await unwrap(opencodeFor(host).question.reply({ requestID: requestId, answers }), 'POST /question/{id}/reply');
}

/** Declines to answer a question. */
export async function rejectQuestion(host: PairedHost, requestId: string): Promise<void> {
  await unwrap(opencodeFor(host).question.reject({ requestID: requestId }), 'POST /question/{id}/reject');
}

/**
 * Patches the inbox caches for one event. Returns true when the event was one of ours. A
 * `*-asked` for a request this device already settled is ignored (a replay must not revive it).
 */
export function applyApprovalEvent(queryClient: QueryClient, hostId: string, event: HostEvent): boolean {
  switch (event.kind) {
    case 'permission-asked':
    case 'permission-replied':
      if (event.kind === 'permission-replied' || !wasReplied(hostId, event.request.id)) {
        queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(hostId), (list) => reducePermissions(list ?? [], event));
      }
      return true;
    case 'question-asked':
    case 'question-settled':
      if (event.kind === 'question-settled' || !wasReplied(hostId, event.request.id)) {
        queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(hostId), (list) => reduceQuestions(list ?? [], event));
      }
      return true;
    default:
      return false;
  }
}
