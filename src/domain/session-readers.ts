/**
 * Readers for what a host sends about sessions (REST answers and events). Each returns the value
 * in the shape the views render, repairing fields a view would crash on (a title that is not a
 * string, a missing `time`, tool output that is an object), or undefined for an item without an
 * id, which is skipped. A well-formed value is returned as the same object, so the cache keeps
 * its identity (and the views their memoisation). Source shapes: `@opencode-ai/sdk/v2` types
 * (Session, Message, Part, Todo).
 */
import { isRecord, numberOr, stringOr } from '@/lib/guards';
import type { FileChange } from './events';
import type { Message, MessageWithParts, Part, Session, SessionStatus, Todo, ToolPart } from './model';

/** Any value as display text: strings as they are, other values as JSON (never an object). */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    // A cyclic value cannot come from JSON; keep a marker rather than throw while rendering.
    return '[unreadable]';
  }
}

/** A session from `GET /session` or a `session.*` event. */
export function readSession(value: unknown): Session | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const time = isRecord(value.time) ? value.time : {};
  if (
    typeof value.title === 'string' &&
    typeof time.created === 'number' &&
    typeof time.updated === 'number' &&
    (value.parentID === undefined || typeof value.parentID === 'string')
  )
    return value as unknown as Session;
  const created = numberOr(time.created, 0);
  const session: Session = {
    ...(value as unknown as Session),
    title: stringOr(value.title, ''),
    time: { ...time, created, updated: numberOr(time.updated, created) },
  };
  // The list keeps root sessions only, by `parentID`; anything but a string is no parent.
  if (typeof value.parentID !== 'string') delete session.parentID;
  return session;
}

/** One entry of `GET /session/status` or a `session.status` event. */
export function readStatus(value: unknown): SessionStatus | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  return value as unknown as SessionStatus;
}

const TOOL_STATUSES = new Set(['pending', 'running', 'completed', 'error']);

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

function readToolState(value: unknown): ToolPart['state'] {
  const state = isRecord(value) ? value : {};
  if (
    typeof state.status === 'string' &&
    TOOL_STATUSES.has(state.status) &&
    isRecord(state.input) &&
    optionalString(state.output) &&
    optionalString(state.title) &&
    (state.status === 'error' ? typeof state.error === 'string' : optionalString(state.error))
  ) {
    return state as unknown as ToolPart['state'];
  }
  const status = typeof state.status === 'string' && TOOL_STATUSES.has(state.status) ? state.status : 'pending';
  const input = isRecord(state.input) ? state.input : {};
  const repaired: Record<string, unknown> = { ...state, status, input };
  if ('output' in state) repaired.output = asText(state.output);
  if ('error' in state || status === 'error') repaired.error = asText(state.error);
  if ('title' in state && typeof state.title !== 'string') repaired.title = asText(state.title);
  return repaired as unknown as ToolPart['state'];
}

/** A part of a message; parts the views do not render pass through with their id and type. */
export function readPart(value: unknown): Part | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.type !== 'string') return undefined;
  const ids = typeof value.messageID === 'string' && typeof value.sessionID === 'string';
  const part = { ...value, messageID: stringOr(value.messageID, ''), sessionID: stringOr(value.sessionID, '') };
  switch (value.type) {
    case 'text':
    case 'reasoning':
      if (ids && typeof value.text === 'string') return value as unknown as Part;
      return { ...part, text: asText(value.text) } as unknown as Part;
    case 'tool': {
      const state = readToolState(value.state);
      if (ids && typeof value.tool === 'string' && typeof value.callID === 'string' && state === value.state)
        return value as unknown as Part;
      return { ...part, tool: asText(value.tool), callID: asText(value.callID), state } as unknown as Part;
    }
    case 'patch':
      if (ids && Array.isArray(value.files) && value.files.every((f) => typeof f === 'string'))
        return value as unknown as Part;
      return { ...part, files: Array.isArray(value.files) ? value.files.map(asText) : [] } as unknown as Part;
    case 'file':
      if (ids && typeof value.mime === 'string' && optionalString(value.filename)) return value as unknown as Part;
      return {
        ...part,
        mime: asText(value.mime),
        ...(value.filename !== undefined ? { filename: asText(value.filename) } : {}),
      } as unknown as Part;
    default:
      return (ids ? value : part) as unknown as Part;
  }
}

/** A message's `info` (from `GET /session/{id}/message` or `message.updated`). */
export function readMessageInfo(value: unknown): Message | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.sessionID !== 'string') return undefined;
  const role = value.role === 'user' ? 'user' : 'assistant';
  const error = value.error;
  const errorOk =
    error === undefined ||
    (isRecord(error) &&
      typeof error.name === 'string' &&
      (error.data === undefined || (isRecord(error.data) && optionalString(error.data.message))));
  if (role === value.role && isRecord(value.time) && errorOk) return value as unknown as Message;
  const info: Record<string, unknown> = { ...value, role, time: isRecord(value.time) ? value.time : { created: 0 } };
  if ('error' in value && value.error !== undefined) {
    // The transcript reads `error.name` and `error.data.message`.
    const error = isRecord(value.error) ? value.error : { name: asText(value.error) };
    info.error = {
      ...error,
      name: asText(error.name ?? 'Error'),
      ...(isRecord(error.data)
        ? { data: { ...error.data, message: asText(error.data.message) } }
        : { data: undefined }),
    };
  }
  return info as unknown as Message;
}

/** One entry of `GET /session/{id}/message`. */
export function readMessage(value: unknown): MessageWithParts | undefined {
  if (!isRecord(value)) return undefined;
  const info = readMessageInfo(value.info);
  if (!info) return undefined;
  const parts = Array.isArray(value.parts) ? value.parts.map(readPart).filter((p): p is Part => p !== undefined) : [];
  return { info, parts };
}

/** One todo of `GET /session/{id}/todo` or `todo.updated`. */
export function readTodo(value: unknown): Todo | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.content === 'string' && typeof value.status === 'string') return value as unknown as Todo;
  return { ...(value as unknown as Todo), content: asText(value.content), status: stringOr(value.status, 'pending') };
}

const CHANGE_STATUSES = new Set(['added', 'deleted', 'modified']);

/**
 * One changed file of `GET /session/{id}/diff`, a `session.diff` event or a revert's `files`.
 * OpenCode 1.18 names the path `file` (events, diff route) or `path` (revert state); the counts
 * default to 0. Undefined for an entry without a path, which is skipped.
 */
export function readFileChange(value: unknown): FileChange | undefined {
  if (!isRecord(value)) return undefined;
  const path = stringOr(value.file, stringOr(value.path, ''));
  if (!path) return undefined;
  const status = typeof value.status === 'string' && CHANGE_STATUSES.has(value.status) ? value.status : undefined;
  return {
    path,
    ...(status ? { status: status as FileChange['status'] } : {}),
    additions: numberOr(value.additions, 0),
    deletions: numberOr(value.deletions, 0),
    patch: stringOr(value.patch, ''),
  };
}
