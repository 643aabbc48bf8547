import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { appendPushLog, deletePushDatabase } from '@/host/push-store';
import PushCompanion, { LAST_VISIBLE_KEY } from './push-companion';

beforeEach(async () => {
  await deletePushDatabase();
});

describe('PushCompanion', () => {
  it('on opening, summarises what the push log recorded since the app was last visible, and hands answers to the log', async () => {
    localStorage.setItem(LAST_VISIBLE_KEY, '1000');
    const base = {
      hostId: 'host_1',
      hostName: 'Laptop',
      sessionID: 'ses_1',
      kind: 'permission',
      title: 'Run needs you: bash',
      body: 'npm test',
    };
    await appendPushLog({ ...base, at: 500, requestID: 'per_old', type: 'received' });
    await appendPushLog({ ...base, at: 2000, requestID: 'per_1', type: 'received' });
    await appendPushLog({ ...base, at: 3000, requestID: 'per_1', type: 'answered', answer: 'reject', outcome: 'sent' });
    const onAnswers = vi.fn();
    render(<PushCompanion onAnswers={onAnswers} />);

    const link = await screen.findByRole('link', {
      name: 'Rejected from a notification: Run needs you: bash (Laptop)',
    });
    expect(link).toHaveAttribute('href', '#/s/ses_1?hostId=host_1');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    await vi.waitFor(() => expect(onAnswers).toHaveBeenCalledWith([expect.objectContaining({ requestID: 'per_1' })]));

    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('heading', { name: 'While you were away' })).not.toBeInTheDocument();
  });

  it('shows nothing on the very first open', async () => {
    const onAnswers = vi.fn();
    render(<PushCompanion onAnswers={onAnswers} />);
    await vi.waitFor(() => expect(onAnswers).toHaveBeenCalledWith([]));
    expect(screen.queryByRole('heading', { name: 'While you were away' })).not.toBeInTheDocument();
  });
});
