/**
 * Applies OpenCode events to the sessions cache. Small deltas (text streaming, status) patch the
 * cache in place, touching only the message and part that changed so the rest of the transcript
 * keeps its object identity and does not re-render. A transcript is cached as a window of its
 * newest messages ({@link TranscriptWindow}); events patch whatever is loaded, and a message older
 * than the window waits for its page instead of being inserted beside the wrong neighbours.
 *
 * Events handled (typed {@link HostEvent}s): `session-updated|deleted|status|idle`,
 * `message-updated|removed`, `part-updated|removed|delta`, `todos-updated`, `session-diff`.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { FileChange, HostEvent, Message, Part, Session, SessionStatus, Todo } from '@/domain';
import { sessionKeys, sortSessions, updateCachedSessions, type SessionListWindow, type TranscriptWindow } from './api';

function upsertSession(list: SessionListWindow | undefined, session: Session): SessionListWindow | undefined {
  if (!list) return list;
  if (session.parentID) return list;
  const without = list.sessions.filter((s) => s.id !== session.id);
  return { ...list, sessions: sortSessions([...without, session]) };
}

/**
 * True when `messageId` belongs before the loaded window: older than its first message while
 * earlier messages are not loaded. Such a message shows up when its page is loaded; inserting it
 * now would put it next to the wrong neighbours.
 */
function beforeWindow(loaded: TranscriptWindow, messageId: string): boolean {
  const first = loaded.messages[0];
  return loaded.earlier.kind !== 'none' && first !== undefined && messageId < first.info.id;
}

function upsertMessage(loaded: TranscriptWindow | undefined, info: Message): TranscriptWindow | undefined {
  if (!loaded) return loaded;
  const { messages } = loaded;
  const index = messages.findIndex((m) => m.info.id === info.id);
  if (index === -1) {
    if (beforeWindow(loaded, info.id)) return loaded;
    const next = [...messages, { info, parts: [] }].sort((a, b) => (a.info.id < b.info.id ? -1 : 1));
    return { ...loaded, messages: next };
  }
  const next = messages.slice();
  next[index] = { info, parts: messages[index]!.parts };
  return { ...loaded, messages: next };
}

function patchParts(
  loaded: TranscriptWindow | undefined,
  messageId: string,
  patch: (parts: Part[]) => Part[] | undefined,
): TranscriptWindow | undefined {
  if (!loaded) return loaded;
  const { messages } = loaded;
  const index = messages.findIndex((m) => m.info.id === messageId);
  if (index === -1) return loaded;
  const message = messages[index]!;
  const parts = patch(message.parts);
  if (!parts) return loaded;
  const next = messages.slice();
  next[index] = { info: message.info, parts };
  return { ...loaded, messages: next };
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
      queryClient.setQueryData<SessionListWindow>(sessionKeys.list(hostId), (list) =>
        upsertSession(list, event.session),
      );
      if (queryClient.getQueryData(sessionKeys.info(hostId, event.session.id)))
        queryClient.setQueryData<Session>(sessionKeys.info(hostId, event.session.id), event.session);
      return true;
    case 'session-deleted':
      updateCachedSessions(queryClient, hostId, (list) => list.filter((s) => s.id !== event.sessionId));
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
      queryClient.setQueryData<TranscriptWindow>(sessionKeys.messages(hostId, info.sessionID), (w) =>
        upsertMessage(w, info),
      );
      return true;
    }
    case 'message-removed':
      queryClient.setQueryData<TranscriptWindow>(sessionKeys.messages(hostId, event.sessionId), (w) =>
        w?.messages.some((x) => x.info.id === event.messageId)
          ? { ...w, messages: w.messages.filter((x) => x.info.id !== event.messageId) }
          : w,
      );
      return true;
    case 'part-updated': {
      const part = event.part;
      const key = sessionKeys.messages(hostId, part.sessionID);
      const loaded = queryClient.getQueryData<TranscriptWindow>(key);
      if (loaded && !loaded.messages.some((m) => m.info.id === part.messageID)) {
        // A message older than the loaded window gets its parts when its page loads. Any other
        // message we have not seen means a missed event: refetch rather than guess.
        if (!beforeWindow(loaded, part.messageID)) void queryClient.invalidateQueries({ queryKey: key });
      } else {
        queryClient.setQueryData<TranscriptWindow>(key, (w) =>
          patchParts(w, part.messageID, (parts) => upsertPart(parts, part)),
        );
      }
      return true;
    }
    case 'part-removed':
      queryClient.setQueryData<TranscriptWindow>(sessionKeys.messages(hostId, event.sessionId), (w) =>
        patchParts(w, event.messageId, (parts) => parts.filter((x) => x.id !== event.partId)),
      );
      return true;
    case 'part-delta':
      queryClient.setQueryData<TranscriptWindow>(sessionKeys.messages(hostId, event.sessionId), (w) =>
        patchParts(w, event.messageId, (parts) => appendDelta(parts, event.partId, event.field, event.delta)),
      );
      return true;
    case 'todos-updated':
      queryClient.setQueryData<Todo[]>(sessionKeys.todos(hostId, event.sessionId), event.todos);
      return true;
    case 'session-diff':
      queryClient.setQueryData<FileChange[]>(sessionKeys.diff(hostId, event.sessionId), event.files);
      return true;
    default:
      return false;
  }
}
