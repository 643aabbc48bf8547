import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ApprovalList, DecisionLog } from '@/features/approvals';
import { sessionListQuery } from '@/features/sessions';
import { useActiveHost, type PairedHost } from '@/host';

function Inbox({ host }: { host: PairedHost }) {
  // Session titles for the cards; the inbox renders without waiting for them.
  const sessions = useQuery(sessionListQuery(host));
  const titles = Object.fromEntries((sessions.data ?? []).map((s) => [s.id, s.title]));
  return (
    <section className="inbox">
      <h1>Waiting for you</h1>
      <ApprovalList host={host} sessionTitles={titles} />
      <h2>Decisions on this device</h2>
      <DecisionLog />
    </section>
  );
}

/** All pending permission requests and questions of the active host, and the decision log. */
export function InboxRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <Inbox host={host} />;
}
