/**
 * Test harness for the whole route tree: the real routes and screens in a memory router, with a
 * paired host in the hosts store. Test files replace `@/features/pwa` with `@/testing/pwa-stub`
 * (`vi.mock`): its update prompt needs the `virtual:pwa-register` module only a Vite build has.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { appRoutes } from '@/app/router';
import { useHostsStore, type PairedHost } from '@/host';
import { createTestQueryClient } from './render';

/** Renders the app's routes at `path` with `host` paired and active, and `others` paired too. */
export function renderApp(path: string, host: PairedHost, others: readonly PairedHost[] = []) {
  useHostsStore.setState({ hosts: [host, ...others], activeId: host.id });
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(appRoutes(), { initialEntries: [path] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}
