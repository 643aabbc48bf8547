import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useHostsStore } from '@/host';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { PairScreen } from './pair-screen';

const OPENCODE = 'http://127.0.0.1:4096';

function renderPairScreen(route = '/pair') {
  return renderWithProviders(<PairScreen />, { route, path: '/pair', routes: { '/': <p>Sessions home</p> } });
}

/** A direct OpenCode server: `/health` is not OpenWork JSON, `/global/health` is healthy. */
function opencodeServer(base: string) {
  const authorization: Array<string | null> = [];
  server.use(
    http.get(
      `${base}/health`,
      () => new HttpResponse('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }),
    ),
    http.get(`${base}/global/health`, ({ request }) => {
      authorization.push(request.headers.get('authorization'));
      return HttpResponse.json({ healthy: true, version: '1.18.33' });
    }),
  );
  return authorization;
}

beforeEach(() => {
  useHostsStore.setState({ hosts: [], activeId: undefined });
});

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('PairScreen', () => {
  it('connects from a pairing link, saves the OpenCode host with its token and goes home', async () => {
    const authorization = opencodeServer(OPENCODE);
    renderPairScreen(`/pair?url=${encodeURIComponent(OPENCODE)}&token=abc`);

    expect(await screen.findByText('Sessions home')).toBeInTheDocument();
    const { hosts, activeId } = useHostsStore.getState();
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({
      name: '127.0.0.1:4096',
      url: OPENCODE,
      kind: 'opencode',
      credentials: { token: 'abc' },
      opencode: { baseUrl: OPENCODE, auth: 'basic' },
      version: '1.18.33',
    });
    expect(hosts[0]!.kindReason).toMatch(/^Direct OpenCode: /);
    expect(activeId).toBe(hosts[0]!.id);
    // The password went to the server as HTTP Basic with the default user name.
    expect(authorization).toEqual([`Basic ${btoa('opencode:abc')}`]);
  });

  it('takes the token out of the address bar on arrival', async () => {
    opencodeServer(OPENCODE);
    window.history.replaceState(null, '', `/#/pair?url=${encodeURIComponent(OPENCODE)}&token=abc`);
    renderPairScreen(`/pair?url=${encodeURIComponent(OPENCODE)}&token=abc`);

    expect(window.location.hash).toBe('#/pair');
    expect(window.location.href).not.toContain('token');
    await screen.findByText('Sessions home');
  });

  it('pairs with what the user typed, using the name they gave', async () => {
    const user = userEvent.setup();
    const authorization = opencodeServer('http://10.0.0.5:4096');
    renderPairScreen();

    await user.type(screen.getByLabelText('Host URL'), 'http://10.0.0.5:4096/');
    await user.type(screen.getByLabelText('Name (optional)'), 'Desk');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByText('Sessions home')).toBeInTheDocument();
    expect(useHostsStore.getState().hosts).toEqual([
      expect.objectContaining({
        name: 'Desk',
        url: 'http://10.0.0.5:4096',
        kind: 'opencode',
        credentials: {},
        opencode: { baseUrl: 'http://10.0.0.5:4096', auth: 'none' },
      }),
    ]);
    expect(authorization).toEqual([null]);
  });

  // What people type on a phone: no scheme. The browser's URL validation must not block it.
  it('accepts an address typed without http://', async () => {
    const user = userEvent.setup();
    opencodeServer('http://10.0.0.5:4096');
    renderPairScreen();

    await user.type(screen.getByLabelText('Host URL'), '10.0.0.5:4096');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByText('Sessions home', {}, { timeout: 500 })).toBeInTheDocument();
    expect(useHostsStore.getState().hosts[0]?.url).toBe('http://10.0.0.5:4096');
  });

  it('shows what failed and what to do next when nothing answers, and keeps the typed URL', async () => {
    const user = userEvent.setup();
    const requested: string[] = [];
    server.use(
      http.all('*', ({ request }) => {
        requested.push(`${request.method} ${new URL(request.url).pathname}`);
        return HttpResponse.error();
      }),
    );
    renderPairScreen();

    await user.type(screen.getByLabelText('Host URL'), 'http://10.0.0.5:4096');
    await user.type(screen.getByLabelText('Token or password'), 'abc');
    await user.click(screen.getByRole('button', { name: 'Connect' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not reach http://10.0.0.5:4096.');
    expect(alert).toHaveTextContent('Check the address, that the server is running and listening on a network address');
    expect(within(alert).getByText('What the app checked')).toBeInTheDocument();
    expect(alert).toHaveTextContent('GET /health: network error');
    expect(screen.getByLabelText('Host URL')).toHaveValue('http://10.0.0.5:4096');
    expect(screen.getByLabelText('Token or password')).toHaveValue('abc');
    expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled();
    expect(screen.queryByText('Sessions home')).not.toBeInTheDocument();
    expect(useHostsStore.getState().hosts).toEqual([]);
    expect(requested).toEqual(['GET /health', 'GET /global/health', 'GET /global/health']);
  });

  it('asks for the password when the OpenCode server answers 401', async () => {
    server.use(
      http.get(
        `${OPENCODE}/health`,
        () => new HttpResponse(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="Secure Area"' } }),
      ),
      http.get(
        `${OPENCODE}/global/health`,
        () => new HttpResponse(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="Secure Area"' } }),
      ),
    );
    renderPairScreen(`/pair?url=${encodeURIComponent(OPENCODE)}`);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This OpenCode server needs a password (GET /global/health answered 401).');
    expect(alert).toHaveTextContent('Enter the server password (OPENCODE_SERVER_PASSWORD) in the token field');
    expect(screen.getByLabelText('Host URL')).toHaveValue(OPENCODE);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Connect' })).toBeEnabled());
    expect(useHostsStore.getState().hosts).toEqual([]);
  });

  it('opens the advanced fields when the link carries a directory', async () => {
    opencodeServer(OPENCODE);
    renderPairScreen(`/pair?url=${encodeURIComponent(OPENCODE)}&directory=${encodeURIComponent('/home/me/project')}`);
    expect(screen.getByLabelText('OpenCode directory')).toHaveValue('/home/me/project');
    await screen.findByText('Sessions home');
    expect(useHostsStore.getState().hosts[0]?.opencode).toEqual({
      baseUrl: OPENCODE,
      auth: 'none',
      directory: '/home/me/project',
    });
  });
});
