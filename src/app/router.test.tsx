/**
 * One error boundary per screen: a screen that throws shows what failed inside the chrome, which
 * keeps working; "Try again" renders it afresh (with fresh data), "Back to sessions" leaves it;
 * and the draft typed in it is still there afterwards.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeScreenError, isChunkLoadError, ScreenBoundary } from '@/components/screen-error';
import { useDraftsStore } from '@/features/sessions/drafts-store';
import { HostError } from '@/host';
import { buildHost, buildSession } from '@/testing/builders';
import { createTestQueryClient } from '@/testing/render';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/test-app';

const crash = vi.hoisted(() => ({ session: false, sessions: false }));

vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'));

// The session screen and the session list throw while the test says so: a render error of the
// kind a host's unexpected data could cause.
vi.mock('@/features/sessions/session-view', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/features/sessions/session-view')>();
  return {
    SessionView: (props: Parameters<typeof real.SessionView>[0]) => {
      if (crash.session) throw new TypeError("Cannot read properties of undefined (reading 'parts')");
      return <real.SessionView {...props} />;
    },
  };
});
vi.mock('@/features/sessions', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/features/sessions')>();
  return {
    ...real,
    SessionList: (props: Parameters<typeof real.SessionList>[0]) => {
      if (crash.sessions) throw new Error('list exploded');
      return <real.SessionList {...props} />;
    },
  };
});

const host = buildHost();
const BASE = host.opencode.baseUrl;
let messageLoads = 0;

beforeEach(() => {
  crash.session = false;
  crash.sessions = false;
  messageLoads = 0;
  useDraftsStore.setState({ entries: {} });
  // React and the router log caught render errors; the boundary is what is under test.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  server.use(
    http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ title: 'Fix the build' })])),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/permission`, () => HttpResponse.json([])),
    http.get(`${BASE}/question`, () => HttpResponse.json([])),
    http.get(`${BASE}/session/ses_1/message`, () => {
      messageLoads += 1;
      return HttpResponse.json([]);
    }),
    http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a screen that fails to render', () => {
  it('says which screen failed and why, inside a chrome that still works', async () => {
    crash.session = true;
    useDraftsStore.getState().set(host.id, 'ses_1', 'half a prompt');
    renderApp('/s/ses_1', host);

    const boundary = await screen.findByRole('alert');
    expect(boundary).toHaveTextContent('This session could not be shown');
    expect(boundary).toHaveTextContent(
      "Something on this screen broke: Cannot read properties of undefined (reading 'parts')",
    );
    expect(boundary).toHaveTextContent('Your drafts are kept.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
    expect(screen.getByRole('link', { name: 'Back to sessions' })).toHaveAttribute('href', '/');
    // The chrome is outside the boundary.
    expect(screen.getByRole('link', { name: 'Files' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toBeInTheDocument();
    expect(useDraftsStore.getState().get(host.id, 'ses_1')).toBe('half a prompt');
  });

  it('"Back to sessions" leaves the broken screen; coming back finds the draft in the composer', async () => {
    const user = userEvent.setup();
    crash.session = true;
    useDraftsStore.getState().set(host.id, 'ses_1', 'half a prompt');
    const { router } = renderApp('/s/ses_1', host);
    await screen.findByText('This session could not be shown');

    await user.click(screen.getByRole('link', { name: 'Back to sessions' }));
    expect(await screen.findByRole('link', { name: /Fix the build/ })).toBeInTheDocument();

    crash.session = false;
    await user.click(screen.getByRole('link', { name: /Fix the build/ }));
    expect(router.state.location.pathname).toBe('/s/ses_1');
    expect(await screen.findByLabelText('Prompt')).toHaveValue('half a prompt');
  });

  it('"Try again" renders the screen afresh, with its data fetched again, and the draft intact', async () => {
    const user = userEvent.setup();
    crash.session = true;
    useDraftsStore.getState().set(host.id, 'ses_1', 'half a prompt');
    renderApp('/s/ses_1', host);
    await screen.findByText('This session could not be shown');

    crash.session = false;
    const before = messageLoads;
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByLabelText('Prompt')).toHaveValue('half a prompt');
    expect(screen.queryByText('This session could not be shown')).not.toBeInTheDocument();
    await waitFor(() => expect(messageLoads).toBeGreaterThan(before));
  });

  it('"Try again" on a screen that still fails shows the error again (no loop, no blank page)', async () => {
    const user = userEvent.setup();
    crash.sessions = true;
    renderApp('/', host);
    await screen.findByText('Sessions could not be shown');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Sessions could not be shown')).toBeInTheDocument();
    expect(screen.getByText(/list exploded/)).toBeInTheDocument();
  });

  it('one broken screen does not take the others down', async () => {
    const user = userEvent.setup();
    crash.sessions = true;
    renderApp('/', host);
    await screen.findByText('Sessions could not be shown');
    await user.click(screen.getByRole('link', { name: /^Approvals/ }));
    expect(await screen.findByRole('heading', { name: 'Waiting for you' })).toBeInTheDocument();
    expect(screen.queryByText('Sessions could not be shown')).not.toBeInTheDocument();
  });

  it('an address with no screen is caught by the root boundary, with a way back', async () => {
    renderApp('/no/such/screen', host);
    expect(await screen.findByText('The app could not be shown')).toBeInTheDocument();
    expect(screen.getByText('There is no screen at this address.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sessions' })).toBeInTheDocument();
  });
});

describe('ScreenError', () => {
  function renderFailingRoute(error: unknown) {
    function Failing(): never {
      throw error;
    }
    render(
      <QueryClientProvider client={createTestQueryClient()}>
        <MemoryRouter initialEntries={['/']}>
          <ScreenBoundary screen="Files" resetKey="one">
            <Failing />
          </ScreenBoundary>
        </MemoryRouter>
      </QueryClientProvider>,
    );
  }

  it('names a host failure with its next step', async () => {
    renderFailingRoute(
      new HostError(
        'timeout',
        'GET /file got no answer within 15 s.',
        'Check the connection status at the top, then try again.',
      ),
    );
    const boundary = await screen.findByRole('alert');
    expect(boundary).toHaveTextContent('Files could not be shown');
    expect(boundary).toHaveTextContent(
      'GET /file got no answer within 15 s. Check the connection status at the top, then try again.',
    );
  });

  it("offers a reload when the screen's code could not be loaded (an update, or the network)", async () => {
    renderFailingRoute(
      new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:4173/assets/session-abc.js'),
    );
    expect(await screen.findByRole('button', { name: 'Reload the app' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The code for this screen could not be loaded');
  });

  it('describes errors of every kind in one sentence', () => {
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new Error('boom'))).toBe(false);
    expect(describeScreenError('a thrown string')).toBe('Something on this screen broke: a thrown string');
    expect(describeScreenError(new Error('x'.repeat(1_000)))).toHaveLength(
      'Something on this screen broke: '.length + 301,
    );
  });
});
