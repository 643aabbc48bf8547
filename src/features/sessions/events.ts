/**
 * Applies OpenCode events to the sessions cache. Small deltas (text streaming, status) patch the
 * cache in place, touching only the message and part that changed so the rest of the transcript
 * keeps its object identity and does not re-render.
 *
 * Events handled: `session.created|updated|deleted`, `session.status`, `session.idle`,
 * `message.updated|removed`, `message.part.updated|removed`, `message.part.delta`, `todo.updated`.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Message, Part, Session, SessionStatus, StreamEvent, Todo } from '@/host';
import { sessionKeys, sortSessions, type MessageWithParts } from './api';
import { readMessageInfo, readPart, readSession, readStatus, readTodo } from './shapes';

function upsertSession(list: Session[] | undefined, session: Session): Session[] | undefined {
  if (!list) return list;
  if (session.parentID) return list;
  const without = list.filter((s) => s.id !== session.id);
  return sortSessions([...without, session]);
}

function upsertMessage(messages: MessageWithParts[] | undefined, info: Message): MessageWithParts[] | undefined {
  if (!messages) return messages;
  const index = messages.findIndex((m) => m.info.id === info.id);
  if (index === -1) return [...messages, { info, parts: [] }].sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
  const next = messages.slice();
  next[index] = { info, parts: messages[index]!.parts };
  return next;
}

function patchParts(messages: MessageWithParts[] | undefined, messageId: string, patch: (parts: Part[]) => Part[] | undefined): MessageWithParts[] | undefined {
  if (!messages) return messages;
  const index = messages.findIndex((m) => m.info.id === messageId);
  if (index === -1) return messages;
  const message = messages[index]!;
  const parts = patch(message.parts);
  if (!parts) return messages;
  const next = messages.slice();
  next[index] = { info: message.info, parts };
  return next;
}

function upsertPart(parts: Part[], part: Part): Part[] {
  const index = parts.findIndex((p) => p.id === part.id);
  if (index === -1) return [...parts, part];
  const next = parts.slice();
  next[index] = part;
  return next;
}

/** Appends a streamed delta to one field (`text`) of one part; unknown parts are left alone. */
function appendDelta(parts: Part[], partId: string, field: string, delta: string): Part[] | undefined {
  const index = parts.findIndex((p) => p.id === partId);
  if (index === -1) return undefined;
  const part = parts[index]! as Part & Record<string, unknown>;
  const current = part[field];
  // Only text grows by deltas (OpenCode sends `field: "text"`); a delta must not create or
  // overwrite another field of the part.
  if (typeof current !== 'string' && !(current === undefined && field === 'text')) return undefined;
  const next = parts.slice();
  next[index] = { ...part, [field]: (current ?? '') + delta } as Part;
  return next;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Patches the host's session queries for one event. Returns true when the event was one of ours. */
export function applySessionEvent(queryClient: QueryClient, hostId: string, event: StreamEvent): boolean {
  const p = event.properties;
  const sessionId = str(p.sessionID);
  switch (event.type) {
    case 'session.created':
    case 'session.updated': {
      const info = readSession(p.info);
      if (info) queryClient.setQueryData<Session[]>(sessionKeys.list(hostId), (list) => upsertSession(list, info));
      return true;
    }
    case 'session.deleted': {
      const info = p.info as Session | undefined;
      const id = info?.id ?? sessionId;
      if (id) queryClient.setQueryData<Session[]>(sessionKeys.list(hostId), (list) => list?.filter((s) => s.id !== id));
      return true;
    }
    case 'session.status': {
      const status = readStatus(p.status);
      if (sessionId && status) queryClient.setQueryData<Record<string, SessionStatus>>(sessionKeys.statuses(hostId), (all) => ({ ...all, [sessionId]: status }));
      return true;
    }
    case 'session.idle': {
      if (sessionId) queryClient.setQueryData<Record<string, SessionStatus>>(sessionKeys.statuses(hostId), (all) => ({ ...all, [sessionId]: { type: 'idle' } }));
      return true;
    }
    case 'message.updated': {
      const info = readMessageInfo(p.info);
      if (info) queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, info.sessionID), (m) => upsertMessage(m, info));
      return true;
    }
    case 'message.removed': {
      const messageId = str(p.messageID);
      if (sessionId && messageId) queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, sessionId), (m) => m?.filter((x) => x.info.id !== messageId));
      return true;
    }
    case 'message.part.updated': {
      const part = readPart(p.part);
      if (part?.sessionID && part.messageID) {
        const key = sessionKeys.messages(hostId, part.sessionID);
        const before = queryClient.getQueryData<MessageWithParts[]>(key);
        if (before && !before.some((m) => m.info.id === part.messageID)) {
          // A part for a message we have not seen (missed event): refetch rather than guess.
          void queryClient.invalidateQueries({ queryKey: key });
        } else {
          queryClient.setQueryData<MessageWithParts[]>(key, (m) => patchParts(m, part.messageID, (parts) => upsertPart(parts, part)));
        }
      }
      return true;
    }
    case 'message.part.removed': {
      const messageId = str(p.messageID);
      const partId = str(p.partID);
      if (sessionId && messageId && partId) {
        queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, sessionId), (m) => patchParts(m, messageId, (parts) => parts.filter((x) => x.id !== partId)));
      }
      return true;
    }
    case 'message.part.delta': {
      const messageId = str(p.messageID);
      const partId = str(p.partID);
      const field = str(p.field);
      const delta = str(p.delta);
      if (sessionId && messageId && partId && field && delta !== undefined) {
        queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, sessionId), (m) => patchParts(m, messageId, (parts) => appendDelta(parts, partId, field, delta)));
      }
      return true;
    }
    case 'todo.updated': {
      const todos = Array.isArray(p.todos) ? p.todos.map(readTodo).filter((t): t is Todo => t !== undefined) : undefined;
      if (sessionId && todos) queryClient.setQueryData<Todo[]>(sessionKeys.todos(hostId, sessionId), todos);
      return true;
    }
    default:
      return false;
  }
}
