/**
 * The adapter for OpenCode's event wire format: one `data:` line of `GET /event` (or of
 * `GET /global/event`, which wraps the same frame as `{directory, payload}`) becomes one typed
 * {@link HostEvent}. Each frame is `{id?, type, properties}`; the types and fields read here were
 * observed with opencode-ai 1.18.33 (see `docs/architecture.md`, "Events").
 *
 * Never throws: a frame that is not JSON, has no type, or lacks a field its type requires becomes
 * `{kind: 'unknown', malformed: true}`; a well-formed frame of a type the app does not use becomes
 * `{kind: 'unknown', malformed: false}`. Another wire format later is another file like this one.
 */
import {
  readFileChange,
  readMessageInfo,
  readPart,
  readPermission,
  readQuestion,
  readSession,
  readStatus,
  readTodo,
  type HostEvent,
  type FileChange,
  type RunError,
  type Todo,
} from '@/domain';
import { isRecord, nonEmptyString as text } from '@/lib/guards';

const MALFORMED: HostEvent = { kind: 'unknown', malformed: true };

function malformed(type: string): HostEvent {
  return { kind: 'unknown', type, malformed: true };
}

function runError(value: unknown): RunError | undefined {
  if (!isRecord(value)) return undefined;
  const name = text(value.name) ?? 'Error';
  const message = isRecord(value.data) ? text(value.data.message) : undefined;
  return message ? { name, message } : { name };
}

const REPLIES = new Set(['once', 'always', 'reject']);

/**
 * Decodes one frame's `{type, properties}` (already parsed). Exported for tests and for adapters
 * that receive parsed frames.
 */
export function decodeOpencodeEvent(frame: unknown): HostEvent {
  if (!isRecord(frame)) return MALFORMED;
  // `/global/event` wraps events as {directory, project, payload}; `/event` sends them bare.
  const event = isRecord(frame.payload) ? frame.payload : frame;
  const type = event.type;
  if (typeof type !== 'string') return MALFORMED;
  const p = isRecord(event.properties) ? event.properties : {};
  const sessionId = text(p.sessionID);
  switch (type) {
    case 'message.part.delta': {
      // The hot path: thousands a second while a reply streams.
      const messageId = text(p.messageID);
      const partId = text(p.partID);
      const { field, delta } = p;
      if (!sessionId || !messageId || !partId || typeof field !== 'string' || typeof delta !== 'string')
        return malformed(type);
      return { kind: 'part-delta', sessionId, messageId, partId, field, delta };
    }
    case 'message.part.updated': {
      const part = readPart(p.part);
      return part && part.sessionID && part.messageID ? { kind: 'part-updated', part } : malformed(type);
    }
    case 'message.part.removed': {
      const messageId = text(p.messageID);
      const partId = text(p.partID);
      return sessionId && messageId && partId
        ? { kind: 'part-removed', sessionId, messageId, partId }
        : malformed(type);
    }
    case 'message.updated': {
      const message = readMessageInfo(p.info);
      return message ? { kind: 'message-updated', message } : malformed(type);
    }
    case 'message.removed': {
      const messageId = text(p.messageID);
      return sessionId && messageId ? { kind: 'message-removed', sessionId, messageId } : malformed(type);
    }
    case 'session.created':
    case 'session.updated': {
      const session = readSession(p.info);
      return session ? { kind: 'session-updated', session, created: type === 'session.created' } : malformed(type);
    }
    case 'session.deleted': {
      const id = (isRecord(p.info) ? text(p.info.id) : undefined) ?? sessionId;
      return id ? { kind: 'session-deleted', sessionId: id } : malformed(type);
    }
    case 'session.status': {
      const status = readStatus(p.status);
      return sessionId && status ? { kind: 'session-status', sessionId, status } : malformed(type);
    }
    case 'session.idle':
      return sessionId ? { kind: 'session-idle', sessionId } : malformed(type);
    case 'session.error': {
      const error = runError(p.error);
      return { kind: 'session-error', ...(sessionId ? { sessionId } : {}), ...(error ? { error } : {}) };
    }
    case 'permission.asked': {
      const request = readPermission(p);
      return request ? { kind: 'permission-asked', request } : malformed(type);
    }
    case 'permission.replied': {
      const requestId = text(p.requestID);
      if (!requestId) return malformed(type);
      const reply =
        typeof p.reply === 'string' && REPLIES.has(p.reply) ? (p.reply as 'once' | 'always' | 'reject') : undefined;
      return {
        kind: 'permission-replied',
        requestId,
        ...(sessionId ? { sessionId } : {}),
        ...(reply ? { reply } : {}),
      };
    }
    case 'question.asked': {
      const request = readQuestion(p);
      return request ? { kind: 'question-asked', request } : malformed(type);
    }
    case 'question.replied':
    case 'question.rejected': {
      const requestId = text(p.requestID);
      return requestId
        ? {
            kind: 'question-settled',
            requestId,
            rejected: type === 'question.rejected',
            ...(sessionId ? { sessionId } : {}),
          }
        : malformed(type);
    }
    case 'todo.updated': {
      if (!sessionId || !Array.isArray(p.todos)) return malformed(type);
      return {
        kind: 'todos-updated',
        sessionId,
        todos: p.todos.map(readTodo).filter((t): t is Todo => t !== undefined),
      };
    }
    case 'session.diff': {
      if (!sessionId || !Array.isArray(p.diff)) return malformed(type);
      return {
        kind: 'session-diff',
        sessionId,
        files: p.diff.map(readFileChange).filter((f): f is FileChange => f !== undefined),
      };
    }
    case 'server.connected':
      return { kind: 'connected' };
    case 'server.heartbeat':
      return { kind: 'heartbeat' };
    default:
      return { kind: 'unknown', type, malformed: false };
  }
}

/** Decodes one SSE `data:` line of OpenCode's `/event` (JSON text). */
export function decodeOpencodeFrame(data: string): HostEvent {
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    // Not JSON: one bad frame must not drop the stream; it is counted as malformed.
    return MALFORMED;
  }
  return decodeOpencodeEvent(frame);
}
