import { useQueryClient } from '@tanstack/react-query';
import { useParams, Navigate, useNavigate } from 'react-router';
import { ApprovalList, approvalKeys } from '@/features/approvals';
import { useSubagents } from '@/features/sessions';
import { SessionView } from '@/features/sessions/session-view';
import { useActiveHost, type PairedHost } from '@/host';

/** Requests of the session and of the subagents it started, inline. */
function SessionApprovals({ host, sessionId }: { host: PairedHost; sessionId: string }) {
  return <ApprovalList host={host} sessionId={sessionId} subagents={useSubagents(host, sessionId)} />;
}

/** One session of the active host, with its pending approvals inline. */
export function SessionRoute() {
  const { sessionId } = useParams();
  const host = useActiveHost();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!host) return <Navigate to="/pair" replace />;
  if (!sessionId) return <Navigate to="/" replace />;
  return (
    <SessionView
      key={`${host.id}:${sessionId}`}
      host={host}
      sessionId={sessionId}
      approvals={<SessionApprovals host={host} sessionId={sessionId} />}
      onDeleted={() => {
        // Requests of the deleted session cannot be answered any more: the inbox lists the host's requests again.
        void queryClient.invalidateQueries({ queryKey: approvalKeys.all(host.id) });
        void navigate('/', { replace: true });
      }}
    />
  );
}
