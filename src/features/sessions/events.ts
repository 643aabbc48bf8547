/**
 * Applies OpenCode events to the sessions cache. Small deltas (text streaming, status) patch the
 * cache in place, touching only the message and part that changed so the rest of the transcript
 * keeps its object identity and does not re-render.
 *
 * Events handled (typed {@link HostEvent}s): `session-updated|deleted|status|idle`,
 * `message-updated|removed`, `part-updated|removed|delta`, `todos-updated`.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { HostEvent, Message, MessageWithParts, Part, Session, SessionStatus, Todo } from '@/domain';
import { sessionKeys, sortSessions } from './api';

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

function patchParts(
  messages: MessageWithParts[] | undefined,
  messageId: string,
  patch: (parts: Part[]) => Part[] | undefined,
): MessageWithParts[] | undefined {
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

/** Patches the host's session queries for one event. Returns true when the event was one of ours. */
export function applySessionEvent(queryClient: QueryClient, hostId: string, event: HostEvent): boolean {
  switch (event.kind) {
    case 'session-updated':
      queryClient.setQueryData<Session[]>(sessionKeys.list(hostId), (list) => upsertSession(list, event.session));
      return true;
    case 'session-deleted':
      queryClient.setQueryData<Session[]>(sessionKeys.list(hostId), (list) =>
        list?.filter((s) => s.id !== event.sessionId),
      );
      return true;
    case 'session-status':
      queryClient.setQueryData<Record<string, SessionStatus>>(sessionKeys.statuses(hostId), (all) => ({
        ...all,
        [event.sessionId]: event.status,
      }));
      return true;
    case 'session-idle':
      queryClient.setQueryData<Record<string, SessionStatus>>(sessionKeys.statuses(hostId), (all) => ({
        ...all,
        [event.sessionId]: { type: 'idle' },
      }));
      return true;
    case 'message-updated': {
      const info = event.message;
      queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, info.sessionID), (m) =>
        upsertMessage(m, info),
      );
      return true;
    }
    case 'message-removed':
      queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, event.sessionId), (m) =>
        m?.filter((x) => x.info.id !== event.messageId),
      );
      return true;
    case 'part-updated': {
      const part = event.part;
      const key = sessionKeys.messages(hostId, part.sessionID);
      const before = queryClient.getQueryData<MessageWithParts[]>(key);
      if (before && !before.some((m) => m.info.id === part.messageID)) {
        // A part for a message we have not seen (missed event): refetch rather than guess.
        void queryClient.invalidateQueries({ queryKey: key });
      } else {
        queryClient.setQueryData<MessageWithParts[]>(key, (m) =>
          patchParts(m, part.messageID, (parts) => upsertPart(parts, part)),
        );
      }
      return true;
    }
    case 'part-removed':
      queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, event.sessionId), (m) =>
        patchParts(m, event.messageId, (parts) => parts.filter((x) => x.id !== event.partId)),
      );
      return true;
    case 'part-delta':
      queryClient.setQueryData<MessageWithParts[]>(sessionKeys.messages(hostId, event.sessionId), (m) =>
        patchParts(m, event.messageId, (parts) => appendDelta(parts, event.partId, event.field, event.delta)),
      );
      return true;
    case 'todos-updated':
      queryClient.setQueryData<Todo[]>(sessionKeys.todos(hostId, event.sessionId), event.todos);
      return true;
    default:
      return false;
  }
}
