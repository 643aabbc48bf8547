import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HostApproval, PairedHost } from '@/host';
import { buildHost } from '@/testing/builders';
import { buildOpenworkHost, OPENWORK_URL, openworkError, seen, type SeenRequest } from '@/testing/openwork';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { useDecisionLog } from './decision-log';
import { HostApprovalList } from './host-approvals';

const owner = buildOpenworkHost({ credentials: { token: 'client-token', hostToken: 'host-token' } });
const collaborator = buildOpenworkHost();

const fileWrite: HostApproval = {
  id: 'ap_1',
  workspaceId: 'ws_1',
  action: 'workspace.file.write',
  summary: 'Write notes.md',
  paths: ['/Users/x/Main/notes.md'],
  createdAt: Date.now(),
  actor: { type: 'remote', clientId: 'pwa-1234', tokenHash: 'abc', scope: 'collaborator' },
};
const pluginAdd: HostApproval = {
  id: 'ap_2',
  workspaceId: 'ws_1',
  action: 'plugins.add',
  summary: 'Add plugin opencode-notify',
  paths: ['/Users/x/Main/opencode.json'],
  createdAt: Date.now(),
  actor: { type: 'remote' },
};

/** The host's pending approvals; a reply removes one; `answer` can override the reply response. */
function hostApprovals(pending: HostApproval[], answer?: (id: string) => Response | undefined) {
  const lists: SeenRequest[] = [];
  const replies: SeenRequest[] = [];
  let items = [...pending];
  server.use(
    http.get(`${OPENWORK_URL}/approvals`, async ({ request }) => {
      lists.push(await seen(request));
      return HttpResponse.json({ items });
    }),
    http.post(`${OPENWORK_URL}/approvals/:id`, async ({ request, params }) => {
      replies.push(await seen(request));
      const id = String(params.id);
      const override = answer?.(id);
      if (override) return override;
      items = items.filter((a) => a.id !== id);
      return HttpResponse.json({ ok: true, allowed: (replies.at(-1)?.body as { reply: string }).reply === 'allow' });
    }),
  );
  return { lists, replies };
}

function renderList(host: PairedHost) {
  return renderWithProviders(<HostApprovalList host={host} />);
}

beforeEach(() => {
  useDecisionLog.setState({ decisions: [] });
});

describe('HostApprovalList with the host token', () => {
  it('shows each pending host approval with its action, paths and who asked', async () => {
    const { lists } = hostApprovals([fileWrite, pluginAdd]);
    renderList(owner);

    const card = await screen.findByRole('article', { name: 'Host approval: workspace.file.write' });
    expect(card).toHaveTextContent('host write · workspace.file.write');
    expect(within(card).getByText('Write notes.md')).toBeInTheDocument();
    expect(within(card).getByText('/Users/x/Main/notes.md')).toBeInTheDocument();
    expect(card).toHaveTextContent('Asked by pwa-1234 (collaborator).');
    const other = screen.getByRole('article', { name: 'Host approval: plugins.add' });
    expect(other).toHaveTextContent('Asked by remote.');
    expect(screen.getByLabelText('Host approvals')).toBeInTheDocument();

    expect(lists[0]?.headers.get('x-openwork-host-token')).toBe('host-token');
    expect(lists[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('Allow POSTs {reply:"allow"} with the host token, removes the card and logs it as sent', async () => {
    const user = userEvent.setup();
    const { replies } = hostApprovals([fileWrite, pluginAdd]);
    renderList(owner);

    const card = await screen.findByRole('article', { name: 'Host approval: workspace.file.write' });
    await user.click(within(card).getByRole('button', { name: 'Allow' }));

    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'Host approval: workspace.file.write' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('article', { name: 'Host approval: plugins.add' })).toBeInTheDocument();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.url.pathname).toBe('/approvals/ap_1');
    expect(replies[0]?.body).toEqual({ reply: 'allow' });
    expect(replies[0]?.headers.get('x-openwork-host-token')).toBe('host-token');
    expect(useDecisionLog.getState().decisions).toEqual([
      expect.objectContaining({
        hostId: owner.id,
        requestId: 'ap_1',
        answer: 'allow',
        outcome: 'sent',
        request: 'host workspace.file.write /Users/x/Main/notes.md',
      }),
    ]);
  });

  it('a double tap on Allow sends one reply, even when the host answers between the taps', async () => {
    const user = userEvent.setup();
    const { replies } = hostApprovals([fileWrite]);
    renderList(owner);
    await user.dblClick(
      within(await screen.findByRole('article', { name: 'Host approval: workspace.file.write' })).getByRole('button', {
        name: 'Allow',
      }),
    );

    await waitFor(() => expect(screen.queryByRole('article')).not.toBeInTheDocument());
    expect(replies.map((r) => r.body)).toEqual([{ reply: 'allow' }]);
  });

  it('Deny POSTs {reply:"deny"}', async () => {
    const user = userEvent.setup();
    const { replies } = hostApprovals([pluginAdd]);
    renderList(owner);

    await user.click(
      within(await screen.findByRole('article', { name: 'Host approval: plugins.add' })).getByRole('button', {
        name: 'Deny',
      }),
    );

    await waitFor(() => expect(screen.queryByRole('article')).not.toBeInTheDocument());
    expect(replies.map((r) => r.body)).toEqual([{ reply: 'deny' }]);
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ answer: 'deny', outcome: 'sent' });
  });

  it('a 404 approval_not_found (answered or timed out already) removes the card and logs "answered-elsewhere"', async () => {
    const user = userEvent.setup();
    hostApprovals([fileWrite], () => openworkError(404, 'approval_not_found', 'Approval request not found'));
    renderList(owner);

    await user.click(
      within(await screen.findByRole('article', { name: 'Host approval: workspace.file.write' })).getByRole('button', {
        name: 'Allow',
      }),
    );

    await waitFor(() => expect(screen.queryByRole('article')).not.toBeInTheDocument());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(useDecisionLog.getState().decisions).toEqual([
      expect.objectContaining({ requestId: 'ap_1', answer: 'allow', outcome: 'answered-elsewhere' }),
    ]);
  });

  it('keeps the card and says the answer was not delivered when the reply fails otherwise', async () => {
    const user = userEvent.setup();
    hostApprovals([fileWrite], () => openworkError(500, 'internal_error', 'Boom'));
    renderList(owner);

    const card = await screen.findByRole('article', { name: 'Host approval: workspace.file.write' });
    await user.click(within(card).getByRole('button', { name: 'Allow' }));

    expect(await within(card).findByRole('alert')).toHaveTextContent(/Your answer “Allow” was not delivered: .*Boom/);
    expect(within(card).getByRole('button', { name: 'Allow' })).toBeEnabled();
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ outcome: 'failed' });
  });

  it('says so when the host rejects the host token instead of showing nothing', async () => {
    server.use(http.get(`${OPENWORK_URL}/approvals`, () => openworkError(401, 'unauthorized', 'Invalid host token')));
    renderList(owner);
    expect(await screen.findByRole('alert', {}, { timeout: 500 })).toHaveTextContent('Invalid host token');
  });
});

describe('HostApprovalList without the host token', () => {
  it('with a collaborator bearer (whoami scope "collaborator") fetches nothing from /approvals', async () => {
    const { lists } = hostApprovals([fileWrite]);
    const whoami: SeenRequest[] = [];
    server.use(
      http.get(`${OPENWORK_URL}/whoami`, async ({ request }) => {
        whoami.push(await seen(request));
        return HttpResponse.json({ ok: true, actor: { type: 'remote', scope: 'collaborator', tokenHash: 'abc' } });
      }),
    );
    const { container, queryClient } = renderList(collaborator);

    await waitFor(() => expect(whoami).toHaveLength(1));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(whoami[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(lists).toHaveLength(0);
    expect(container).toBeEmptyDOMElement();
  });

  it('with an owner-scoped bearer (whoami scope "owner") lists approvals with the bearer alone', async () => {
    const { lists } = hostApprovals([fileWrite]);
    server.use(
      http.get(`${OPENWORK_URL}/whoami`, () =>
        HttpResponse.json({ ok: true, actor: { type: 'remote', scope: 'owner' } }),
      ),
    );
    renderList(collaborator);

    expect(await screen.findByRole('article', { name: 'Host approval: workspace.file.write' })).toBeInTheDocument();
    expect(lists[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(lists[0]?.headers.get('x-openwork-host-token')).toBeNull();
  });

  it('on a direct OpenCode host asks nothing at all', async () => {
    const requests: string[] = [];
    server.use(
      http.all('*', ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const { container, queryClient } = renderList(buildHost());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(requests).toEqual([]);
    expect(container).toBeEmptyDOMElement();
  });
});
