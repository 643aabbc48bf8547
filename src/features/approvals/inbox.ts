/**
 * The pending-request inbox as pure reducers over OpenCode events:
 * `permission.asked` adds (once per id), `permission.replied` removes;
 * `question.asked` adds, `question.replied` / `question.rejected` remove.
 */
import type { PermissionRequest, QuestionRequest, StreamEvent } from '@/host';

/** A permission request with defaults for the fields a malformed event may lack, or undefined. */
function toPermission(value: Record<string, unknown>): PermissionRequest | undefined {
  const { id, sessionID, permission } = value;
  if (typeof id !== 'string' || typeof sessionID !== 'string' || typeof permission !== 'string') return undefined;
  return {
    ...(value as unknown as PermissionRequest),
    patterns: Array.isArray(value.patterns) ? (value.patterns as string[]) : [],
    always: Array.isArray(value.always) ? (value.always as string[]) : [],
    metadata: typeof value.metadata === 'object' && value.metadata !== null ? (value.metadata as Record<string, unknown>) : {},
  };
}

function isQuestion(value: unknown): value is QuestionRequest {
  const v = value as QuestionRequest | undefined;
  return typeof v?.id === 'string' && typeof v.sessionID === 'string' && Array.isArray(v.questions);
}

/** The permission inbox after one event; returns the same array when nothing changed. */
export function reducePermissions(state: PermissionRequest[], event: StreamEvent): PermissionRequest[] {
  if (event.type === 'permission.asked') {
    const request = toPermission(event.properties);
    if (!request || state.some((p) => p.id === request.id)) return state;
    return [...state, request];
  }
  if (event.type === 'permission.replied') {
    const id = event.properties.requestID;
    return state.some((p) => p.id === id) ? state.filter((p) => p.id !== id) : state;
  }
  return state;
}

/** The question inbox after one event; returns the same array when nothing changed. */
export function reduceQuestions(state: QuestionRequest[], event: StreamEvent): QuestionRequest[] {
  if (event.type === 'question.asked') {
    const request = event.properties;
    if (!isQuestion(request)) return state;
    return state.some((q) => q.id === request.id) ? state : [...state, request];
  }
  if (event.type === 'question.replied' || event.type === 'question.rejected') {
    const id = event.properties.requestID;
    return state.some((q) => q.id === id) ? state.filter((q) => q.id !== id) : state;
  }
  return state;
}

/** Pending permissions and questions counted per session id. */
export function countBySession(permissions: PermissionRequest[], questions: QuestionRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of [...permissions, ...questions]) counts[request.sessionID] = (counts[request.sessionID] ?? 0) + 1;
  return counts;
}
