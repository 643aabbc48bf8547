/**
 * Wires each paired host's event stream to the features' caches. This is where features meet:
 * sessions and approvals each patch their own queries; after a reconnect the whole host subtree
 * is invalidated and pending requests re-listed, so nothing missed in the gap stays missing.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyApprovalEvent, approvalKeys } from '@/features/approvals';
import { applySessionEvent } from '@/features/sessions';
import { hostKey, subscribeHost, useHostsStore, type PairedHost } from '@/host';

function HostEvents({ host }: { host: PairedHost }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    return subscribeHost(
      host,
      (event) => {
        if (!applySessionEvent(queryClient, host.id, event)) applyApprovalEvent(queryClient, host.id, event);
      },
      (afterGap) => {
        if (afterGap) void queryClient.invalidateQueries({ queryKey: hostKey(host.id) });
        else void queryClient.invalidateQueries({ queryKey: approvalKeys.all(host.id) });
      },
    );
  }, [host, queryClient]);
  return null;
}

/** Keeps one event connection open per paired host. */
export function HostConnections() {
  const hosts = useHostsStore((state) => state.hosts);
  return (
    <>
      {hosts.map((host) => (
        <HostEvents key={host.id} host={host} />
      ))}
    </>
  );
}
