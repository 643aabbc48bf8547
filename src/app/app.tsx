import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useState } from 'react';
import { HashRouter, useLocation } from 'react-router';
import { onHostForgotten, useHostsHydrated, useHostsStore, whenHostsHydrated } from '@/host';
import { adoptQueryPairingLink } from '@/features/pairing';
import { prefetchSessionList } from '@/features/sessions';
import { forgetHostData } from './forget-host';
import { HostConnections } from './host-events';
import { createQueryClient } from './query-client';
import { AppRoutes } from './router';

/**
 * Takes a pairing link's token out of the address bar and the tab's history entry as the app
 * starts: the router keeps the link's location in memory (the pairing screen reads it from
 * there), so this can run at once, without waiting for the saved hosts to be decrypted.
 */
function ScrubPairingLocation() {
  const [{ pathname, search }] = useState(useLocation);
  useLayoutEffect(() => {
    if (pathname === '/pair' && search && window.location.hash !== '#/pair')
      window.history.replaceState(window.history.state, '', `${window.location.pathname}#/pair`);
  }, [pathname, search]);
  return null;
}

/** OpenWork invite links (`/?ow_url=…`) moved into the hash route, once, before the router starts. */
function startRouting(): true {
  adoptQueryPairingLink();
  return true;
}

/**
 * The query client, with the active host's session list already asked for as soon as the paired
 * hosts are loaded, when the app opens on that list: its answer travels while the first render runs.
 */
function createStartingQueryClient() {
  const queryClient = createQueryClient();
  whenHostsHydrated(() => {
    const { hosts, activeId } = useHostsStore.getState();
    const active = hosts.find((host) => host.id === activeId) ?? hosts[0];
    const onList = window.location.hash === '' || window.location.hash === '#/' || window.location.hash === '#';
    if (active && onList) prefetchSessionList(queryClient, active);
  });
  return queryClient;
}

/**
 * The whole app: query client, one event connection per paired host, and the router. Nothing
 * renders before the paired hosts are loaded (they are decrypted asynchronously), so a reload
 * never flashes the pairing screen; that takes a few milliseconds and shows "Opening…".
 */
export function App() {
  const [queryClient] = useState(createStartingQueryClient);
  useState(startRouting);
  const hydrated = useHostsHydrated();
  useEffect(() => onHostForgotten((hostId) => forgetHostData(hostId, queryClient)), [queryClient]);
  return (
    <HashRouter>
      <ScrubPairingLocation />
      {hydrated ? (
        <QueryClientProvider client={queryClient}>
          <HostConnections />
          <AppRoutes />
        </QueryClientProvider>
      ) : (
        <p className="app-opening" role="status">
          Opening…
        </p>
      )}
    </HashRouter>
  );
}
