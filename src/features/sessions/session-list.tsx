/** The session list of the active host/workspace: title, busy/idle, updated time, pending approvals. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, type PairedHost } from '@/host';
import { relativeTime } from '@/lib/time';
import { createSession, loadOlderSessions, sessionKeys, sessionStatusQuery, sessionWindowQuery } from './api';

/**
 * The "Show older sessions" button under the list. Scrolling it into view loads too, as a phone
 * user expects of a list; the button stays for keyboards, screen readers and browsers without
 * IntersectionObserver.
 */
function ShowOlder({ loading, load }: { loading: boolean; load: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const latest = useRef({ loading, load });
  useEffect(() => {
    latest.current = { loading, load };
  });
  useEffect(() => {
    const button = ref.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !latest.current.loading) latest.current.load();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, []);
  return (
    <button ref={ref} type="button" className="secondary" onClick={load} disabled={loading} aria-busy={loading}>
      {loading ? 'Loading older sessions…' : 'Show older sessions'}
    </button>
  );
}

export function SessionList({
  host,
  pendingBySession = {},
}: {
  host: PairedHost;
  pendingBySession?: Record<string, number>;
}) {
  // The newest page first: a host with hundreds of sessions opens as fast as one with a few.
  const sessions = useQuery(sessionWindowQuery(host));
  const statuses = useQuery(sessionStatusQuery(host));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const create = useMutation({
    mutationFn: () => createSession(host),
    onSuccess: (session) => {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.list(host.id) });
      void navigate(`/s/${session.id}`);
    },
    onError: (err) => setError(`Could not create a session: ${describeError(err)}`),
  });

  const older = useMutation({
    mutationFn: () => loadOlderSessions(queryClient, host),
    onError: (err) => setError(`Could not load older sessions: ${describeError(err)}`),
    onMutate: () => setError(undefined),
  });
  const list = sessions.data?.sessions;

  return (
    <section className="session-list">
      <div className="list-header">
        <h1>Sessions</h1>
        <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'New session'}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {sessions.isPending ? <p className="empty">Loading sessions…</p> : null}
      {sessions.isError ? (
        <p className="error" role="alert">
          Could not list sessions: {describeError(sessions.error)}
        </p>
      ) : null}
      {list?.length === 0 ? <p className="empty">No sessions yet. Start one with “New session”.</p> : null}
      <ul className="sessions" aria-label="Sessions">
        {list?.map((session) => {
          const status = statuses.data?.[session.id]?.type ?? 'idle';
          const pending = pendingBySession[session.id] ?? 0;
          return (
            <li key={session.id}>
              <Link to={`/s/${session.id}`} className="session-row">
                <span className="session-title">{session.title || 'Untitled session'}</span>
                <span className="session-meta">
                  <span className={`session-status session-status-${status}`}>{status}</span>
                  <span>{relativeTime(session.time.updated)}</span>
                  {pending > 0 ? (
                    <span className="count-badge" aria-label={`${pending} waiting for approval`}>
                      {pending}
                    </span>
                  ) : null}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      {sessions.data && !sessions.data.complete ? (
        <ShowOlder loading={older.isPending} load={() => older.mutate()} />
      ) : null}
    </section>
  );
}
