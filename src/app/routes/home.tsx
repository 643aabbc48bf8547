import { Navigate } from 'react-router';
import { usePending } from '@/features/approvals';
import { SessionList } from '@/features/sessions';
import { useActiveHost, type PairedHost } from '@/host';

function Sessions({ host }: { host: PairedHost }) {
  const { bySession } = usePending(host);
  return <SessionList key={host.id} host={host} pendingBySession={bySession} />;
}

/** Home: the active host's sessions, or pairing when there is no host yet. */
export function HomeRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <Sessions host={host} />;
}
