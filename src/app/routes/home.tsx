import { Navigate } from 'react-router';
import { usePending } from '@/features/approvals';
import { SessionList, useSessionRoots } from '@/features/sessions';
import { useActiveHost, type PairedHost } from '@/host';

function Sessions({ host }: { host: PairedHost }) {
  const { bySession } = usePending(host);
  // A subagent's requests count on the session that started it (the list shows root sessions).
  const roots = useSessionRoots(host, Object.keys(bySession));
  const pending: Record<string, number> = {};
  for (const [sessionId, count] of Object.entries(bySession)) {
    const root = roots[sessionId] ?? sessionId;
    pending[root] = (pending[root] ?? 0) + count;
  }
  return <SessionList key={host.id} host={host} pendingBySession={pending} />;
}

/** Home: the active host's sessions, or pairing when there is no host yet. */
export function HomeRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <Sessions host={host} />;
}
