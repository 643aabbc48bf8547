/**
 * The app chrome: active host with its kind and connection state (and a dot on its switcher when
 * requests wait on other hosts), the inbox count of every paired host, navigation; the
 * update prompt; push presence and "While you were away" (lazy); "This device" (install, notifications) under the Hosts screen; and opening the
 * request a tapped notification names.
 */
import { Suspense, useCallback, useEffect } from 'react';
import { NavLink, Outlet, useLocation, useMatch, useNavigate, useSearchParams } from 'react-router';
import { ConnectionStatus } from '@/components/connection-status';
import { HostKindBadge } from '@/components/host-kind-badge';
import { recordAnswersFromNotifications, usePendingOnHosts } from '@/features/approvals';
import {
  captureInstallPrompt,
  OPEN_HOST_PARAM,
  PushCompanion,
  PwaSettings,
  UpdatePrompt,
  useNotificationNavigation,
} from '@/features/pwa';
import {
  reconnectHost,
  useActiveHost,
  useConnectionStatus,
  useHostReachability,
  useHostsStore,
  type PairedHost,
} from '@/host';

// At module load, before React's first effects: Chromium fires `beforeinstallprompt` once per
// page load, and early.
captureInstallPrompt(window);

/**
 * Opens what a notification names: `?hostId=` on a route (a window the service worker opened, or
 * a path it posted to an open one) switches to that host, then leaves the URL. Returns true while
 * the switch is pending, so the route does not first render with the previous host.
 */
function useOpenFromNotification(): boolean {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const activate = useHostsStore((state) => state.activate);
  const known = useHostsStore((state) => state.hosts.some((h) => h.id === params.get(OPEN_HOST_PARAM)));
  const hostId = params.get(OPEN_HOST_PARAM);
  useNotificationNavigation(useCallback((path: string) => void navigate(path), [navigate]));
  useEffect(() => {
    if (!hostId) return;
    if (known) activate(hostId);
    const rest = new URLSearchParams(params);
    rest.delete(OPEN_HOST_PARAM);
    const search = rest.toString();
    void navigate({ pathname, search: search ? `?${search}` : '' }, { replace: true });
  }, [hostId, known, activate, navigate, pathname, params]);
  return hostId !== null;
}

/** What waits on every paired host. Read by the chrome's small parts, so the routes below do not re-render with it. */
function usePendingEverywhere() {
  return usePendingOnHosts(useHostsStore((state) => state.hosts));
}

/** The inbox link with what waits on every paired host together. */
function InboxLink() {
  const { total } = usePendingEverywhere();
  return (
    <NavLink to="/inbox" className="nav-link" aria-label={total ? `Approvals, ${total} waiting` : 'Approvals'}>
      Approvals
      {total > 0 ? <span className="count-badge">{total}</span> : null}
    </NavLink>
  );
}

/** The active host; the switcher carries a dot when requests wait on other hosts. */
function HostBar({ host }: { host: PairedHost }) {
  const status = useConnectionStatus(host.id);
  const reachability = useHostReachability(host.id);
  const { total, byHost } = usePendingEverywhere();
  const elsewhere = total - (byHost[host.id] ?? 0);
  return (
    <div className="host-bar">
      <NavLink
        to="/hosts"
        className="host-bar-name"
        aria-label={`Host ${host.name}, switch host${elsewhere ? ` (${elsewhere} waiting on other hosts)` : ''}`}
      >
        {host.name}
        {elsewhere ? <span className="waiting-dot" aria-hidden="true" /> : null}
      </NavLink>
      <HostKindBadge kind={host.kind} reason={host.kindReason} />
      <ConnectionStatus kind={host.kind} status={status} host={reachability} onRetry={() => reconnectHost(host.id)} />
    </div>
  );
}

/** The chrome around every route. */
export function Layout() {
  const host = useActiveHost();
  const switching = useOpenFromNotification();
  const onHosts = useMatch('/hosts') !== null;
  return (
    <div className="app">
      <header className="chrome">
        {host ? <HostBar host={host} /> : <div className="host-bar">OpenWork Remote</div>}
        <nav className="nav">
          <NavLink to="/" end className="nav-link">
            Sessions
          </NavLink>
          {host ? <InboxLink /> : null}
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
      <Suspense fallback={null}>
        <PushCompanion onAnswers={recordAnswersFromNotifications} />
      </Suspense>
      <main className="content">
        {switching ? null : <Outlet />}
        {onHosts ? (
          <Suspense fallback={null}>
            <PwaSettings />
          </Suspense>
        ) : null}
      </main>
    </div>
  );
}
