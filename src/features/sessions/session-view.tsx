/** One session ("run"): status, transcript, todos, inline approvals and the composer. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, type ReactNode } from 'react';
import { Link } from 'react-router';
import { describeError, type PairedHost } from '@/host';
import {
  loadEarlierMessages,
  messagesQuery,
  sessionKeys,
  sessionListQuery,
  sessionStatusQuery,
  todosQuery,
} from './api';
import { Composer } from './composer';
import { SessionRunningContext } from './part-view';
import { Todos } from './todos';
import { Transcript, type EarlierControl } from './transcript';

export function SessionView({
  host,
  sessionId,
  approvals,
}: {
  host: PairedHost;
  sessionId: string;
  approvals?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const messages = useQuery(messagesQuery(host, sessionId));
  const loadEarlier = useMutation({
    mutationKey: [...sessionKeys.messages(host.id, sessionId), 'earlier'],
    mutationFn: () => loadEarlierMessages(queryClient, host, sessionId),
  });
  const { mutate } = loadEarlier;
  const load = useCallback(() => mutate(), [mutate]);
  const earlier: EarlierControl = {
    available: messages.data !== undefined && messages.data.earlier.kind !== 'none',
    loading: loadEarlier.isPending,
    error: loadEarlier.isError ? describeError(loadEarlier.error) : undefined,
    added: loadEarlier.data,
    load,
  };
  const todos = useQuery(todosQuery(host, sessionId));
  const statuses = useQuery(sessionStatusQuery(host));
  const sessions = useQuery(sessionListQuery(host));
  const session = sessions.data?.find((s) => s.id === sessionId);
  const status = statuses.data?.[sessionId]?.type ?? 'idle';
  const busy = status !== 'idle';
  // Only a status actually read says "not running" (a session missing from the map is idle).
  const running = statuses.data ? busy : undefined;

  return (
    <section className="session-view">
      <header className="session-header">
        <Link to="/" className="back" aria-label="Back to sessions">
          ←
        </Link>
        <h1>{session?.title ?? 'Session'}</h1>
        <span className={`session-status session-status-${status}`} aria-label={`Session status: ${status}`}>
          {status}
        </span>
      </header>
      <Todos todos={todos.data ?? []} />
      {messages.isPending ? <p className="empty">Loading messages…</p> : null}
      {messages.isError ? (
        <p className="error" role="alert">
          Could not load messages: {describeError(messages.error)}
        </p>
      ) : null}
      {messages.data ? (
        <SessionRunningContext.Provider value={running}>
          <Transcript messages={messages.data.messages} earlier={earlier} />
        </SessionRunningContext.Provider>
      ) : null}
      {approvals}
      <Composer host={host} sessionId={sessionId} busy={busy} />
    </section>
  );
}
