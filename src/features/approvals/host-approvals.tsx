/**
 * Owner mode: writes an OpenWork host holds for its owner's decision (`GET /approvals`,
 * `POST /approvals/:id`), shown in the same inbox as permission requests and marked as host
 * approvals. The host has no event for them, so the list is polled while owner mode is on.
 */
import type { ReactNode } from 'react';
import { describeError, openwork, type HostApproval, type PairedHost } from '@/host';
import { relativeTime } from '@/lib/time';
import { hostApprovalKeys, useHostApprovals } from './pending';
import { useReply } from './use-reply';

const HOST_LABEL = { allow: 'Allow', deny: 'Deny' } as const;

/** One held write, with Allow and Deny; `origin` names the host it waits on (the inbox). */
export function HostApprovalCard({
  host,
  approval,
  origin,
}: {
  host: PairedHost;
  approval: HostApproval;
  origin?: ReactNode;
}) {
  // Same exactly-once rules as permission requests; a host approval belongs to no session.
  const reply = useReply<'allow' | 'deny'>({
    host,
    request: { id: approval.id, sessionID: '' },
    listKey: hostApprovalKeys.list(host),
    describe: `host ${approval.action}${approval.paths.length ? ` ${approval.paths.join(', ')}` : ''}`,
    label: (answer) => HOST_LABEL[answer],
    logged: (answer) => answer,
    send: (answer) => openwork.replyHostApproval(host, approval.id, answer),
  });
  return (
    <article
      className="approval-card"
      aria-label={`Host approval: ${approval.action}`}
      data-testid="host-approval-card"
    >
      <header>
        <span className="approval-kind">host write · {approval.action}</span>
        {origin}
        <span className="approval-session">{relativeTime(approval.createdAt)}</span>
      </header>
      <p>{approval.summary}</p>
      {approval.paths.length ? <p className="approval-path">{approval.paths.join(', ')}</p> : null}
      <p className="approval-scope">
        Asked by {approval.actor.clientId ?? approval.actor.type}
        {approval.actor.scope ? ` (${approval.actor.scope})` : ''}. The host holds the write until you answer or its
        approval timeout passes.
      </p>
      {reply.error ? (
        <p className="error" role="alert">
          {reply.error}
        </p>
      ) : null}
      <div className="approval-actions">
        <button type="button" disabled={reply.locked} onClick={() => reply.answer('allow')}>
          {reply.sending === 'allow' ? 'Sending…' : HOST_LABEL.allow}
        </button>
        <button type="button" className="danger" disabled={reply.locked} onClick={() => reply.answer('deny')}>
          {reply.sending === 'deny' ? 'Sending…' : HOST_LABEL.deny}
        </button>
      </div>
    </article>
  );
}

export function HostApprovalList({ host }: { host: PairedHost }) {
  const { items, error } = useHostApprovals(host);
  if (error)
    return (
      <p className="error" role="alert">
        Host approvals could not be loaded: {describeError(error)}
      </p>
    );
  if (items.length === 0) return null;
  return (
    <div className="approval-list" aria-label="Host approvals">
      {items.map((approval) => (
        <HostApprovalCard key={approval.id} host={host} approval={approval} />
      ))}
    </div>
  );
}
