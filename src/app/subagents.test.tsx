/**
 * A subagent's requests (in a child session, which the session list does not hold) are counted on
 * the session that started it, and labelled with it in the inbox.
 */
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, expect, it, vi } from 'vitest';
import { buildHost, buildPermission, buildSession } from '@/testing/builders';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/test-app';

vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'));

const host = buildHost();
const BASE = host.opencode.baseUrl;
let lookups: string[] = [];

beforeEach(() => {
  lookups = [];
  server.use(
    http.get(`${BASE}/session`, () =>
      HttpResponse.json([
        buildSession({ id: 'ses_parent', title: 'Refactor the parser' }),
        buildSession({ id: 'ses_idle', title: 'Nothing here' }),
      ]),
    ),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({ ses_parent: { type: 'busy' } })),
    // The subagent's grandchild asks: its parent is the subagent, whose parent is the session.
    http.get(`${BASE}/session/:id`, ({ params }) => {
      lookups.push(String(params.id));
      const parents: Record<string, string> = { ses_grandchild: 'ses_child', ses_child: 'ses_parent' };
      return HttpResponse.json(
        buildSession({
          id: String(params.id),
          title: 'Delegated work (@general subagent)',
          parentID: parents[String(params.id)],
        }),
      );
    }),
    http.get(`${BASE}/permission`, () =>
      HttpResponse.json([buildPermission({ id: 'per_sub', sessionID: 'ses_grandchild', patterns: ['deep.txt'] })]),
    ),
    http.get(`${BASE}/question`, () => HttpResponse.json([])),
  );
});

it("counts a subagent's request on the session that started it", async () => {
  renderApp('/', host);
  const row = (await screen.findByText('Refactor the parser')).closest('li')!;
  expect(await within(row).findByLabelText('1 waiting for approval')).toBeInTheDocument();
  expect(
    within(screen.getByText('Nothing here').closest('li')!).queryByLabelText(/waiting for approval/),
  ).not.toBeInTheDocument();
  expect(lookups).toEqual(['ses_grandchild', 'ses_child']);
});

it('labels the request in the inbox with the session that started the subagent', async () => {
  renderApp('/inbox', host);
  const card = await screen.findByRole('article', { name: 'Permission request: edit deep.txt' });
  const link = await within(card).findByRole('link', { name: `Open Refactor the parser (subagent) on ${host.name}` });
  // The link opens the session that started the subagent, on the card's host.
  expect(link).toHaveAttribute('href', `/s/ses_parent?hostId=${host.id}`);
});
