import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PermissionRequest, QuestionRequest } from '@/domain';
import { buildHost, buildPermission } from '@/testing/builders';
import { createTestQueryClient, renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { approvalKeys } from './api';
import { useDecisionLog } from './decision-log';
import { ApprovalList } from './inbox-view';
import { PermissionCard } from './permission-card';

const host = buildHost();
const REPLY_URL = `${host.opencode.baseUrl}/permission/per_1/reply`;

const editRequest = buildPermission({
  id: 'per_1',
  permission: 'edit',
  patterns: ['approved.txt'],
  metadata: { filepath: '/tmp/workspace/approved.txt', diff: '+hello' },
  always: ['*'],
});
const bashRequest = buildPermission({
  id: 'per_1',
  permission: 'bash',
  patterns: ['echo hi > bash.txt'],
  metadata: { command: 'echo hi > bash.txt' },
  always: ['echo *'],
  tool: { messageID: 'msg_1', callID: 'call_bash_1' },
});

/** Records the reply requests the host received; `answer` decides each response. */
function replyHandler(answer: (count: number) => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(REPLY_URL, async ({ request }) => {
      bodies.push(await request.json());
      return answer(bodies.length);
    }),
  );
  return bodies;
}

/** The inbox as the app shows it, with the permissions cache seeded as `GET /permission` would. */
function renderInbox(requests: PermissionRequest[]) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), requests);
  queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), []);
  return renderWithProviders(<ApprovalList host={host} />, { queryClient });
}

beforeEach(() => {
  useDecisionLog.setState({ decisions: [] });
});

describe('PermissionCard: what is asked', () => {
  it('shows an edit request: type, path, patterns, tool call and the "always" scope', () => {
    renderWithProviders(<PermissionCard host={host} request={editRequest} />);
    const card = screen.getByRole('article', { name: 'Permission request: edit approved.txt' });
    expect(within(card).getByText('edit')).toBeInTheDocument();
    expect(within(card).getByText('approved.txt')).toBeInTheDocument();
    expect(within(card).getByText('/tmp/workspace/approved.txt')).toBeInTheDocument();
    expect(within(card).getByText('Show change')).toBeInTheDocument();
    expect(card).toHaveTextContent('From tool call call_write_1.');
    expect(card).toHaveTextContent('“Allow always” also allows * for this project until the server restarts.');
    for (const name of ['Allow once', 'Allow always', 'Reject'])
      expect(within(card).getByRole('button', { name })).toBeEnabled();
  });

  it('shows a bash request with its command and the command pattern "always" would allow', () => {
    renderWithProviders(<PermissionCard host={host} request={bashRequest} sessionTitle="Fix the build" />);
    const card = screen.getByRole('article', { name: 'Permission request: bash echo hi > bash.txt' });
    expect(within(card).getByText('bash')).toBeInTheDocument();
    expect(within(card).getByText('echo hi > bash.txt')).toBeInTheDocument();
    expect(within(card).getByText('in Fix the build')).toBeInTheDocument();
    expect(card).toHaveTextContent('“Allow always” also allows echo * for this project until the server restarts.');
  });
});

describe('PermissionCard: answering', () => {
  it('sends exactly one reply on a fast double click, locks the buttons meanwhile, and logs it as sent', async () => {
    const user = userEvent.setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const bodies = replyHandler(async () => {
      await held;
      return HttpResponse.json(true);
    });
    const { queryClient } = renderInbox([editRequest]);

    await user.dblClick(screen.getByRole('button', { name: 'Allow once' }));

    expect(await screen.findByRole('button', { name: 'Sending…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Allow always' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Allow always' }));
    release();

    await waitFor(() => expect(screen.queryByRole('article')).not.toBeInTheDocument());
    expect(bodies).toEqual([{ reply: 'once' }]);
    expect(screen.getByText('Nothing is waiting for you.')).toBeInTheDocument();
    expect(queryClient.getQueryData(approvalKeys.permissions(host.id))).toEqual([]);
    expect(useDecisionLog.getState().decisions).toEqual([
      expect.objectContaining({
        hostId: host.id,
        hostName: host.name,
        sessionId: 'ses_1',
        requestId: 'per_1',
        request: 'edit approved.txt',
        answer: 'once',
        outcome: 'sent',
      }),
    ]);
  });

  it('keeps the card after a 500 with an alert naming the answer and the failure, and retries on the next click', async () => {
    const user = userEvent.setup();
    const bodies = replyHandler((count) =>
      count === 1
        ? HttpResponse.json({ name: 'UnknownError', data: { message: 'database is locked' } }, { status: 500 })
        : HttpResponse.json(true),
    );
    renderInbox([editRequest]);

    await user.click(screen.getByRole('button', { name: 'Allow once' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^Your answer “Allow once” was not delivered: /);
    expect(alert).toHaveTextContent('answered 500: database is locked');
    expect(screen.getByRole('article', { name: 'Permission request: edit approved.txt' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Allow once' })).toBeEnabled();
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ answer: 'once', outcome: 'failed' });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));

    await waitFor(() => expect(screen.queryByRole('article')).not.toBeInTheDocument());
    expect(bodies).toEqual([{ reply: 'once' }, { reply: 'once' }]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(useDecisionLog.getState().decisions.map((d) => d.outcome)).toEqual(['sent', 'failed']);
  });

  it('keeps the card with an alert when the host cannot be reached', async () => {
    const user = userEvent.setup();
    replyHandler(() => HttpResponse.error());
    renderInbox([bashRequest]);

    await user.click(screen.getByRole('button', { name: 'Reject' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Your answer “Reject” was not delivered: POST \/permission\/\{id\}\/reply failed: no answer from the host\./,
    );
    expect(screen.getByRole('article', { name: 'Permission request: bash echo hi > bash.txt' })).toBeInTheDocument();
  });

  it('drops a request answered elsewhere (404 PermissionNotFoundError) and logs it so', async () => {
    const user = userEvent.setup();
    const bodies = replyHandler(() =>
      HttpResponse.json(
        { _tag: 'PermissionNotFoundError', requestID: 'per_1', message: 'Permission request not found: per_1' },
        { status: 404 },
      ),
    );
    const other = buildPermission({ id: 'per_2', sessionID: 'ses_2', patterns: ['other.txt'] });
    const { queryClient } = renderInbox([editRequest, other]);

    const card = screen.getByRole('article', { name: 'Permission request: edit approved.txt' });
    await user.click(within(card).getByRole('button', { name: 'Allow once' }));

    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'Permission request: edit approved.txt' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('article', { name: 'Permission request: edit other.txt' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(bodies).toEqual([{ reply: 'once' }]);
    expect(queryClient.getQueryData(approvalKeys.permissions(host.id))).toEqual([other]);
    expect(useDecisionLog.getState().decisions).toEqual([
      expect.objectContaining({
        requestId: 'per_1',
        answer: 'once',
        outcome: 'answered-elsewhere',
        detail: expect.stringContaining('Permission request not found: per_1'),
      }),
    ]);
  });
});

describe("a session's list with its subagents", () => {
  it("shows the subagents' requests with their label, and not those of other sessions", () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), [
      buildPermission({ id: 'per_own', sessionID: 'ses_1', patterns: ['own.txt'] }),
      buildPermission({ id: 'per_child', sessionID: 'ses_child', patterns: ['child.txt'] }),
      buildPermission({ id: 'per_other', sessionID: 'ses_other', patterns: ['other.txt'] }),
    ]);
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), []);
    renderWithProviders(
      <ApprovalList host={host} sessionId="ses_1" subagents={{ ses_child: 'subagent: Write the tests' }} />,
      { queryClient },
    );

    expect(screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual([
      'Permission request: edit own.txt',
      'Permission request: edit child.txt',
    ]);
    expect(screen.getByRole('article', { name: 'Permission request: edit child.txt' })).toHaveTextContent(
      'in subagent: Write the tests',
    );
  });
});
