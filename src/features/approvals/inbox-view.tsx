/**
 * The approval inbox of every paired host, the inline list of one session (or of one host), and
 * the decision log.
 */
import { memo, useMemo, useState, type ReactNode } from 'react';
import { HostKindBadge } from '@/components/host-kind-badge';
import { describeError, useConnectionStatuses, type PairedHost } from '@/host';
import { useDecisionLog } from './decision-log';
import { HostApprovalCard, HostApprovalList } from './host-approvals';
import { countByHost, mergeInbox, streamDownLine, type InboxEntry } from './inbox';
import { ApprovalNotices } from './notices';
import { usePending, usePendingOnHosts } from './pending';
import { seenAt } from './seen';
import { PermissionCard } from './permission-card';
import { QuestionCard } from './question-card';

const NO_SUBAGENTS: Record<string, string> = {};

/**
 * The requests waiting for an answer: all of a host's (the inbox), or one session's (`sessionId`)
 * together with those of the subagents it started (`subagents`: child session id → label, shown
 * on their cards), which would otherwise leave the session looking hung.
 */
export function ApprovalList({
  host,
  sessionId,
  subagents = NO_SUBAGENTS,
  sessionTitles = NO_SUBAGENTS,
}: {
  host: PairedHost;
  sessionId?: string;
  subagents?: Record<string, string>;
  sessionTitles?: Record<string, string>;
}) {
  const sessionIds = useMemo(
    () => (sessionId ? [sessionId, ...Object.keys(subagents)] : undefined),
    [sessionId, subagents],
  );
  const titles = subagents === NO_SUBAGENTS ? sessionTitles : { ...sessionTitles, ...subagents };
  const { permissions, questions, hostApprovals, hostApprovalsError, error } = usePending(host, sessionIds);
  const showHost = !sessionId && (hostApprovals.length > 0 || Boolean(hostApprovalsError));
  const notices = (
    <>
      <ApprovalNotices hostId={host.id} {...(sessionIds ? { sessionIds } : {})} />
      {/* Never "nothing is waiting" when the list could not be read: say so instead. */}
      {error ? (
        <p className="error" role="alert">
          Could not load the requests waiting for you: {describeError(error)}
        </p>
      ) : null}
    </>
  );
  if (permissions.length === 0 && questions.length === 0 && !showHost) {
    return (
      <>
        {notices}
        {sessionId || error ? null : <p className="empty">Nothing is waiting for you.</p>}
      </>
    );
  }
  return (
    <div className="approval-list" aria-label="Waiting for your answer">
      {notices}
      {showHost ? <HostApprovalList host={host} /> : null}
      {permissions.map((request) => (
        <PermissionCard
          key={request.id}
          host={host}
          request={request}
          {...(titles[request.sessionID] ? { sessionTitle: titles[request.sessionID] } : {})}
        />
      ))}
      {questions.map((request) => (
        <QuestionCard
          key={request.id}
          host={host}
          request={request}
          {...(titles[request.sessionID] ? { sessionTitle: titles[request.sessionID] } : {})}
        />
      ))}
    </div>
  );
}

/** The workspace a host is pointed at, in a few words: an OpenWork workspace's name, or OpenCode's directory. */
function workspaceOf(host: PairedHost): string | undefined {
  if (host.kind === 'openwork') return host.workspaceName ?? host.workspaceId;
  return host.opencode.directory?.split(/[\\/]/).filter(Boolean).at(-1);
}

/** Where a card's request waits: host name and kind, workspace, and the session (`session`). */
function Origin({ host, session }: { host: PairedHost; session?: ReactNode }) {
  const workspace = workspaceOf(host);
  return (
    <span className="approval-origin">
      <span className="approval-host">{host.name}</span> <HostKindBadge kind={host.kind} reason={host.kindReason} />
      {workspace ? <span className="approval-workspace"> · {workspace}</span> : null}
      {session ? <span className="approval-session"> · in {session}</span> : null}
    </span>
  );
}

type SessionLabel = (host: PairedHost, sessionId: string) => ReactNode;

/**
 * One inbox card. An event patches only the list it changes and keeps every other request's
 * object, so comparing the entry's host and request objects lets a new request render its own
 * card alone instead of every card on the screen.
 */
const EntryCard = memo(
  function EntryCard({ entry, sessionLabel }: { entry: InboxEntry; sessionLabel: SessionLabel }) {
    const { host } = entry;
    switch (entry.kind) {
      case 'permission':
        return (
          <PermissionCard
            host={host}
            request={entry.request}
            origin={<Origin host={host} session={sessionLabel(host, entry.request.sessionID)} />}
          />
        );
      case 'question':
        return (
          <QuestionCard
            host={host}
            request={entry.request}
            origin={<Origin host={host} session={sessionLabel(host, entry.request.sessionID)} />}
          />
        );
      case 'host-approval':
        return <HostApprovalCard host={host} approval={entry.request} origin={<Origin host={host} />} />;
    }
  },
  (before, after) =>
    before.entry.kind === after.entry.kind &&
    before.entry.host === after.entry.host &&
    before.entry.request === after.entry.request &&
    before.sessionLabel === after.sessionLabel,
);

const plainSession = (_host: PairedHost, sessionId: string): ReactNode => sessionId;

/**
 * The inbox: what waits on every paired host (`hosts`), newest first, each card naming its host,
 * workspace and session (`sessionLabel` renders the session part, e.g. a link that opens it on
 * its host). Answering goes to the card's own host with its own credential; the active host does
 * not change. With requests on more than one host, chips filter by host. A host whose event
 * stream is down gets one line saying its cards may be stale; its cards stay.
 */
export function Inbox({
  hosts,
  sessionLabel = plainSession,
}: {
  hosts: readonly PairedHost[];
  sessionLabel?: SessionLabel;
}) {
  const { sources, errors } = usePendingOnHosts(hosts);
  const statuses = useConnectionStatuses();
  const [filter, setFilter] = useState<string>();
  const entries = mergeInbox(sources, seenAt);
  const counts = countByHost(entries);
  const hostsWithRequests = hosts.filter((host) => (counts[host.id] ?? 0) > 0);
  // A chip whose host has nothing left (all answered) falls back to every host.
  const shownHost = filter !== undefined && (counts[filter] ?? 0) > 0 ? filter : undefined;
  const shown = shownHost ? entries.filter((entry) => entry.host.id === shownHost) : entries;
  const down = hosts.flatMap((host) => {
    const status = statuses[host.id];
    const line = status ? streamDownLine(host.name, status) : undefined;
    return line ? [{ host, line }] : [];
  });
  return (
    <>
      <ApprovalNotices />
      {down.map(({ host, line }) => (
        <p key={host.id} className="notice stream-down" role="status">
          {line}
        </p>
      ))}
      {/* Never "nothing is waiting" for a host whose list could not be read: say so instead. */}
      {errors.map(({ host, list, error }) => (
        <p key={`${host.id}-${list}`} className="error" role="alert">
          {host.name}:{' '}
          {list === 'requests' ? 'could not load the requests waiting for you' : 'host approvals could not be loaded'}:{' '}
          {describeError(error)}
        </p>
      ))}
      {hostsWithRequests.length > 1 ? (
        <div className="host-filter" role="group" aria-label="Show requests of">
          <button
            type="button"
            className="chip"
            aria-pressed={shownHost === undefined}
            onClick={() => setFilter(undefined)}
          >
            All hosts ({entries.length})
          </button>
          {hostsWithRequests.map((host) => (
            <button
              key={host.id}
              type="button"
              className="chip"
              aria-pressed={shownHost === host.id}
              onClick={() => setFilter(host.id)}
            >
              {host.name} ({counts[host.id]})
            </button>
          ))}
        </div>
      ) : null}
      {entries.length === 0 ? (
        errors.length ? null : (
          <p className="empty">Nothing is waiting for you.</p>
        )
      ) : (
        <div className="approval-list" aria-label="Waiting for your answer">
          {shown.map((entry) => (
            <EntryCard
              key={`${entry.host.id}:${entry.kind}:${entry.request.id}`}
              entry={entry}
              sessionLabel={sessionLabel}
            />
          ))}
        </div>
      )}
    </>
  );
}

export function DecisionLog() {
  const decisions = useDecisionLog((state) => state.decisions);
  if (decisions.length === 0) return <p className="empty">No decisions recorded on this device yet.</p>;
  return (
    <ol className="decision-log">
      {decisions.map((d) => (
        <li key={`${d.requestId}-${d.time}`}>
          <time dateTime={new Date(d.time).toISOString()}>{new Date(d.time).toLocaleString()}</time> · {d.hostName} ·{' '}
          {d.request} → <strong>{d.answer}</strong>{' '}
          <span className={`outcome outcome-${d.outcome}`}>({d.outcome.replace('-', ' ')})</span>
          {d.via === 'notification' ? <small> answered from a notification</small> : null}
          {d.detail ? <small> {d.detail}</small> : null}
        </li>
      ))}
    </ol>
  );
}
