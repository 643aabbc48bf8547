/**
 * Sessions of a host: query keys, fetchers and mutations. Source: OpenCode `GET /session`,
 * `GET /session/status`, `GET /session/{id}/message`, `GET /session/{id}/todo`,
 * `POST /session`, `POST /session/{id}/prompt_async`, `POST /session/{id}/abort`.
 */
import { queryOptions } from '@tanstack/react-query';
import {
  readMessage,
  readSession,
  readStatus,
  readTodo,
  type MessageWithParts,
  type Session,
  type SessionStatus,
  type Todo,
} from '@/domain';
import { hostKey, opencodeFor, readList, readRecord, unexpectedShape, unwrap, type PairedHost } from '@/host';

export type { MessageWithParts } from '@/domain';

/** Query keys, rooted at the host so that switching or forgetting a host drops exactly its data. */
export const sessionKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'sessions'] as const,
  list: (hostId: string) => [...sessionKeys.all(hostId), 'list'] as const,
  statuses: (hostId: string) => [...sessionKeys.all(hostId), 'status'] as const,
  messages: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'messages', sessionId] as const,
  todos: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'todos', sessionId] as const,
  root: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'root', sessionId] as const,
};

/** Newest first by `time.updated` (ms). */
export function sortSessions(sessions: Session[]): Session[] {
  return [...sessions].sort((a, b) => b.time.updated - a.time.updated);
}

/** Root sessions of the host's workspace, newest first (`GET /session?roots=true`). */
export function sessionListQuery(host: PairedHost) {
  return queryOptions({
    queryKey: sessionKeys.list(host.id),
    queryFn: async () =>
      sortSessions(
        readList(
          await unwrap(opencodeFor(host).session.list({ roots: true }), 'GET /session'),
          'GET /session',
          'a list of sessions',
          readSession,
        ),
      ),
  });
}

/** Busy/idle/retry per session id (`GET /session/status`); sessions missing from it are idle. */
export function sessionStatusQuery(host: PairedHost) {
  return queryOptions({
    queryKey: sessionKeys.statuses(host.id),
    queryFn: async (): Promise<Record<string, SessionStatus>> =>
      readRecord(
        await unwrap(opencodeFor(host).session.status(), 'GET /session/status'),
        'GET /session/status',
        'a map of session statuses',
        readStatus,
      ),
  });
}

/** The transcript of one session (`GET /session/{id}/message`). */
export function messagesQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: sessionKeys.messages(host.id, sessionId),
    queryFn: async (): Promise<MessageWithParts[]> =>
      readList(
        await unwrap(opencodeFor(host).session.messages({ sessionID: sessionId }), 'GET /session/{id}/message'),
        'GET /session/{id}/message',
        'a list of messages',
        readMessage,
      ),
  });
}

/** The todo list of one session (`GET /session/{id}/todo`). */
export function todosQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: sessionKeys.todos(host.id, sessionId),
    queryFn: async (): Promise<Todo[]> =>
      readList(
        await unwrap(opencodeFor(host).session.todo({ sessionID: sessionId }), 'GET /session/{id}/todo'),
        'GET /session/{id}/todo',
        'a list of todos',
        readTodo,
      ),
  });
}

/** Creates a session (`POST /session`); OpenCode names it from the first prompt. */
export async function createSession(host: PairedHost, title?: string): Promise<Session> {
  const answer = await unwrap(opencodeFor(host).session.create(title ? { title } : {}), 'POST /session');
  const session = readSession(answer);
  if (!session) throw unexpectedShape('POST /session', 'a session with an id', answer);
  return session;
}

/**
 * Sends a prompt without waiting for the turn (`POST /session/{id}/prompt_async`, 204): the
 * answer streams over the event stream. Agent and model are the host's defaults.
 *
 * @throws {HostError} when the host did not accept it; the caller keeps the text.
 */
export async function sendPrompt(host: PairedHost, sessionId: string, text: string): Promise<void> {
  await unwrap(
    opencodeFor(host).session.promptAsync({ sessionID: sessionId, parts: [{ type: 'text', text }] }),
    'POST /session/{id}/prompt_async',
  );
}

/** Stops the running turn (`POST /session/{id}/abort`). */
export async function abortSession(host: PairedHost, sessionId: string): Promise<void> {
  await unwrap(opencodeFor(host).session.abort({ sessionID: sessionId }), 'POST /session/{id}/abort');
}
