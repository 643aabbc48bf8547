/** The session list of the active host/workspace: title, busy/idle, updated time, pending approvals. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, type PairedHost } from '@/host';
import { relativeTime } from '@/lib/time';
import { createSession, sessionKeys, sessionListQuery, sessionStatusQuery } from './api';

export function SessionList({
  host,
  pendingBySession = {},
}: {
  host: PairedHost;
  pendingBySession?: Record<string, number>;
}) {
  const sessions = useQuery(sessionListQuery(host));
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
      {sessions.data?.length === 0 ? <p className="empty">No sessions yet. Start one with “New session”.</p> : null}
      <ul className="sessions">
        {sessions.data?.map((session) => {
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
    </section>
  );
}
