/**
 * One session ("run"): status, transcript, todos, inline approvals and the composer; in the header
 * what the run changed ("Changes (n)"), its usage and the session's actions. The sheets and dialogs
 * of those load on first use (`session-sheets.tsx`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { contextLimitOf, describeError, providersQuery, type PairedHost } from '@/host';
import {
  changesFrom,
  runChanges,
  sessionDiffQuery,
  sessionUsage,
  useSessionActions,
  type SessionUsage,
} from './actions-api';
import {
  loadEarlierMessages,
  messagesQuery,
  sessionKeys,
  sessionInfoQuery,
  sessionListQuery,
  sessionStatusQuery,
  todosQuery,
} from './api';
import { Composer } from './composer';
import { MessageActionsContext } from './message-actions';
import { SessionRunningContext } from './part-view';
import type { Sheet } from './session-sheets';
import { Todos } from './todos';
import { Transcript, type EarlierControl } from './transcript';

const SessionSheets = lazy(() => import('./session-sheets'));

/** `1234` → `1.2k`, `2500000` → `2.5M`. */
function compactCount(n: number): string {
  if (n < 1_000) return String(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** The compact usage line of the header: tokens, cost, and how full the model's context is. */
function UsageLine({ host, usage }: { host: PairedHost; usage: SessionUsage }) {
  const providers = useQuery({ ...providersQuery(host), enabled: usage.context !== undefined });
  if (!usage.context) return null;
  const total = usage.input + usage.output + usage.reasoning + usage.cacheRead + usage.cacheWrite;
  const limit = contextLimitOf(providers.data, usage.context.providerId, usage.context.modelId);
  const percent = limit ? Math.min(100, Math.round((usage.context.tokens / limit) * 100)) : undefined;
  return (
    <p className="session-usage" aria-label="Usage">
      {compactCount(total)} tokens · ${usage.cost.toFixed(2)}
      {percent !== undefined ? ` · context ${percent}% full` : ''}
    </p>
  );
}

/**
 * Loading older transcript pages (`loadEarlierMessages`) as a mutation. Kept out of `SessionView`
 * on purpose: a closure shares its function's scope with every other closure made there, and each
 * finished mutation keeps its options (so its `mutationFn`) until its gc timer fires. Made inside
 * `SessionView`, every page load kept that render's whole message list alive for minutes (a
 * 2,000-message scroll held about 40 copies, 71 MB instead of 18 MB: bench/long-session.mjs).
 */
function useEarlierMessages(host: PairedHost, sessionId: string, available: boolean): EarlierControl {
  const queryClient = useQueryClient();
  const loadEarlier = useMutation({
    mutationKey: [...sessionKeys.messages(host.id, sessionId), 'earlier'],
    mutationFn: () => loadEarlierMessages(queryClient, host, sessionId),
    // Nothing reads a finished load once the next one starts.
    gcTime: 0,
  });
  const { mutate } = loadEarlier;
  const load = useCallback(() => mutate(), [mutate]);
  return {
    available,
    loading: loadEarlier.isPending,
    error: loadEarlier.isError ? describeError(loadEarlier.error) : undefined,
    added: loadEarlier.data,
    load,
  };
}

export function SessionView({
  host,
  sessionId,
  approvals,
  onDeleted,
}: {
  host: PairedHost;
  sessionId: string;
  approvals?: ReactNode;
  /** Called once the host deleted this session (the route leaves the screen). */
  onDeleted?: () => void;
}) {
  const messages = useQuery(messagesQuery(host, sessionId));
  const earlier = useEarlierMessages(
    host,
    sessionId,
    messages.data !== undefined && messages.data.earlier.kind !== 'none',
  );
  const todos = useQuery(todosQuery(host, sessionId));
  const statuses = useQuery(sessionStatusQuery(host));
  const sessions = useQuery(sessionListQuery(host));
  const listed = sessions.data?.find((s) => s.id === sessionId);
  // A session older than the list's first page (opened from a notification or a link) is asked for alone.
  const single = useQuery({ ...sessionInfoQuery(host, sessionId), enabled: sessions.isSuccess && !listed });
  const session = listed ?? single.data;
  const status = statuses.data?.[sessionId]?.type ?? 'idle';
  const busy = status !== 'idle';
  // Only a status actually read says "not running" (a session missing from the map is idle).
  const running = statuses.data ? busy : undefined;
  const [sheet, setSheet] = useState<Sheet>();
  const actions = useSessionActions(host, sessionId, onDeleted);
  const revertedFrom = session?.revert?.messageID;
  const loaded = messages.data?.messages;
  // The host keeps reverted messages until the next prompt; like OpenCode's own UI, they are hidden.
  const shown = useMemo(
    () => (loaded && revertedFrom ? loaded.filter((m) => m.info.id < revertedFrom) : loaded),
    [loaded, revertedFrom],
  );
  const sessionDiff = useQuery({ ...sessionDiffQuery(host, sessionId), enabled: sheet?.kind === 'changes' });
  const changes = useMemo(
    () => runChanges(loaded ?? [], sessionDiff.data, revertedFrom),
    [loaded, sessionDiff.data, revertedFrom],
  );
  const usage = useMemo(() => sessionUsage(loaded ?? []), [loaded]);
  const undone = useMemo(
    () => (loaded && revertedFrom ? changesFrom(loaded, revertedFrom) : []),
    [loaded, revertedFrom],
  );
  const openMessageActions = useCallback((messageId: string) => setSheet({ kind: 'message', messageId }), []);

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
        <button
          type="button"
          className="secondary session-more"
          aria-label="Session actions"
          onClick={() => setSheet({ kind: 'actions' })}
        >
          ⋯
        </button>
      </header>
      <div className="session-tools">
        <button type="button" className="secondary" onClick={() => setSheet({ kind: 'changes' })}>
          Changes ({changes.length})
        </button>
        <UsageLine host={host} usage={usage} />
      </div>
      <Todos todos={todos.data ?? []} />
      {messages.isPending ? <p className="empty">Loading messages…</p> : null}
      {messages.isError ? (
        <p className="error" role="alert">
          Could not load messages: {describeError(messages.error)}
        </p>
      ) : null}
      {shown ? (
        <SessionRunningContext.Provider value={running}>
          <MessageActionsContext.Provider value={openMessageActions}>
            <Transcript messages={shown} earlier={earlier} />
          </MessageActionsContext.Provider>
        </SessionRunningContext.Provider>
      ) : null}
      {revertedFrom && loaded ? (
        <div className="revert-banner" role="status">
          <p>
            {loaded.length - (shown?.length ?? 0)} later messages reverted: their file changes were undone
            {undone.length ? ` (${undone.map((f) => f.path).join(', ')})` : ''}. They stay hidden, and are dropped when
            you send the next prompt.
          </p>
          <button
            type="button"
            className="secondary"
            disabled={actions.unrevert.isPending || busy}
            onClick={() => actions.unrevert.mutate()}
          >
            {actions.unrevert.isPending ? 'Restoring…' : 'Restore reverted messages'}
          </button>
          {actions.unrevert.isError ? (
            <p className="error" role="alert">
              Could not restore: {describeError(actions.unrevert.error)}
            </p>
          ) : null}
        </div>
      ) : null}
      {approvals}
      <Composer host={host} sessionId={sessionId} busy={busy} />
      {sheet ? (
        <Suspense fallback={<p className="empty">Loading…</p>}>
          <SessionSheets
            sheet={sheet}
            host={host}
            session={session}
            sessionId={sessionId}
            busy={busy}
            messages={loaded ?? []}
            changes={changes}
            changesLoading={sessionDiff.isPending}
            usage={usage}
            actions={actions}
            onSheet={setSheet}
          />
        </Suspense>
      ) : null}
    </section>
  );
}
