/** The pairing and hosts screens, as lazy route modules (they load on first use). */
import { usePendingOnHosts } from '@/features/approvals';
import { HostsScreen, PairScreen } from '@/features/pairing';
import { useHostsStore } from '@/host';

export function PairRoute() {
  return <PairScreen />;
}

export function HostsRoute() {
  // Each host marked with what waits on it, so the switch goes where an answer is needed.
  const { byHost } = usePendingOnHosts(useHostsStore((state) => state.hosts));
  return <HostsScreen pendingByHost={byHost} />;
}
