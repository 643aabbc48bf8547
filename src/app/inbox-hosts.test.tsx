/**
 * One inbox for every paired host: a request waiting on a host that is not the active one shows
 * in the inbox with its host, is answered on its own host without switching, counts in the nav,
 * and opens its session on its host; a host whose stream is down says so in one line.
 */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useHostsStore } from '@/host';
import { useConnectionStatusStore } from '@/host/connections';
import { buildHost, buildPermission, buildSession } from '@/testing/builders';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/test-app';
import { clearSeen } from '@/features/approvals/seen';

vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'));

const laptop = buildHost({
  id: 'host_laptop',
  name: 'Laptop',
  url: 'http://127.0.0.1:4101',
  opencode: { baseUrl: 'http://127.0.0.1:4101', auth: 'none' },
});
const work = buildHost({
  id: 'host_work',
  name: 'Work',
  url: 'http://127.0.0.1:4102',
  opencode: { baseUrl: 'http://127.0.0.1:4102', auth: 'none' },
});

let replies: Array<{ base: string; id: string; reply: unknown }> = [];

function serve(host: typeof laptop, sessionTitle: string, permissions: ReturnType<typeof buildPermission>[]) {
  const base = host.opencode.baseUrl;
  let pending = [...permissions];
  server.use(
    http.get(`${base}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1', title: sessionTitle })])),
    http.get(`${base}/session/status`, () => HttpResponse.json({})),
    http.get(`${base}/permission`, () => HttpResponse.json(pending)),
    http.get(`${base}/question`, () => HttpResponse.json([])),
    http.post(`${base}/permission/:id/reply`, async ({ params, request }) => {
      const body = (await request.json()) as { reply: unknown };
      replies.push({ base, id: String(params.id), reply: body.reply });
      pending = pending.filter((p) => p.id !== params.id);
      return HttpResponse.json(true);
    }),
  );
}

beforeEach(() => {
  replies = [];
  clearSeen();
  useConnectionStatusStore.setState({ byHost: {} });
  serve(laptop, 'Laptop refactor', [buildPermission({ id: 'per_laptop', patterns: ['laptop.txt'] })]);
  serve(work, 'Work release', [buildPermission({ id: 'per_work', patterns: ['work.txt'] })]);
});

describe('the inbox across paired hosts', () => {
  it("lists the other host's request with its host and session, and counts both in the nav", async () => {
    renderApp('/inbox', laptop, [work]);
    const workCard = await screen.findByRole('article', { name: 'Permission request: edit work.txt' });
    expect(within(workCard).getByText('Work')).toBeInTheDocument();
    expect(await within(workCard).findByRole('link', { name: 'Open Work release on Work' })).toBeInTheDocument();
    const laptopCard = screen.getByRole('article', { name: 'Permission request: edit laptop.txt' });
    expect(within(laptopCard).getByText('Laptop')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Approvals, 2 waiting' })).toBeInTheDocument();
    // The switcher says something waits elsewhere than on the active host.
    expect(
      screen.getByRole('link', { name: 'Host Laptop, switch host (1 waiting on other hosts)' }),
    ).toBeInTheDocument();
  });

  it('answers a request of the other host on that host only, without switching the active host', async () => {
    const user = userEvent.setup();
    renderApp('/inbox', laptop, [work]);
    const workCard = await screen.findByRole('article', { name: 'Permission request: edit work.txt' });
    await user.click(within(workCard).getByRole('button', { name: 'Allow once' }));
    await vi.waitFor(() => expect(replies).toEqual([{ base: work.opencode.baseUrl, id: 'per_work', reply: 'once' }]));
    await vi.waitFor(() =>
      expect(screen.queryByRole('article', { name: 'Permission request: edit work.txt' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('article', { name: 'Permission request: edit laptop.txt' })).toBeInTheDocument();
    expect(useHostsStore.getState().activeId).toBe('host_laptop');
    expect(await screen.findByRole('link', { name: 'Approvals, 1 waiting' })).toBeInTheDocument();
  });

  it('filters by host with one chip per host that has requests', async () => {
    const user = userEvent.setup();
    renderApp('/inbox', laptop, [work]);
    await screen.findByRole('article', { name: 'Permission request: edit work.txt' });
    await screen.findByRole('article', { name: 'Permission request: edit laptop.txt' });
    await user.click(screen.getByRole('button', { name: 'Work (1)' }));
    expect(screen.getByRole('button', { name: 'Work (1)' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByRole('article', { name: 'Permission request: edit laptop.txt' })).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Permission request: edit work.txt' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'All hosts (2)' }));
    expect(screen.getByRole('article', { name: 'Permission request: edit laptop.txt' })).toBeInTheDocument();
  });

  it('shows no chips when only one host has requests', async () => {
    serve(work, 'Work release', []);
    renderApp('/inbox', laptop, [work]);
    await screen.findByRole('article', { name: 'Permission request: edit laptop.txt' });
    expect(screen.queryByRole('group', { name: 'Show requests of' })).not.toBeInTheDocument();
  });

  it("keeps a down host's cards and says in one line that they may be out of date", async () => {
    renderApp('/inbox', laptop, [work]);
    await screen.findByRole('article', { name: 'Permission request: edit work.txt' });
    act(() =>
      useConnectionStatusStore.setState({
        byHost: {
          host_laptop: { state: 'live', since: 0 },
          host_work: { state: 'reconnecting', attempt: 1, retryAt: 0, reason: 'closed' },
        },
      }),
    );
    expect(screen.getByText('Work: reconnecting — its requests may be out of date')).toBeInTheDocument();
    expect(screen.queryByText(/Laptop: reconnecting/)).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Permission request: edit work.txt' })).toBeInTheDocument();
    act(() => useConnectionStatusStore.setState({ byHost: { host_work: { state: 'live', since: 1 } } }));
    expect(screen.queryByText(/Work: reconnecting/)).not.toBeInTheDocument();
  });

  it("opens the other host's session from its card, switching the header, and Back returns to the inbox", async () => {
    const user = userEvent.setup();
    server.use(
      http.get(`${work.opencode.baseUrl}/session/:id/message`, () => HttpResponse.json([])),
      http.get(`${work.opencode.baseUrl}/session/:id/todo`, () => HttpResponse.json([])),
    );
    const { router } = renderApp('/inbox', laptop, [work]);
    const workCard = await screen.findByRole('article', { name: 'Permission request: edit work.txt' });
    await user.click(await within(workCard).findByRole('link', { name: 'Open Work release on Work' }));
    await vi.waitFor(() => expect(useHostsStore.getState().activeId).toBe('host_work'));
    await vi.waitFor(() => expect(router.state.location.search).toBe(''));
    expect(router.state.location.pathname).toBe('/s/ses_1');
    expect(await screen.findByRole('link', { name: /^Host Work, switch host/ })).toBeInTheDocument();
    await act(() => router.navigate(-1));
    expect(router.state.location.pathname).toBe('/inbox');
  });

  it('marks each host on the Hosts screen with what waits on it', async () => {
    serve(laptop, 'Laptop refactor', []);
    renderApp('/hosts', laptop, [work]);
    const workSwitch = await screen.findByRole('button', { name: /^Work/ });
    expect(await within(workSwitch).findByLabelText('1 waiting')).toBeInTheDocument();
    expect(within(screen.getByRole('button', { name: /^Laptop/ })).queryByLabelText(/waiting/)).not.toBeInTheDocument();
  });
});
