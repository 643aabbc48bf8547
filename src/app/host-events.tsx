/**
 * Wires each paired host's event stream to the features' caches. This is where features meet:
 * sessions and approvals each patch their own queries; after a reconnect the whole host subtree
 * is invalidated and pending requests re-listed, so nothing missed in the gap stays missing. When
 * an OpenWork host answers again after an outage, what failed meanwhile is fetched again, without
 * the user having to leave the screen.
 * The same events drive notifications (a request arriving while the page is hidden, or found new by
 * a re-sync), and the pending counts of all hosts drive the app badge and the document title.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyApprovalEvent, approvalKeys, usePendingOnHosts, watchRequestLists } from '@/features/approvals';
import { notifyForEvent, useAppBadge } from '@/features/pwa';
import { createSessionEventSink, sessionKeys, type SessionListWindow } from '@/features/sessions';
import { hostKey, subscribeHost, useHostsStore, type PairedHost } from '@/host';

function HostEvents({ host }: { host: PairedHost }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const sessionTitle = (sessionId: string) =>
      queryClient.getQueryData<SessionListWindow>(sessionKeys.list(host.id))?.sessions.find((s) => s.id === sessionId)
        ?.title;
    // Streamed text is coalesced per animation frame; everything else applies at once, in order.
    const sessions = createSessionEventSink(queryClient, host.id);
    const context = { hostId: host.id, hostName: host.name, sessionTitle };
    // Requests a re-sync finds dropped without an answer are told once per host, here; requests it
    // finds new (asked while the stream was down or still connecting) notify as an event would.
    const stopWatching = watchRequestLists(queryClient, host.id, {
      onArrived: (request) =>
        notifyForEvent(
          'questions' in request ? { kind: 'question-asked', request } : { kind: 'permission-asked', request },
          context,
        ),
    });
    const unsubscribe = subscribeHost(
      host,
      (event) => {
        if (!sessions(event)) applyApprovalEvent(queryClient, host.id, event);
        notifyForEvent(event, context);
      },
      (afterGap) => {
        if (afterGap) void queryClient.invalidateQueries({ queryKey: hostKey(host.id) });
        else void queryClient.invalidateQueries({ queryKey: approvalKeys.all(host.id) });
      },
      (streamLive) => {
        // The engine kept streaming: its data is current, but every host route failed meanwhile and
        // the host may have changed while it was away (a restart, a config edit): re-sync it all.
        if (streamLive) void queryClient.invalidateQueries({ queryKey: hostKey(host.id) });
        // The stream went down with the host and is reconnecting; its re-sync will refresh the
        // rest. Only what failed is fetched now, so a screen does not keep its errors until then
        // (or for good, when the engine stays down while the host is back).
        else
          void queryClient.invalidateQueries({
            queryKey: hostKey(host.id),
            predicate: (query) => query.state.status === 'error',
          });
      },
    );
    return () => {
      unsubscribe();
      stopWatching();
      sessions.dispose();
    };
  }, [host, queryClient]);
  return null;
}

/** The app badge and title on what waits across `hosts`: the same count as the inbox link. */
function PendingBadge({ hosts }: { hosts: readonly PairedHost[] }) {
  useAppBadge(usePendingOnHosts(hosts).total);
  return null;
}

/** Keeps one event connection open per paired host, and the badge on what waits across them. */
export function HostConnections() {
  const hosts = useHostsStore((state) => state.hosts);
  return (
    <>
      {hosts.map((host) => (
        <HostEvents key={host.id} host={host} />
      ))}
      <PendingBadge hosts={hosts} />
    </>
  );
}
