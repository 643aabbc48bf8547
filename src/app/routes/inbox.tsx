import { useQuery } from '@tanstack/react-query';
import { Link, Navigate } from 'react-router';
import { DecisionLog, Inbox } from '@/features/approvals';
import { OPEN_HOST_PARAM } from '@/features/pwa';
import { sessionListQuery, useSessionRoots } from '@/features/sessions';
import { useActiveHost, useHostsStore, type PairedHost } from '@/host';

/**
 * A card's session: its title (a subagent's is labelled with the session that started it), as a
 * link that opens that session on the card's host. `?hostId=` makes the layout switch the active
 * host first and then drop the parameter (replacing the entry), so Back returns to the inbox.
 */
function SessionLink({ host, sessionId }: { host: PairedHost; sessionId: string }) {
  // The inbox renders without waiting for titles: until they load, the session id stands in.
  const sessions = useQuery(sessionListQuery(host));
  const root = useSessionRoots(host, [sessionId])[sessionId] ?? sessionId;
  const title = (id: string) => sessions.data?.find((s) => s.id === id)?.title;
  const label =
    root !== sessionId && title(root) ? `${title(root)} (subagent)` : (title(sessionId) ?? title(root) ?? sessionId);
  const to = `/s/${encodeURIComponent(root)}?${OPEN_HOST_PARAM}=${encodeURIComponent(host.id)}`;
  return (
    <Link to={to} aria-label={`Open ${label} on ${host.name}`}>
      {label}
    </Link>
  );
}

const sessionLink = (host: PairedHost, sessionId: string) => <SessionLink host={host} sessionId={sessionId} />;

/** What waits on every paired host, newest first, and the decision log. */
export function InboxRoute() {
  const active = useActiveHost();
  const hosts = useHostsStore((state) => state.hosts);
  if (!active) return <Navigate to="/pair" replace />;
  return (
    <section className="inbox">
      <h1>Waiting for you</h1>
      <Inbox hosts={hosts} sessionLabel={sessionLink} />
      <h2>Decisions on this device</h2>
      <DecisionLog />
    </section>
  );
}
