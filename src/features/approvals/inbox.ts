/**
 * The pending-request inbox as pure reducers over OpenCode events:
 * `permission.asked` adds (once per id), `permission.replied` removes;
 * `question.asked` adds, `question.replied` / `question.rejected` remove.
 */
import type { PermissionRequest, QuestionRequest, StreamEvent } from '@/host';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A permission request (from `GET /permission` or `permission.asked`) with defaults for the
 * fields a malformed one may lack, or undefined without an id, session or permission type.
 */
export function readPermission(value: unknown): PermissionRequest | undefined {
  if (!isRecord(value)) return undefined;
  const { id, sessionID, permission } = value;
  if (typeof id !== 'string' || typeof sessionID !== 'string' || typeof permission !== 'string') return undefined;
  return {
    ...(value as unknown as PermissionRequest),
    patterns: Array.isArray(value.patterns) ? value.patterns.map(String) : [],
    always: Array.isArray(value.always) ? value.always.map(String) : [],
    metadata: isRecord(value.metadata) ? value.metadata : {},
    ...(isRecord(value.tool) && typeof value.tool.callID === 'string' ? {} : { tool: undefined }),
  };
}

/**
 * A question request (from `GET /question` or `question.asked`): each question with text, a
 * header and a list of labelled options; undefined without an id, session or questions.
 */
export function readQuestion(value: unknown): QuestionRequest | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.sessionID !== 'string' || !Array.isArray(value.questions)) return undefined;
  const questions = value.questions.filter(isRecord).map((q) => ({
    ...q,
    question: String(q.question ?? ''),
    header: String(q.header ?? ''),
    options: Array.isArray(q.options) ? q.options.filter(isRecord).map((o) => ({ ...o, label: String(o.label ?? ''), description: String(o.description ?? '') })) : [],
  }));
  return { ...(value as unknown as QuestionRequest), questions: questions as QuestionRequest['questions'] };
}

/** The permission inbox after one event; returns the same array when nothing changed. */
export function reducePermissions(state: PermissionRequest[], event: StreamEvent): PermissionRequest[] {
  if (event.type === 'permission.asked') {
    const request = readPermission(event.properties);
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
    const request = readQuestion(event.properties);
    if (!request) return state;
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
