/**
 * Owner mode: writes an OpenWork host holds for its owner's decision (`GET /approvals`,
 * `POST /approvals/:id`), shown in the same inbox as permission requests and marked as host
 * approvals. The host has no event for them, so the list is polled while owner mode is on.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, HostError, openwork, type HostApproval, type PairedHost } from '@/host';
import { relativeTime } from '@/lib/time';
import { hostApprovalKeys, useHostApprovals } from './pending';
import { useDecisionLog } from './decision-log';

function HostApprovalCard({ host, approval }: { host: PairedHost; approval: HostApproval }) {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const [error, setError] = useState<string>();
  const reply = useMutation({
    mutationFn: (answer: 'allow' | 'deny') => openwork.replyHostApproval(host, approval.id, answer),
    onSuccess: (_d, answer) => {
      record({ time: Date.now(), hostId: host.id, hostName: host.name, sessionId: '', requestId: approval.id, request: `host ${approval.action} ${approval.paths.join(', ')}`, answer, outcome: 'sent' });
      queryClient.setQueryData<HostApproval[]>(hostApprovalKeys.list(host), (list) => list?.filter((a) => a.id !== approval.id));
    },
    onError: (err, answer) => {
      const gone = err instanceof HostError && err.code === 'not-found';
      record({ time: Date.now(), hostId: host.id, hostName: host.name, sessionId: '', requestId: approval.id, request: `host ${approval.action}`, answer, outcome: gone ? 'answered-elsewhere' : 'failed', detail: describeError(err) });
      if (gone) queryClient.setQueryData<HostApproval[]>(hostApprovalKeys.list(host), (list) => list?.filter((a) => a.id !== approval.id));
      else setError(`Not delivered: ${describeError(err)}`);
    },
  });
  return (
    <article className="approval-card" aria-label={`Host approval: ${approval.action}`} data-testid="host-approval-card">
      <header>
        <span className="approval-kind">host write · {approval.action}</span>
        <span className="approval-session">{relativeTime(approval.createdAt)}</span>
      </header>
      <p>{approval.summary}</p>
      {approval.paths.length ? <p className="approval-path">{approval.paths.join(', ')}</p> : null}
      <p className="approval-scope">Asked by {approval.actor.clientId ?? approval.actor.type}{approval.actor.scope ? ` (${approval.actor.scope})` : ''}. The host holds the write until you answer or its approval timeout passes.</p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="approval-actions">
        <button type="button" disabled={reply.isPending} onClick={() => reply.mutate('allow')}>
          Allow
        </button>
        <button type="button" className="danger" disabled={reply.isPending} onClick={() => reply.mutate('deny')}>
          Deny
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
