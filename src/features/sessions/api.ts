/**
 * Sessions of a host: query keys, fetchers and mutations. Source: OpenCode `GET /session`,
 * `GET /session/status`, `GET /session/{id}/message?limit=&before=`, `GET /session/{id}/todo`,
 * `POST /session`, `POST /session/{id}/prompt_async`, `POST /session/{id}/abort`.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import {
  readSession,
  readStatus,
  readTodo,
  type MessageWithParts,
  type Session,
  type SessionStatus,
  type Todo,
} from '@/domain';
import {
  fetchMessagePage,
  hostKey,
  HostError,
  opencodeFor,
  readList,
  readRecord,
  unexpectedShape,
  unwrap,
  type MessagePage,
  type PairedHost,
} from '@/host';

export type { MessageWithParts } from '@/domain';

/** Query keys, rooted at the host so that switching or forgetting a host drops exactly its data. */
export const sessionKeys = {
  all: (hostId: string) => [...hostKey(hostId), 'sessions'] as const,
  list: (hostId: string) => [...sessionKeys.all(hostId), 'list'] as const,
  statuses: (hostId: string) => [...sessionKeys.all(hostId), 'status'] as const,
  messages: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'messages', sessionId] as const,
  todos: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'todos', sessionId] as const,
  root: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'root', sessionId] as const,
  info: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'info', sessionId] as const,
  /** The files a session changed (`GET /session/{id}/diff`, `session-diff` events). */
  diff: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'diff', sessionId] as const,
};

/** Newest first by `time.updated` (ms). */
export function sortSessions(sessions: Session[]): Session[] {
  return [...sessions].sort((a, b) => b.time.updated - a.time.updated);
}

/** Root sessions asked for when the list first opens, and added by each "Show older sessions". */
export const SESSION_PAGE_SIZE = 50;

/**
 * The loaded part of a host's session list (the cache entry of {@link sessionKeys.list}): the
 * newest `limit` root sessions, newest first by `time.updated` (ms); `complete` when the host had
 * no more than that. Events upsert and remove sessions in place.
 */
export interface SessionListWindow {
  sessions: Session[];
  /** How many the last fetch asked for (`GET /session?limit=`). */
  limit: number;
  /** True when the host returned fewer than `limit`: nothing older exists. */
  complete: boolean;
}

/**
 * Fetches the newest `limit` root sessions (`GET /session?roots=true&limit=N`; OpenCode 1.18
 * answers the newest N by update time). A host that ignores `limit` returns all of them, which
 * reads as complete.
 * @throws HostError as `unwrap` does (network, auth, a non-list answer)
 */
async function fetchSessionWindow(host: PairedHost, limit: number): Promise<SessionListWindow> {
  const sessions = sortSessions(
    readList(
      await unwrap(opencodeFor(host).session.list({ roots: true, limit }), 'GET /session'),
      'GET /session',
      'a list of sessions',
      readSession,
    ),
  );
  return { sessions, limit, complete: sessions.length < limit };
}

/**
 * Root sessions of the host's workspace, newest first: the first {@link SESSION_PAGE_SIZE} when
 * the list first opens (so a host with 500 sessions opens as fast as one with 50), and as many as
 * were shown on a refetch. Its data is the whole {@link SessionListWindow}; screens that need only
 * the sessions use {@link sessionListQuery}.
 */
export function sessionWindowQuery(host: PairedHost) {
  return queryOptions({
    queryKey: sessionKeys.list(host.id),
    queryFn: ({ client }) => {
      const shown = client.getQueryData<SessionListWindow>(sessionKeys.list(host.id))?.limit ?? 0;
      return fetchSessionWindow(host, Math.max(SESSION_PAGE_SIZE, shown));
    },
  });
}

/**
 * Applies `change` to the sessions in the host's cached list (a rename, a delete, a fork), keeping
 * the window's extent; nothing happens while the list is not loaded.
 */
export function updateCachedSessions(
  queryClient: QueryClient,
  hostId: string,
  change: (sessions: Session[]) => Session[],
): void {
  queryClient.setQueryData<SessionListWindow>(sessionKeys.list(hostId), (list) =>
    list ? { ...list, sessions: change(list.sessions) } : list,
  );
}

/**
 * One session's info (`GET /session/{id}`): for a session the loaded list does not hold (older than
 * its first page, or a subagent's), so its screen still has the title and revert state.
 * @throws HostError as `unwrap` does, or `bad-response` when the answer is not a session
 */
export function sessionInfoQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: sessionKeys.info(host.id, sessionId),
    queryFn: async () => {
      const what = 'GET /session/{id}';
      const answer: unknown = await unwrap(opencodeFor(host).session.get({ sessionID: sessionId }), what);
      const session = readSession(answer);
      if (!session) throw unexpectedShape(what, 'a session', answer);
      return session;
    },
  });
}

/**
 * Puts a changed session (an event, a rename, a revert) into every cache entry that shows it:
 * the list, and its own entry when its screen asked for one.
 */
export function putCachedSession(queryClient: QueryClient, hostId: string, session: Session): void {
  updateCachedSessions(queryClient, hostId, (list) => list.map((s) => (s.id === session.id ? session : s)));
  if (queryClient.getQueryData(sessionKeys.info(hostId, session.id)))
    queryClient.setQueryData<Session>(sessionKeys.info(hostId, session.id), session);
}

/**
 * Starts loading what the session list shows (`GET /session?roots=true&limit=`, `GET /session/status`)
 * for `host` before its screen renders: on a slow phone the render takes longer than the request,
 * so the answers are on their way while it runs. The list's own queries join these requests.
 */
export function prefetchSessionList(queryClient: QueryClient, host: PairedHost): void {
  void queryClient.prefetchQuery(sessionWindowQuery(host));
  void queryClient.prefetchQuery(sessionStatusQuery(host));
}

/** {@link sessionWindowQuery} selecting the sessions only: what most screens need. */
export function sessionListQuery(host: PairedHost) {
  return queryOptions({ ...sessionWindowQuery(host), select: (window: SessionListWindow) => window.sessions });
}

/**
 * "Show older sessions": fetches {@link SESSION_PAGE_SIZE} more than are loaded
 * (`GET /session?roots=true&limit=N`; the host has no cursor for this list) and puts them in the
 * cache entry. Resolves to how many were added.
 * @throws HostError when the host cannot be read; the loaded list stays as it was
 */
export async function loadOlderSessions(queryClient: QueryClient, host: PairedHost): Promise<number> {
  const key = sessionKeys.list(host.id);
  const before = queryClient.getQueryData<SessionListWindow>(key);
  const window = await fetchSessionWindow(host, (before?.limit ?? 0) + SESSION_PAGE_SIZE);
  queryClient.setQueryData<SessionListWindow>(key, window);
  return window.sessions.length - (before?.sessions.length ?? 0);
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

/** Messages per page when a session opens and per "load earlier" step. */
export const MESSAGE_PAGE_SIZE = 50;

/**
 * What lies before the first loaded message: nothing (`none`: the first loaded message is the
 * session's first), a page the host named by its cursor (`page`), or an unknown rest that only
 * the whole transcript can fill (`whole`: the page was full but no cursor could be read, as behind
 * a proxy that hides the host's paging headers).
 */
export type EarlierMessages = { kind: 'none' } | { kind: 'page'; cursor: string } | { kind: 'whole' };

/** The loaded part of a transcript: the newest messages, oldest first, and what lies before them. */
export interface TranscriptWindow {
  messages: MessageWithParts[];
  earlier: EarlierMessages;
}

/** What lies before a page that asked for `limit` messages. */
function earlierThan(page: MessagePage, limit: number | undefined): EarlierMessages {
  if (page.nextCursor) return { kind: 'page', cursor: page.nextCursor };
  // A host that ignores `limit` sent everything (more than asked); fewer than asked is the start.
  // Exactly as many as asked and no cursor: the header may be hidden, so there may be more.
  return limit !== undefined && page.sent === limit ? { kind: 'whole' } : { kind: 'none' };
}

/** Oldest first by id (OpenCode's message ids grow with time). */
function byId(a: MessageWithParts, b: MessageWithParts): number {
  return a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0;
}

/**
 * The newest messages of one session (`GET /session/{id}/message?limit=N`): a page of
 * {@link MESSAGE_PAGE_SIZE} when the session opens, so opening costs the same for 200 or 20,000
 * messages. A refetch (after a gap in the event stream) asks for as many as are loaded, so older
 * pages the reader loaded stay. A host that ignores `limit` answers the whole transcript at once.
 */
export function messagesQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: sessionKeys.messages(host.id, sessionId),
    queryFn: async ({ client, queryKey }): Promise<TranscriptWindow> => {
      // One more than loaded: a window that held the whole transcript comes back short of the
      // limit, so it is not mistaken for a full page whose cursor was hidden.
      const loaded = client.getQueryData<TranscriptWindow>(queryKey)?.messages.length ?? 0;
      const limit = loaded ? Math.max(MESSAGE_PAGE_SIZE, loaded + 1) : MESSAGE_PAGE_SIZE;
      const page = await fetchMessagePage(host, sessionId, { limit });
      return { messages: page.messages, earlier: earlierThan(page, limit) };
    },
  });
}

/** Loads in flight, per host and session: a second request for the same page joins the first. */
const earlierInFlight = new Map<string, Promise<number>>();

/**
 * Loads the messages before the loaded ones into the session's cache entry: the page the host
 * named (`GET /session/{id}/message?limit=50&before=CURSOR`), or the whole transcript when no
 * cursor could be read or the host no longer accepts the cursor (a 400). Messages already loaded
 * keep their cached (live-patched) version. Resolves to how many messages were added (0 when
 * nothing is earlier). A call while a load of the same session is in flight joins it.
 *
 * @throws {HostError} when the host could not answer; the loaded messages stay.
 */
export function loadEarlierMessages(queryClient: QueryClient, host: PairedHost, sessionId: string): Promise<number> {
  const id = `${host.id}\u0000${sessionId}`;
  const running = earlierInFlight.get(id);
  if (running) return running;
  const load = fetchEarlier(queryClient, host, sessionId).finally(() => earlierInFlight.delete(id));
  earlierInFlight.set(id, load);
  return load;
}

async function fetchEarlier(queryClient: QueryClient, host: PairedHost, sessionId: string): Promise<number> {
  const key = sessionKeys.messages(host.id, sessionId);
  const earlier = queryClient.getQueryData<TranscriptWindow>(key)?.earlier;
  if (!earlier || earlier.kind === 'none') return 0;
  let page: MessagePage;
  let limit: number | undefined;
  if (earlier.kind === 'page') {
    limit = MESSAGE_PAGE_SIZE;
    try {
      page = await fetchMessagePage(host, sessionId, { limit, before: earlier.cursor });
    } catch (error) {
      // A cursor the host refuses (it was compacted, or restarted with other paging) cannot be
      // retried: fall back to the whole transcript once.
      if (!(error instanceof HostError && error.status === 400)) throw error;
      limit = undefined;
      page = await fetchMessagePage(host, sessionId);
    }
  } else {
    page = await fetchMessagePage(host, sessionId);
  }
  let added = 0;
  queryClient.setQueryData<TranscriptWindow>(key, (current) => {
    if (!current) return current;
    const loaded = new Set(current.messages.map((m) => m.info.id));
    const older = page.messages.filter((m) => !loaded.has(m.info.id));
    added = older.length;
    return { messages: [...older, ...current.messages].sort(byId), earlier: earlierThan(page, limit) };
  });
  return added;
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
