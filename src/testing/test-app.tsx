/**
 * Test harness for the whole route tree: the real routes and screens in a memory router, with a
 * paired host in the hosts store. Test files replace `@/features/pwa` with `@/testing/pwa-stub`
 * (`vi.mock`): its update prompt needs the `virtual:pwa-register` module only a Vite build has.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import {
  MemoryRouter,
  useLocation,
  useNavigate,
  type Location,
  type NavigateFunction,
  type NavigateOptions,
  type To,
} from 'react-router';
import { AppRoutes } from '@/app/router';
import { useHostsStore, type PairedHost } from '@/host';
import { createTestQueryClient } from './render';

/** What a test reads of the router: where it is, and a way to move (`navigate(-1)` is Back). */
export interface TestRouter {
  readonly state: { readonly location: Location };
  navigate: NavigateFunction;
}

/**
 * A {@link TestRouter} and the `Probe` to render inside the router it reads (anywhere under a
 * `MemoryRouter`).
 */
export function createTestRouter() {
  const seen: { location?: Location; navigate?: NavigateFunction } = {};
  function Probe() {
    seen.location = useLocation();
    seen.navigate = useNavigate();
    return null;
  }
  const router: TestRouter = {
    get state() {
      if (!seen.location) throw new Error('renderApp: the router has not rendered yet');
      return { location: seen.location };
    },
    navigate: ((...args: [number] | [To, NavigateOptions?]) => {
      if (!seen.navigate) throw new Error('renderApp: the router has not rendered yet');
      return typeof args[0] === 'number' ? seen.navigate(args[0]) : seen.navigate(args[0], args[1]);
    }) as NavigateFunction,
  };
  return { router, Probe };
}

/** Renders the app's routes at `path` with `host` paired and active, and `others` paired too. */
export function renderApp(path: string, host: PairedHost, others: readonly PairedHost[] = []) {
  useHostsStore.setState({ hosts: [host, ...others], activeId: host.id });
  const queryClient = createTestQueryClient();
  const { router, Probe } = createTestRouter();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Probe />
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}
