/** Paired hosts: switch with one tap, see kind and why, forget a host (and its credentials). */
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { HostKindBadge } from '@/components/host-kind-badge';
import { forgetHost, unknownEventCount, useHostsProtection, useHostsStore } from '@/host';

// The pairing QR code (and its encoder) loads when the user asks to show it.
const PairingQr = lazy(async () => ({ default: (await import('./pairing-qr')).PairingQr }));

/** Says how tokens are kept on this device when that is worth knowing: unencrypted, or lost. */
function StorageNotice() {
  const protection = useHostsProtection();
  if (protection.mode === 'checking') return null;
  return (
    <>
      {protection.mode === 'plaintext' ? (
        <p className="notice storage-notice" role="note">
          Tokens are stored unencrypted on this device because {protection.reason}. Anyone who can read this
          browser&apos;s storage can read them.
        </p>
      ) : null}
      {protection.unreadable ? (
        <p className="notice storage-notice" role="alert">
          Saved hosts could not be opened: {protection.unreadable}. Pair them again.
        </p>
      ) : null}
    </>
  );
}

/**
 * Says when a host's event stream sent frames the app could not read (they were skipped, counted
 * by the host layer): a sign of an OpenCode version this app does not know. Read when the screen
 * renders; frames of types the app simply does not use are not mentioned.
 */
function UnreadableEvents({ hostId }: { hostId: string }) {
  const { malformed, lastMalformedType } = unknownEventCount(hostId);
  if (malformed === 0) return null;
  return (
    <p className="notice" role="note">
      {malformed === 1 ? 'One event' : `${malformed} events`} from this host could not be read and{' '}
      {malformed === 1 ? 'was' : 'were'} skipped{lastMalformedType ? ` (last: ${lastMalformedType})` : ''}. If something
      looks out of date, check that the host runs an OpenCode version this app supports.
    </p>
  );
}

/**
 * The paired hosts, one tap to switch; `pendingByHost` (host id → requests waiting) marks the
 * hosts that have something waiting for an answer.
 */
export function HostsScreen({ pendingByHost = {} }: { pendingByHost?: Readonly<Record<string, number>> }) {
  const hosts = useHostsStore((state) => state.hosts);
  const activeId = useHostsStore((state) => state.activeId);
  const activate = useHostsStore((state) => state.activate);
  const navigate = useNavigate();
  const [qrFor, setQrFor] = useState<string>();

  return (
    <section className="hosts-screen">
      <div className="list-header">
        <h1>Hosts</h1>
        <Link to="/pair" className="button">
          Pair a host
        </Link>
      </div>
      <StorageNotice />
      {hosts.length === 0 ? <p className="empty">No hosts paired yet.</p> : null}
      <ul className="hosts">
        {hosts.map((host) => (
          <li key={host.id} className={host.id === activeId ? 'host active' : 'host'}>
            <button
              type="button"
              className="host-switch"
              onClick={() => {
                activate(host.id);
                void navigate('/');
              }}
            >
              <span className="host-name">{host.name}</span>
              <HostKindBadge kind={host.kind} reason={host.kindReason} />
              {pendingByHost[host.id] ? (
                <span className="count-badge" aria-label={`${pendingByHost[host.id]} waiting`}>
                  {pendingByHost[host.id]}
                </span>
              ) : null}
            </button>
            <p className="host-reason">{host.kindReason}</p>
            <UnreadableEvents hostId={host.id} />
            <button
              type="button"
              className="link-button"
              aria-expanded={qrFor === host.id}
              onClick={() => setQrFor(qrFor === host.id ? undefined : host.id)}
            >
              {qrFor === host.id ? 'Hide pairing QR code' : 'Pair another device (QR code)'}
            </button>
            {qrFor === host.id ? (
              <Suspense fallback={<p className="empty">Making the code…</p>}>
                <PairingQr host={host} />
              </Suspense>
            ) : null}
            <button
              type="button"
              className="link-button danger"
              aria-label={`Forget ${host.name}`}
              onClick={() => {
                const question = `Forget ${host.name}? Its token, drafts and cached data are deleted from this device. Your log of approval decisions is kept.`;
                if (!window.confirm(question)) return;
                forgetHost(host.id);
              }}
            >
              Forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
