/** The approval inbox of a host (all sessions), the inline list of one session, and the decision log. */
import { useMemo } from 'react';
import { describeError, type PairedHost } from '@/host';
import { useDecisionLog } from './decision-log';
import { HostApprovalList } from './host-approvals';
import { ApprovalNotices } from './notices';
import { usePending } from './pending';
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
          {d.detail ? <small> {d.detail}</small> : null}
        </li>
      ))}
    </ol>
  );
}
