/** The pairing and hosts screens, as lazy route modules (they load on first use). */
import { HostsScreen, PairScreen } from '@/features/pairing';

export function PairRoute() {
  return <PairScreen />;
}

export function HostsRoute() {
  return <HostsScreen />;
}
