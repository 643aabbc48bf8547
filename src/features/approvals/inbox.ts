/**
 * The pending-request inbox as pure reducers over typed host events: `permission-asked` adds (once
 * per id), `permission-replied` removes; `question-asked` adds, `question-settled` removes.
 */
import type { HostEvent, PermissionRequest, QuestionRequest } from '@/domain';

/** The permission inbox after one event; returns the same array when nothing changed. */
export function reducePermissions(state: PermissionRequest[], event: HostEvent): PermissionRequest[] {
  if (event.kind === 'permission-asked') {
    const { request } = event;
    return state.some((p) => p.id === request.id) ? state : [...state, request];
  }
  if (event.kind === 'permission-replied') {
    const id = event.requestId;
    return state.some((p) => p.id === id) ? state.filter((p) => p.id !== id) : state;
  }
  return state;
}

/** The question inbox after one event; returns the same array when nothing changed. */
export function reduceQuestions(state: QuestionRequest[], event: HostEvent): QuestionRequest[] {
  if (event.kind === 'question-asked') {
    const { request } = event;
    return state.some((q) => q.id === request.id) ? state : [...state, request];
  }
  if (event.kind === 'question-settled') {
    const id = event.requestId;
    return state.some((q) => q.id === id) ? state.filter((q) => q.id !== id) : state;
  }
  return state;
}

/** Pending permissions and questions counted per session id. */
export function countBySession(permissions: PermissionRequest[], questions: QuestionRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of [...permissions, ...questions])
    counts[request.sessionID] = (counts[request.sessionID] ?? 0) + 1;
  return counts;
}
