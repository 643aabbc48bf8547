/**
 * Pending permission requests and questions of a host. Source: OpenCode `GET /permission`,
 * `POST /permission/{id}/reply` `{reply: "once"|"always"|"reject"}`, `GET /question`,
 * `POST /question/{id}/reply` `{answers}`, `POST /question/{id}/reject`; events
 * `permission.asked|replied`, `question.asked|replied|rejected`.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { hostKey, opencodeFor, unwrap, type PairedHost, type PermissionRequest, type QuestionAnswer, type QuestionRequest, type StreamEvent } from '@/host';
import { reducePermissions, reduceQuestions } from './inbox';

export const approvalKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'approvals'] as const,
  permissions: (hostId: string) => [...approvalKeys.all(hostId), 'permissions'] as const,
  questions: (hostId: string) => [...approvalKeys.all(hostId), 'questions'] as const,
};

/** The three answers OpenCode accepts for a permission request. */
export type PermissionReply = 'once' | 'always' | 'reject';

export function permissionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.permissions(host.id),
    queryFn: async (): Promise<PermissionRequest[]> => (await unwrap(opencodeFor(host).permission.list(), 'GET /permission')) ?? [],
    staleTime: Infinity,
  });
}

export function questionsQuery(host: PairedHost) {
  return queryOptions({
    queryKey: approvalKeys.questions(host.id),
    queryFn: async (): Promise<QuestionRequest[]> => (await unwrap(opencodeFor(host).question.list(), 'GET /question')) ?? [],
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

/** Patches the inbox caches for one event. Returns true when the event was one of ours. */
export function applyApprovalEvent(queryClient: QueryClient, hostId: string, event: StreamEvent): boolean {
  if (event.type.startsWith('permission.')) {
    queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(hostId), (list) => reducePermissions(list ?? [], event));
    return true;
  }
  if (event.type.startsWith('question.')) {
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(hostId), (list) => reduceQuestions(list ?? [], event));
    return true;
  }
  return false;
}
