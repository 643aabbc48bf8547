/**
 * Readers for what waits for the user: permission requests (`GET /permission`, `permission.asked`)
 * and questions (`GET /question`, `question.asked`). Fields a view reads are repaired; a request
 * without an id or session is skipped (undefined).
 */
import { isRecord } from '@/lib/guards';
import type { PermissionRequest, QuestionRequest } from './model';

/**
 * A permission request with defaults for the fields a malformed one may lack, or undefined without
 * an id, session or permission type.
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
 * A question request: each question with text, a header and a list of labelled options; undefined
 * without an id, session or questions.
 */
export function readQuestion(value: unknown): QuestionRequest | undefined {
  if (
    !isRecord(value) ||
    typeof value.id !== 'string' ||
    typeof value.sessionID !== 'string' ||
    !Array.isArray(value.questions)
  )
    return undefined;
  const questions = value.questions.filter(isRecord).map((q) => ({
    ...q,
    question: String(q.question ?? ''),
    header: String(q.header ?? ''),
    options: Array.isArray(q.options)
      ? q.options
          .filter(isRecord)
          .map((o) => ({ ...o, label: String(o.label ?? ''), description: String(o.description ?? '') }))
      : [],
  }));
  return { ...(value as unknown as QuestionRequest), questions: questions as QuestionRequest['questions'] };
}
