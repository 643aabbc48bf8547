import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { onHostForgotten, useHostsHydrated } from '@/host';
import { createQueryClient } from './query-client';
import { forgetHostData } from './forget-host';
import { HostConnections } from './host-events';
import { createRouter } from './router';

/**
 * Takes a pairing link's token out of the address bar and the tab's history entry: the router
 * keeps the link's location in memory (the pairing screen reads it from there), so this can run
 * at once, without waiting for the saved hosts to be decrypted. Idempotent.
 */
function scrubPairingLocation(router: ReturnType<typeof createRouter>): void {
  const { pathname, search } = router.state.location;
  if (pathname === '/pair' && search && window.location.hash !== '#/pair')
    window.history.replaceState(window.history.state, '', `${window.location.pathname}#/pair`);
}

/**
 * The whole app: query client, one event connection per paired host, and the router. Nothing
 * renders before the paired hosts are loaded (they are decrypted asynchronously), so a reload
 * never flashes the pairing screen; that takes a few milliseconds and shows "Opening…".
 */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  const hydrated = useHostsHydrated();
  useLayoutEffect(() => scrubPairingLocation(router), [router]);
  useEffect(() => onHostForgotten((hostId) => forgetHostData(hostId, queryClient)), [queryClient]);
  if (!hydrated) {
    return (
      <p className="app-opening" role="status">
        Opening…
      </p>
    );
  }
  return (
    <QueryClientProvider client={queryClient}>
      <HostConnections />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
