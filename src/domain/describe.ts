/**
 * How a request is named wherever the app shows it: on its card, in the decision log, in a notice
 * and in a system notification. One description, so the same request reads the same everywhere.
 */
import { clip, nonEmptyString } from '@/lib/guards';
import type { PermissionRequest, QuestionRequest } from './model';

/** What a permission request asks, in the words the app shows. */
export interface PermissionDescription {
  /** The permission type: `edit`, `bash`, `webfetch`, … */
  type: string;
  /** The command (bash), else the patterns joined with ", ", else the file path; may be empty. */
  target: string;
  /** Type and target: `edit notes.txt`, `bash echo hi`: the card's label and the log's entry. */
  short: string;
  /** For a notification: `Run: echo hi`, `Edit: notes.txt`, `webfetch: https://…`; at most 160 characters. */
  action: string;
}

/** Describes a permission request (see {@link PermissionDescription}). */
export function describePermission(
  request: Pick<PermissionRequest, 'permission' | 'patterns' | 'metadata'>,
): PermissionDescription {
  const type = request.permission || 'permission';
  const command = nonEmptyString(request.metadata.command);
  const patterns = request.patterns.join(', ');
  const target = command ?? (patterns || (nonEmptyString(request.metadata.filepath) ?? ''));
  const short = `${type}${target ? ` ${target}` : ''}`;
  let action: string;
  if (type === 'bash') action = `Run: ${target}`;
  else if (type === 'edit') action = `Edit: ${target || 'a file'}`;
  else action = target ? `${type}: ${target}` : type;
  return { type, target, short, action: clip(action, 160) };
}

/** What a question asks, in the words the app shows. */
export interface QuestionDescription {
  /** The first question's header, or "the agent asks". */
  header: string;
  /** The first question's text, with "(+N more)" when there are more; at most 160 characters. */
  text: string;
  /** Every question's header (or text) joined with "; ": the card's label. */
  summary: string;
  /** `question <summary>`: the decision log's entry. */
  short: string;
}

/** Describes a question request (see {@link QuestionDescription}). */
export function describeQuestion(request: Pick<QuestionRequest, 'questions'>): QuestionDescription {
  const first = request.questions[0];
  const more = request.questions.length > 1 ? ` (+${request.questions.length - 1} more)` : '';
  const header = nonEmptyString(first?.header) ?? 'the agent asks';
  const text = clip(`${nonEmptyString(first?.question) ?? 'The agent has a question.'}${more}`, 160);
  const summary = request.questions.map((q) => q.header || q.question).join('; ');
  return { header, text, summary, short: `question ${summary}` };
}
