/**
 * Questions from the agent's question tool: choose or type, answer once, dismiss. Same
 * exactly-once rules as permission requests (use-reply.ts).
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PermissionRequest, QuestionRequest } from '@/domain';
import { buildHost } from '@/testing/builders';
import { gate } from '@/testing/openwork';
import { createTestQueryClient, renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { approvalKeys } from './api';
import { useDecisionLog } from './decision-log';
import { ApprovalList } from './inbox-view';
import { useApprovalNotices } from './notices';

const host = buildHost();
const BASE = host.opencode.baseUrl;
const question: QuestionRequest = {
  id: 'que_1',
  sessionID: 'ses_1',
  questions: [
    {
      question: 'Which package manager?',
      header: 'Package manager',
      options: [
        { label: 'npm', description: 'the default' },
        { label: 'pnpm', description: '' },
      ],
      custom: true,
    },
  ],
} as QuestionRequest;

beforeEach(() => {
  useDecisionLog.setState({ decisions: [] });
  useApprovalNotices.setState({ notices: [] });
});

/** Records what the host received at /question/que_1/{reply,reject}; `answer` decides each response. */
function questionReplies(answer: (count: number) => Response | Promise<Response>) {
  const received: Array<{ path: string; body: unknown }> = [];
  const handle = async ({ request }: { request: Request }) => {
    received.push({
      path: new URL(request.url).pathname,
      body: request.headers.get('content-type')?.includes('json') ? await request.json() : null,
    });
    return answer(received.length);
  };
  server.use(http.post(`${BASE}/question/que_1/reply`, handle), http.post(`${BASE}/question/que_1/reject`, handle));
  return received;
}

function renderInbox() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), []);
  queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), [question]);
  renderWithProviders(<ApprovalList host={host} />, { queryClient });
  return queryClient;
}

const card = () => screen.queryByRole('article', { name: 'Question: Package manager' });

describe('QuestionCard', () => {
  it('sends the chosen option exactly once on a fast double tap, locks both buttons meanwhile, and logs it', async () => {
    const user = userEvent.setup();
    const held = gate();
    const received = questionReplies(async () => {
      await held.promise;
      return HttpResponse.json(true);
    });
    const queryClient = renderInbox();

    await user.click(screen.getByRole('radio', { name: /pnpm/ }));
    const answer = screen.getByRole('button', { name: 'Answer' });
    // Two taps in the same tick, before React can re-render the disabled button.
    fireEvent.click(answer);
    fireEvent.click(answer);
    expect(await screen.findByRole('button', { name: 'Sending…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeDisabled();
    held.release();

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(received).toEqual([{ path: '/question/que_1/reply', body: { answers: [['pnpm']] } }]);
    expect(queryClient.getQueryData(approvalKeys.questions(host.id))).toEqual([]);
    expect(useDecisionLog.getState().decisions).toEqual([
      expect.objectContaining({
        requestId: 'que_1',
        request: 'question Package manager',
        answer: 'pnpm',
        outcome: 'sent',
      }),
    ]);
  });

  it('a failed answer keeps the card, the choice and the typed text, and says what was not delivered', async () => {
    const user = userEvent.setup();
    const received = questionReplies(() =>
      HttpResponse.json({ name: 'UnknownError', data: { message: 'database is locked' } }, { status: 500 }),
    );
    renderInbox();

    await user.click(screen.getByRole('radio', { name: /^npm/ }));
    await user.type(screen.getByRole('textbox', { name: 'Your own answer' }), 'and yarn for the docs');
    await user.click(screen.getByRole('button', { name: 'Answer' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your answer “npm, and yarn for the docs” was not delivered',
    );
    expect(card()).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /^npm/ })).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Your own answer' })).toHaveValue('and yarn for the docs');
    expect(screen.getByRole('button', { name: 'Answer' })).toBeEnabled();
    expect(received).toHaveLength(1);
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ outcome: 'failed' });
  });

  it('Dismiss declines the question (POST /question/{id}/reject), once, even when the host answers between the two taps', async () => {
    const user = userEvent.setup();
    const received = questionReplies(() => HttpResponse.json(true));
    renderInbox();

    await user.dblClick(screen.getByRole('button', { name: 'Dismiss' }));

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(received.map((r) => r.path)).toEqual(['/question/que_1/reject']);
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ answer: 'dismissed', outcome: 'sent' });
  });

  it('a question answered on another device leaves with a notice', async () => {
    const user = userEvent.setup();
    questionReplies(() =>
      HttpResponse.json(
        { _tag: 'QuestionNotFoundError', requestID: 'que_1', message: 'Question not found: que_1' },
        { status: 404 },
      ),
    );
    renderInbox();

    await user.click(screen.getByRole('radio', { name: /pnpm/ }));
    await user.click(screen.getByRole('button', { name: 'Answer' }));

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent(
      'This request was already answered elsewhere: question Package manager. Your “pnpm” was not needed.',
    );
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({ outcome: 'answered-elsewhere' });
  });
});
