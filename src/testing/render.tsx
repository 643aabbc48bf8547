/** Renders a component the way the app does: a fresh QueryClient (no retries) and a router. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';

/** A QueryClient for one test: no retries, so a failing request fails the query at once. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity, staleTime: Infinity, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export interface RenderWithProvidersOptions {
  queryClient?: QueryClient;
  /** The router's initial entry, e.g. `/pair?url=…`. */
  route?: string;
  /** A route pattern the element is mounted at (default: every path). */
  path?: string;
  /** Other routes to mount next to it, e.g. `{ '/': <p>Home</p> }`, to observe navigation. */
  routes?: Record<string, ReactNode>;
}

/** `render` inside a QueryClientProvider and a MemoryRouter. Returns the query client too. */
export function renderWithProviders(
  ui: ReactElement,
  options: RenderWithProvidersOptions = {},
): RenderResult & { queryClient: QueryClient } {
  const queryClient = options.queryClient ?? createTestQueryClient();
  const { route = '/', path = '*', routes = {} } = options;
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <Routes>
          {Object.entries(routes).map(([routePath, element]) => (
            <Route key={routePath} path={routePath} element={element} />
          ))}
          <Route path={path} element={ui} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}
