/**
 * The session list opens with the newest page of a long list and shows older sessions on request,
 * asking the host for more each time (`GET /session?roots=true&limit=N`).
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHost, buildSession } from '@/testing/builders';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/test-app';

vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'));

const host = buildHost();
const BASE = host.opencode.baseUrl;
/** 120 root sessions, "Session 0" the newest. */
const all = Array.from({ length: 120 }, (_, i) =>
  buildSession({ id: `ses_${i}`, title: `Session ${i}`, time: { created: 1, updated: 1_000_000 - i } }),
);
let limits: (string | null)[] = [];

beforeEach(() => {
  limits = [];
  server.use(
    http.get(`${BASE}/session`, ({ request }) => {
      const limit = new URL(request.url).searchParams.get('limit');
      limits.push(limit);
      return HttpResponse.json(limit ? all.slice(0, Number(limit)) : all);
    }),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/permission`, () => HttpResponse.json([])),
    http.get(`${BASE}/question`, () => HttpResponse.json([])),
  );
});

const rows = () => within(screen.getByRole('list', { name: 'Sessions' })).getAllByRole('link');

describe('a long session list', () => {
  it('opens with the newest 50 and shows older ones until there are none left', async () => {
    const user = userEvent.setup();
    renderApp('/', host);
    expect(await screen.findByText('Session 0')).toBeInTheDocument();
    expect(screen.getByText('Session 49')).toBeInTheDocument();
    expect(screen.queryByText('Session 50')).not.toBeInTheDocument();
    expect(limits).toEqual(['50']);

    await user.click(screen.getByRole('button', { name: 'Show older sessions' }));
    expect(await screen.findByText('Session 99')).toBeInTheDocument();
    expect(limits.at(-1)).toBe('100');

    await user.click(screen.getByRole('button', { name: 'Show older sessions' }));
    expect(await screen.findByText('Session 119')).toBeInTheDocument();
    // 120 of the 150 asked for: that was all of them.
    expect(screen.queryByRole('button', { name: 'Show older sessions' })).not.toBeInTheDocument();
    expect(rows()).toHaveLength(120);
  });

  it('keeps the shown sessions and says why when older ones cannot be loaded', async () => {
    const user = userEvent.setup();
    renderApp('/', host);
    expect(await screen.findByText('Session 49')).toBeInTheDocument();
    server.use(http.get(`${BASE}/session`, () => HttpResponse.json({ message: 'boom' }, { status: 500 })));
    await user.click(screen.getByRole('button', { name: 'Show older sessions' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load older sessions');
    expect(screen.getByText('Session 49')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show older sessions' })).toBeEnabled();
  });

  it('a host with fewer sessions than a page offers no older ones', async () => {
    server.use(http.get(`${BASE}/session`, () => HttpResponse.json(all.slice(0, 3))));
    renderApp('/', host);
    expect(await screen.findByText('Session 2')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Show older sessions' })).not.toBeInTheDocument());
  });

  it('a session older than the first page still opens with its title', async () => {
    server.use(
      http.get(`${BASE}/session/ses_99`, () => HttpResponse.json(all[99])),
      http.get(`${BASE}/session/ses_99/message`, () => HttpResponse.json([])),
      http.get(`${BASE}/session/ses_99/todo`, () => HttpResponse.json([])),
    );
    renderApp('/s/ses_99', host);
    expect(await screen.findByRole('heading', { name: 'Session 99' })).toBeInTheDocument();
    expect(limits).toEqual(['50']);
  });
});
