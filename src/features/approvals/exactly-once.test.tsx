/**
 * Replies are exactly-once from the app's side (issue 6, "Faults"): a reply racing the re-sync
 * after a reconnect, the same request shown on two screens, a request answered on another device,
 * a reply whose first attempt was lost on the way back. At most one reply is sent per tap, a
 * settled request never comes back, and the user is told what happened.
 * (Double taps: permission-card.test.tsx.)
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionRequest, QuestionRequest } from '@/domain';
import { hostKey } from '@/host';
import { buildHost, buildPermission } from '@/testing/builders';
import { gate } from '@/testing/openwork';
import { createTestQueryClient, renderWithProviders } from '@/testing/render';
import { opencodeEvent } from '@/testing/events';
import { server } from '@/testing/server';
import { applyApprovalEvent, approvalKeys } from './api';
import { useDecisionLog } from './decision-log';
import { watchRequestLists } from './dropped';
import { ApprovalList } from './inbox-view';
import { useApprovalNotices } from './notices';

const host = buildHost();
const BASE = host.opencode.baseUrl;
const request = buildPermission({ id: 'per_1', sessionID: 'ses_1', patterns: ['approved.txt'] });

const stopWatching: Array<() => void> = [];

beforeEach(() => {
  useDecisionLog.setState({ decisions: [] });
  useApprovalNotices.setState({ notices: [] });
});

afterEach(() => {
  for (const stop of stopWatching.splice(0)) stop();
});

/** The reply endpoint: records bodies; `answer(n)` decides the n-th response. */
function replies(answer: (count: number) => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${BASE}/permission/per_1/reply`, async ({ request: sent }) => {
      bodies.push(await sent.json());
      return answer(bodies.length);
    }),
  );
  return bodies;
}

/** `GET /permission`: counts requests; `answer(n)` decides the n-th response. */
function listing(answer: (count: number) => Response | Promise<Response>) {
  let count = 0;
  server.use(http.get(`${BASE}/permission`, () => answer((count += 1))));
  server.use(http.get(`${BASE}/question`, () => HttpResponse.json([])));
  return () => count;
}

function seeded() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), [request]);
  queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), []);
  // What host-events.tsx sets up next to each host's event stream.
  stopWatching.push(watchRequestLists(queryClient, host.id));
  return queryClient;
}

/** What host-events.tsx does when the stream comes back after a gap. */
function resyncAfterReconnect(queryClient: ReturnType<typeof createTestQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: hostKey(host.id) });
}

const card = () => screen.queryByRole('article', { name: 'Permission request: edit approved.txt' });

describe('a reply racing a reconnect', () => {
  it('the re-sync list, fetched before the reply landed and answered after it, does not bring the card back', async () => {
    const user = userEvent.setup();
    const replyGate = gate();
    const listGate = gate();
    const bodies = replies(async () => {
      await replyGate.promise;
      return HttpResponse.json(true);
    });
    const listed = listing(async () => {
      await listGate.promise;
      return HttpResponse.json([request]); // the host had not yet processed the reply
    });
    const queryClient = seeded();
    // Nothing to notify either: the stale list names a request this device answered.
    const arrived: string[] = [];
    stopWatching.push(watchRequestLists(queryClient, host.id, { onArrived: (r) => arrived.push(r.id) }));
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    act(() => resyncAfterReconnect(queryClient));
    await waitFor(() => expect(listed()).toBe(1));
    expect(screen.getByRole('button', { name: 'Sending…' })).toBeDisabled();

    replyGate.release();
    await waitFor(() => expect(card()).not.toBeInTheDocument());
    listGate.release();
    await waitFor(() => expect(queryClient.getQueryState(approvalKeys.permissions(host.id))?.fetchStatus).toBe('idle'));

    expect(card()).not.toBeInTheDocument();
    expect(queryClient.getQueryData(approvalKeys.permissions(host.id))).toEqual([]);
    expect(bodies).toEqual([{ reply: 'once' }]);
    expect(arrived).toEqual([]);
  });

  it('a re-sync that lands while the reply is in flight keeps the card locked, and a tap then sends nothing more', async () => {
    const user = userEvent.setup();
    const replyGate = gate();
    const bodies = replies(async () => {
      await replyGate.promise;
      return HttpResponse.json(true);
    });
    listing(() => HttpResponse.json([request]));
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    act(() => resyncAfterReconnect(queryClient));
    await waitFor(() => expect(queryClient.getQueryState(approvalKeys.permissions(host.id))?.fetchStatus).toBe('idle'));

    expect(screen.getAllByRole('article')).toHaveLength(1);
    for (const button of within(card()!).getAllByRole('button')) expect(button).toBeDisabled();
    await user.click(within(card()!).getByRole('button', { name: 'Reject' }));

    replyGate.release();
    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(bodies).toEqual([{ reply: 'once' }]);
  });

  it('a permission.asked replayed after the answer does not revive the request', async () => {
    const user = userEvent.setup();
    replies(() => HttpResponse.json(true));
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    await waitFor(() => expect(card()).not.toBeInTheDocument());
    act(() => {
      applyApprovalEvent(queryClient, host.id, opencodeEvent('permission.asked', { ...request }));
    });

    expect(card()).not.toBeInTheDocument();
    expect(screen.getByText('Nothing is waiting for you.')).toBeInTheDocument();
  });
});

describe('the same request on two screens', () => {
  it('a reply in flight on one card locks the other card for the same request', async () => {
    const user = userEvent.setup();
    const replyGate = gate();
    const bodies = replies(async () => {
      await replyGate.promise;
      return HttpResponse.json(true);
    });
    const queryClient = seeded();
    renderWithProviders(
      <>
        <ApprovalList host={host} />
        <ApprovalList host={host} sessionId="ses_1" />
      </>,
      { queryClient },
    );
    const [inbox, session] = screen.getAllByRole('article', { name: 'Permission request: edit approved.txt' });

    await user.click(within(inbox!).getByRole('button', { name: 'Allow once' }));
    await waitFor(() => expect(within(session!).getByRole('button', { name: 'Reject' })).toBeDisabled());
    await user.click(within(session!).getByRole('button', { name: 'Reject' }));

    replyGate.release();
    await waitFor(() => expect(screen.queryAllByRole('article')).toHaveLength(0));
    expect(bodies).toEqual([{ reply: 'once' }]);
  });
});

describe('a request answered on another device', () => {
  const notFound = () =>
    HttpResponse.json(
      { _tag: 'PermissionNotFoundError', requestID: 'per_1', message: 'Permission request not found: per_1' },
      { status: 404 },
    );

  it('removes the card and says so, in the inbox and in the session, until dismissed', async () => {
    const user = userEvent.setup();
    const bodies = replies(notFound);
    const queryClient = seeded();
    renderWithProviders(
      <>
        <section aria-label="Inbox">
          <ApprovalList host={host} />
        </section>
        <section aria-label="Session">
          <ApprovalList host={host} sessionId="ses_1" />
        </section>
      </>,
      { queryClient },
    );

    const inbox = screen.getByRole('region', { name: 'Inbox' });
    await user.click(within(inbox).getByRole('button', { name: 'Allow always' }));

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    const notices = screen.getAllByRole('status');
    expect(notices).toHaveLength(2);
    for (const notice of notices)
      expect(notice).toHaveTextContent(
        'This request was already answered elsewhere: edit approved.txt. Your “Allow always” was not needed.',
      );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(bodies).toEqual([{ reply: 'always' }]);
    expect(useDecisionLog.getState().decisions[0]).toMatchObject({
      requestId: 'per_1',
      answer: 'always',
      outcome: 'answered-elsewhere',
    });

    await user.click(within(screen.getByRole('region', { name: 'Session' })).getByRole('button', { name: /^Dismiss/ }));
    expect(screen.queryAllByRole('status')).toHaveLength(0);
  });

  it('a notice for another session is not shown in this session', async () => {
    const user = userEvent.setup();
    replies(notFound);
    const queryClient = seeded();
    renderWithProviders(
      <>
        <ApprovalList host={host} />
        <section aria-label="Other session">
          <ApprovalList host={host} sessionId="ses_2" />
        </section>
      </>,
      { queryClient },
    );
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(screen.getAllByRole('status')).toHaveLength(1));
    expect(within(screen.getByRole('region', { name: 'Other session' })).queryByRole('status')).not.toBeInTheDocument();
  });

  it('when the first attempt was lost on the way back and the retry finds the request gone, it says the first answer arrived', async () => {
    const user = userEvent.setup();
    const bodies = replies((count) => (count === 1 ? HttpResponse.error() : notFound()));
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Your answer “Allow once” was not delivered');
    await user.click(screen.getByRole('button', { name: 'Allow once' }));

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your earlier answer “Allow once” to edit approved.txt reached the host after all.',
    );
    expect(bodies).toHaveLength(2);
    expect(useDecisionLog.getState().decisions.map((d) => d.outcome)).toEqual(['sent', 'failed']);
  });
});

describe('requests for things that do not exist', () => {
  it('a permission.asked for an unknown session is shown (the host is the judge); permission.replied for an unknown id changes nothing', async () => {
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });
    const before = queryClient.getQueryData(approvalKeys.permissions(host.id));
    act(() => {
      applyApprovalEvent(
        queryClient,
        host.id,
        opencodeEvent('permission.replied', { sessionID: 'ses_x', requestID: 'per_unknown', reply: 'once' }),
      );
    });
    expect(queryClient.getQueryData(approvalKeys.permissions(host.id))).toBe(before);
    act(() => {
      applyApprovalEvent(
        queryClient,
        host.id,
        opencodeEvent('permission.asked', {
          ...buildPermission({ id: 'per_9', sessionID: 'ses_missing', patterns: ['ghost.txt'] }),
        }),
      );
    });
    expect(await screen.findByRole('article', { name: 'Permission request: edit ghost.txt' })).toBeInTheDocument();
  });

  it('malformed permission.asked events (no id, no session, a string) are dropped', () => {
    const queryClient = seeded();
    for (const properties of [
      { sessionID: 'ses_1', permission: 'edit' },
      { id: 'per_x', permission: 'edit' },
      { id: 5, sessionID: 'ses_1', permission: 'edit' },
    ]) {
      applyApprovalEvent(queryClient, host.id, opencodeEvent('permission.asked', properties));
    }
    expect(queryClient.getQueryData(approvalKeys.permissions(host.id))).toEqual([request]);
  });

  it('GET /permission answering an object is said, never "nothing is waiting"', async () => {
    listing(() => HttpResponse.json({ permissions: [] }));
    renderWithProviders(<ApprovalList host={host} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the requests waiting for you: GET /permission answered an object where a list of permission requests was expected.',
    );
    expect(screen.queryByText('Nothing is waiting for you.')).not.toBeInTheDocument();
  });
});

describe('a request the host dropped (OpenCode restarted and forgot it)', () => {
  const dropped = 'No longer waiting: the request to edit approved.txt. The host dropped it without an answer';

  it('the re-sync after the reconnect removes the card and says so, in the inbox and in the session', async () => {
    const bodies = replies(() => HttpResponse.json(true));
    listing(() => HttpResponse.json([]));
    const queryClient = seeded();
    renderWithProviders(
      <>
        <ApprovalList host={host} />
        <ApprovalList host={host} sessionId="ses_1" />
      </>,
      { queryClient },
    );
    expect(screen.getAllByRole('article')).toHaveLength(2);

    act(() => resyncAfterReconnect(queryClient));

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    const notices = screen.getAllByRole('status');
    expect(notices).toHaveLength(2);
    for (const notice of notices) expect(notice).toHaveTextContent(dropped);
    expect(bodies).toEqual([]);
    expect(useDecisionLog.getState().decisions).toEqual([]);
  });

  it('a dropped question is told once, named as its card names it', async () => {
    listing(() => HttpResponse.json([request]));
    const queryClient = seeded();
    const question = {
      id: 'que_1',
      sessionID: 'ses_1',
      questions: [{ question: 'Which package manager?', header: 'Package manager', options: [] }],
    } as QuestionRequest;
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), [question]);
    renderWithProviders(<ApprovalList host={host} />, { queryClient });
    expect(screen.getByRole('article', { name: 'Question: Package manager' })).toBeInTheDocument();

    act(() => resyncAfterReconnect(queryClient));

    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'Question: Package manager' })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'No longer waiting: the question "Package manager". The host dropped it without an answer',
    );
    expect(card()).toBeInTheDocument();
  });

  it('a request answered on another device (permission.replied) is not reported as dropped by the next re-sync', async () => {
    listing(() => HttpResponse.json([]));
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });
    act(() => {
      applyApprovalEvent(
        queryClient,
        host.id,
        opencodeEvent('permission.replied', { sessionID: 'ses_1', requestID: 'per_1', reply: 'once' }),
      );
    });
    await waitFor(() => expect(card()).not.toBeInTheDocument());

    act(() => resyncAfterReconnect(queryClient));
    await waitFor(() => expect(queryClient.getQueryState(approvalKeys.permissions(host.id))?.fetchStatus).toBe('idle'));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('a request whose reply is in flight when the list comes back without it is not reported as dropped', async () => {
    const user = userEvent.setup();
    const replyGate = gate();
    replies(async () => {
      await replyGate.promise;
      return HttpResponse.json(true);
    });
    const listed = listing(() => HttpResponse.json([]));
    const queryClient = seeded();
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await user.click(screen.getByRole('button', { name: 'Allow once' }));
    act(() => resyncAfterReconnect(queryClient));
    await waitFor(() => expect(listed()).toBe(1));
    replyGate.release();

    await waitFor(() => expect(card()).not.toBeInTheDocument());
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(useDecisionLog.getState().decisions.map((d) => d.outcome)).toEqual(['sent']);
  });
});

describe('a request asked while the event stream was away (found by the re-sync)', () => {
  const later = buildPermission({ id: 'per_2', sessionID: 'ses_1', patterns: ['later.txt'] });

  function watched(queryClient: ReturnType<typeof createTestQueryClient>) {
    const arrived: string[] = [];
    stopWatching.push(watchRequestLists(queryClient, host.id, { onArrived: (r) => arrived.push(r.id) }));
    return arrived;
  }

  /** The inbox shows `request`; the host's next list also has `later`. */
  function showingOneWhileTheHostHasTwo() {
    listing(() => HttpResponse.json([request, later]));
    const queryClient = createTestQueryClient();
    queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), [request]);
    queryClient.setQueryData<QuestionRequest[]>(approvalKeys.questions(host.id), []);
    const arrived = watched(queryClient);
    renderWithProviders(<ApprovalList host={host} />, { queryClient });
    return { queryClient, arrived };
  }

  async function resynced(queryClient: ReturnType<typeof createTestQueryClient>) {
    await act(() => queryClient.invalidateQueries({ queryKey: hostKey(host.id) }));
    await waitFor(() => expect(queryClient.getQueryState(approvalKeys.permissions(host.id))?.fetchStatus).toBe('idle'));
  }

  it('is handed on once (to notify it), however many re-syncs list it again', async () => {
    const { queryClient, arrived } = showingOneWhileTheHostHasTwo();

    await resynced(queryClient);
    await resynced(queryClient);

    expect(arrived).toEqual(['per_2']);
    expect(screen.getByRole('article', { name: 'Permission request: edit later.txt' })).toBeInTheDocument();
  });

  it('a request that came as an event is not handed on again when the re-sync lists it', async () => {
    const { queryClient, arrived } = showingOneWhileTheHostHasTwo();
    act(() => {
      applyApprovalEvent(queryClient, host.id, opencodeEvent('permission.asked', later));
    });

    await resynced(queryClient);

    expect(arrived).toEqual([]);
  });

  it('the first list of a host (the app just opened) hands nothing on', async () => {
    listing(() => HttpResponse.json([request]));
    server.use(http.get(`${BASE}/question`, () => HttpResponse.json([])));
    const queryClient = createTestQueryClient();
    const arrived = watched(queryClient);
    renderWithProviders(<ApprovalList host={host} />, { queryClient });

    await waitFor(() => expect(card()).toBeInTheDocument());

    expect(arrived).toEqual([]);
  });
});
