import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ApprovalList, DecisionLog, usePending } from '@/features/approvals';
import { sessionListQuery, useSessionRoots } from '@/features/sessions';
import { useActiveHost, type PairedHost } from '@/host';

function Inbox({ host }: { host: PairedHost }) {
  // Session titles for the cards; the inbox renders without waiting for them.
  const sessions = useQuery(sessionListQuery(host));
  const titles: Record<string, string> = Object.fromEntries((sessions.data ?? []).map((s) => [s.id, s.title]));
  // A subagent's request is labelled with the session that started it.
  const roots = useSessionRoots(host, Object.keys(usePending(host).bySession));
  for (const [sessionId, root] of Object.entries(roots)) {
    const title = titles[root];
    if (root !== sessionId && title) titles[sessionId] = `${title} (subagent)`;
  }
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
