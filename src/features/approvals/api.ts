/**
 * Pending permission requests and questions of a host. Source: OpenCode `GET /permission`,
 * `POST /permission/{id}/reply` `{reply: "once"|"always"|"reject"}`, `GET /question`,
 * `POST /question/{id}/reply` `{answers}`, `POST /question/{id}/reject`; events
 * `permission.asked|replied`, `question.asked|replied|rejected`.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { hostKey, opencodeFor, readList, unwrap, type PairedHost, type PermissionRequest, type QuestionAnswer, type QuestionRequest, type StreamEvent } from '@/host';
import { readPermission, readQuestion, reducePermissions, reduceQuestions } from './inbox';
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

export function permissionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.permissions(host.id),
    // Filtered after the answer arrives: a list fetched before this device's reply landed must not
    // bring the request back.
    queryFn: async (): Promise<PermissionRequest[]> =>
      withoutReplied(host.id, readList(await unwrap(opencodeFor(host).permission.list(), 'GET /permission'), 'GET /permission', 'a list of permission requests', readPermission)),
    staleTime: Infinity,
  });
}

export function questionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.questions(host.id),
    queryFn: async (): Promise<QuestionRequest[]> => withoutReplied(host.id, readList(await unwrap(opencodeFor(host).question.list(), 'GET /question'), 'GET /question', 'a list of questions', readQuestion)),
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
 * `*.asked` for a request this device already settled is ignored (a replay must not revive it).
 */
export function applyApprovalEvent(queryClient: QueryClient, hostId: string, event: StreamEvent): boolean {
  const settled = event.type.endsWith('.asked') && typeof event.properties.id === 'string' && wasReplied(hostId, event.properties.id);
  if (event.type.startsWith('permission.')) {
    if (!settled) queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(hostId), (list) => reducePermissions(list ?? [], event));
    return true;
  }
  if (event.type.startsWith('question.')) {
    if (!settled) queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(hostId), (list) => reduceQuestions(list ?? [], event));
    return true;
  }
  return false;
}
