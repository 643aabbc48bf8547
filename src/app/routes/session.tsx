import { useParams, Navigate } from 'react-router';
import { ApprovalList } from '@/features/approvals';
import { SessionView } from '@/features/sessions/session-view';
import { useActiveHost } from '@/host';

/** One session of the active host, with its pending approvals inline. */
export function SessionRoute() {
  const { sessionId } = useParams();
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  if (!sessionId) return <Navigate to="/" replace />;
  return <SessionView key={`${host.id}:${sessionId}`} host={host} sessionId={sessionId} approvals={<ApprovalList host={host} sessionId={sessionId} />} />;
}
