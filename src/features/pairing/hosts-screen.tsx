/** Paired hosts: switch with one tap, see kind and why, forget a host (and its credentials). */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { HostKindBadge } from '@/components/host-kind-badge';
import { disconnectHost, hostKey, useHostsStore } from '@/host';
import { PairingQr } from './pairing-qr';

export function HostsScreen() {
  const hosts = useHostsStore((state) => state.hosts);
  const activeId = useHostsStore((state) => state.activeId);
  const activate = useHostsStore((state) => state.activate);
  const forget = useHostsStore((state) => state.forget);
  const queryClient = useQueryClient();
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
            </button>
            <p className="host-reason">{host.kindReason}</p>
            <button type="button" className="link-button" aria-expanded={qrFor === host.id} onClick={() => setQrFor(qrFor === host.id ? undefined : host.id)}>
              {qrFor === host.id ? 'Hide pairing QR code' : 'Pair another device (QR code)'}
            </button>
            {qrFor === host.id ? <PairingQr host={host} /> : null}
            <button
              type="button"
              className="link-button danger"
              onClick={() => {
                if (!window.confirm(`Forget ${host.name}? Its token is deleted from this device.`)) return;
                disconnectHost(host.id);
                queryClient.removeQueries({ queryKey: hostKey(host.id) });
                forget(host.id);
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
