/** Pairing feature: connect screen, saved hosts, pairing links. */
export { PairScreen } from './pair-screen';
export { HostsScreen } from './hosts-screen';
export { adoptQueryPairingLink } from './pairing-link';
