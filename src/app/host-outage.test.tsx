/**
 * An OpenWork host that goes away while its engine keeps streaming (a host that reports an engine
 * URL instead of proxying it): the chrome says the host is down, not "Live", and the Workspace
 * screen comes back by itself once the host answers again, without leaving the screen.
 * The whole app (chrome, routes, per-host connections) with the app's own query-client defaults.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { disconnectHost, useHostsStore } from '@/host';
import { buildOpenworkHost, OPENWORK_URL } from '@/testing/openwork';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { HostConnections } from './host-events';
import { createQueryClient } from './query-client';
import { AppRoutes } from './router';
import { createTestRouter } from '@/testing/test-app';

vi.mock('@/features/pwa', async () => ({
  ...(await import('@/testing/pwa-stub')),
  notifyForEvent: () => undefined,
  useAppBadge: () => undefined,
}));

const ENGINE = 'http://127.0.0.1:4096';
const host = buildOpenworkHost({ opencode: { baseUrl: ENGINE, auth: 'none', directory: '/Users/x/Main' } });
const WS = '/workspace/ws_1';

let hostUp: boolean;
let healthChecks: number;
let stream: ScriptedStream;

/** What the OpenWork host answers, when it answers at all. */
function openworkAnswer(path: string): Response {
  switch (path) {
    case '/health':
      return HttpResponse.json({ ok: true, version: '0.11.0', uptimeMs: 1 });
    case '/capabilities':
      return HttpResponse.json({
        skills: { read: true, write: true },
        plugins: { read: true, write: true },
        mcp: { read: true, write: true },
        commands: { read: true, write: true },
        config: { read: true, write: true },
      });
    case '/workspaces':
      return HttpResponse.json({ items: [{ id: 'ws_1', name: 'Main', path: '/Users/x/Main' }], activeId: 'ws_1' });
    case `${WS}/skills`:
      return HttpResponse.json({
        items: [{ name: 'release-notes', path: '/x/SKILL.md', description: 'Write release notes', scope: 'project' }],
      });
    case `${WS}/config`:
      return HttpResponse.json({ opencode: {}, openwork: {}, updatedAt: null });
    default:
      return HttpResponse.json({ items: [] });
  }
}

beforeEach(() => {
  hostUp = false;
  healthChecks = 0;
  stream = new ScriptedStream();
  // The stream and the watch update the chrome from network callbacks, outside any act(): React
  // says so for each, which is expected here. Every other error still shows.
  const error = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('not wrapped in act')) error(...args);
  });
  server.use(
    http.get(`${OPENWORK_URL}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      if (path === '/health') healthChecks += 1;
      return hostUp ? openworkAnswer(path) : HttpResponse.error();
    }),
    // The engine answers throughout: its stream stays open, so it alone cannot tell the outage.
    http.get(`${ENGINE}/event`, () => stream.response()),
    http.get(`${ENGINE}/session/status`, () => HttpResponse.json({})),
    http.get(`${ENGINE}/*`, () => HttpResponse.json([])),
  );
});

afterEach(() => {
  disconnectHost(host.id);
});

function renderWorkspace() {
  useHostsStore.setState({ hosts: [host], activeId: host.id });
  const queryClient = createQueryClient();
  // Retries with backoff are react-query's; this test is about what happens after they gave up.
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const { router, Probe } = createTestRouter();
  render(
    <QueryClientProvider client={queryClient}>
      <HostConnections />
      <MemoryRouter initialEntries={['/workspace']}>
        <Probe />
        <AppRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return router;
}

const headerStatus = () => within(document.querySelector('.host-bar') as HTMLElement).getByRole('status');

describe('an OpenWork host outage', () => {
  it('shows the host down while the engine streams, and the Workspace screen recovers in place', async () => {
    const router = renderWorkspace();
    await waitFor(() => expect(headerStatus()).toHaveTextContent(/OpenWork host down/));
    expect(headerStatus()).not.toHaveTextContent('Live');
    expect(await screen.findByText(/Could not list skills: .*could not be reached/)).toBeInTheDocument();
    const path = router.state.location.pathname;

    hostUp = true;
    // The watch polls faster while the host is down (every 2 s): no tap, no navigation.
    const skills = await screen.findByRole('list', { name: 'skills' }, { timeout: 5_000 });
    expect(within(skills).getByText('release-notes')).toBeInTheDocument();
    expect(screen.queryByText(/Could not list/)).not.toBeInTheDocument();
    await waitFor(() => expect(headerStatus()).toHaveTextContent(/^Live$/));
    expect(router.state.location.pathname).toBe(path);
    expect(healthChecks).toBeGreaterThanOrEqual(2);
  });
});
