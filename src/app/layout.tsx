/** The app chrome: active host with its kind and connection state, inbox count, navigation. */
import { NavLink, Outlet } from 'react-router';
import { ConnectionStatus } from '@/components/connection-status';
import { HostKindBadge } from '@/components/host-kind-badge';
import { usePending } from '@/features/approvals';
import { UpdatePrompt } from '@/features/pwa';
import { reconnectHost, useActiveHost, useConnectionStatus, type PairedHost } from '@/host';

function InboxLink({ host }: { host: PairedHost }) {
  const { total } = usePending(host);
  return (
    <NavLink to="/inbox" className="nav-link" aria-label={total ? `Approvals, ${total} waiting` : 'Approvals'}>
      Approvals
      {total > 0 ? <span className="count-badge">{total}</span> : null}
    </NavLink>
  );
}

function HostBar({ host }: { host: PairedHost }) {
  const status = useConnectionStatus(host.id);
  return (
    <div className="host-bar">
      <NavLink to="/hosts" className="host-bar-name" aria-label={`Host ${host.name}, switch host`}>
        {host.name}
      </NavLink>
      <HostKindBadge kind={host.kind} reason={host.kindReason} />
      <ConnectionStatus status={status} onRetry={() => reconnectHost(host.id)} />
    </div>
  );
}

export function Layout() {
  const host = useActiveHost();
  return (
    <div className="app">
      <header className="chrome">
        {host ? <HostBar host={host} /> : <div className="host-bar">OpenWork Remote</div>}
        <nav className="nav">
          <NavLink to="/" end className="nav-link">
            Sessions
          </NavLink>
          {host ? <InboxLink host={host} /> : null}
          {host ? (
            <NavLink to="/files" className="nav-link">
              Files
            </NavLink>
          ) : null}
          {host ? (
            <NavLink to="/workspace" className="nav-link">
              Workspace
            </NavLink>
          ) : null}
          <NavLink to="/hosts" className="nav-link">
            Hosts
          </NavLink>
        </nav>
      </header>
      <UpdatePrompt />
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
