/**
 * The session's actions as a user meets them on the session screen: what the run changed (from the
 * turns' diffs and from a `session-diff` event), usage, rename (seen in the list at once), delete
 * (confirm or cancel), revert (the confirmation names the files) and unrevert, share (warned
 * first, only where the host allows it), fork and subsessions. MSW plays the host.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@/domain';
import { buildHost, buildSession } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { buildAssistantMessage, buildTextPart, buildUserMessage } from '@/testing/transcript-builders';
import type { MessageWithParts } from './api';
import { useDraftsStore } from './drafts-store';
import { applySessionEvent } from './events';
import { SessionList } from './session-list';
import { SessionView } from './session-view';

const host = buildHost();
const BASE = host.opencode.baseUrl;

const notesPatch = 'Index: notes.txt\n--- notes.txt\n+++ notes.txt\n@@ -0,0 +1,1 @@\n+hello from mock-llm\n';

/** A run that wrote notes.txt (msg_1's turn) and then edited app.ts (msg_3's turn). */
const run: MessageWithParts[] = [
  {
    info: {
      ...buildUserMessage({ id: 'msg_1' }),
      summary: { diffs: [{ file: 'notes.txt', patch: notesPatch, additions: 1, deletions: 0, status: 'added' }] },
    } as MessageWithParts['info'],
    parts: [buildTextPart({ id: 'prt_1', messageID: 'msg_1', text: 'please write file notes.txt' })],
  },
  {
    info: buildAssistantMessage({
      id: 'msg_2',
      cost: 0.0123,
      tokens: { input: 1000, output: 200, reasoning: 50, cache: { read: 300, write: 0 } },
    }),
    parts: [buildTextPart({ id: 'prt_2', messageID: 'msg_2', text: 'Wrote notes.txt.' })],
  },
  {
    info: {
      ...buildUserMessage({ id: 'msg_3' }),
      summary: {
        diffs: [{ file: 'src/app.ts', patch: '@@ -1 +1 @@\n-a\n+b\n', additions: 1, deletions: 1, status: 'modified' }],
      },
    } as MessageWithParts['info'],
    parts: [buildTextPart({ id: 'prt_3', messageID: 'msg_3', text: 'now edit app.ts' })],
  },
  {
    info: buildAssistantMessage({
      id: 'msg_4',
      parentID: 'msg_3',
      cost: 0.01,
      tokens: { input: 2000, output: 400, reasoning: 0, cache: { read: 600, write: 0 } },
    }),
    parts: [buildTextPart({ id: 'prt_4', messageID: 'msg_4', text: 'Edited app.ts.' })],
  },
];

function serve({
  session = buildSession({ id: 'ses_1', title: 'Write notes' }),
  messages = run,
  share = 'manual',
}: { session?: Session; messages?: MessageWithParts[]; share?: string } = {}) {
  let current = session;
  const calls: string[] = [];
  server.use(
    http.get(`${BASE}/session`, () => HttpResponse.json([current, buildSession({ id: 'ses_2', title: 'Other' })])),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/session/ses_1/message`, () => HttpResponse.json(messages)),
    http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
    http.get(`${BASE}/session/ses_1/diff`, () => HttpResponse.json([])),
    http.get(`${BASE}/session/ses_1/children`, () => HttpResponse.json([])),
    http.get(`${BASE}/config/providers`, () =>
      HttpResponse.json({
        providers: [
          { id: 'mock', name: 'Mock', models: { 'mock-model': { id: 'mock-model', limit: { context: 10000 } } } },
        ],
        default: { mock: 'mock-model' },
      }),
    ),
    http.get(`${BASE}/config`, () => {
      calls.push('CONFIG');
      return HttpResponse.json({ share });
    }),
    http.patch(`${BASE}/session/ses_1`, async ({ request }) => {
      const body = (await request.json()) as { title: string };
      calls.push(`PATCH ${body.title}`);
      current = { ...current, title: body.title };
      return HttpResponse.json(current);
    }),
    http.delete(`${BASE}/session/ses_1`, () => {
      calls.push('DELETE');
      return HttpResponse.json(true);
    }),
    http.post(`${BASE}/session/ses_1/revert`, async ({ request }) => {
      const body = (await request.json()) as { messageID: string };
      calls.push(`REVERT ${body.messageID}`);
      current = { ...current, revert: { messageID: body.messageID } };
      return HttpResponse.json(current);
    }),
    http.post(`${BASE}/session/ses_1/unrevert`, () => {
      calls.push('UNREVERT');
      current = { ...current };
      delete current.revert;
      return HttpResponse.json(current);
    }),
    http.post(`${BASE}/session/ses_1/share`, () => {
      calls.push('SHARE');
      current = { ...current, share: { url: 'https://opncd.ai/s/abc' } };
      return HttpResponse.json(current);
    }),
    http.post(`${BASE}/session/ses_1/fork`, async ({ request }) => {
      const body = (await request.json()) as { messageID: string };
      calls.push(`FORK ${body.messageID}`);
      return HttpResponse.json(buildSession({ id: 'ses_9', title: 'Write notes (fork #1)' }));
    }),
  );
  return calls;
}

function renderScreen() {
  return renderWithProviders(
    <>
      <SessionList host={host} />
      <SessionView host={host} sessionId="ses_1" onDeleted={() => undefined} />
    </>,
    { route: '/s/ses_1', path: '/s/:id', routes: { '/s/ses_9': <p>Forked session screen</p>, '/': <p>List</p> } },
  );
}

async function openMessageActions(user: ReturnType<typeof userEvent.setup>, index: number) {
  const buttons = await screen.findAllByRole('button', { name: 'Message actions' });
  await user.click(buttons[index]!);
  return screen.findByRole('dialog', { name: 'Message' });
}

beforeEach(() => {
  useDraftsStore.setState({ entries: {} });
});

describe('what the run changed', () => {
  it('counts the changed files of every turn and shows each file with its +/− and its diff', async () => {
    serve();
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Changes (2)' }));
    const sheet = await screen.findByRole('dialog', { name: 'What this run changed' });
    const files = within(sheet).getByRole('list', { name: 'Changed files' });
    expect(within(files).getByRole('button', { name: /notes\.txt.*added \+1 −0/ })).toBeInTheDocument();
    expect(within(files).getByRole('button', { name: /src\/app\.ts.*modified \+1 −1/ })).toBeInTheDocument();
    await user.click(within(files).getByRole('button', { name: /notes\.txt/ }));
    expect(within(sheet).getByLabelText('Differences')).toHaveTextContent('+hello from mock-llm');
  });

  it('a session-diff event from the host replaces the list', async () => {
    serve({
      messages: run.slice(0, 2).map((m) => ({ ...m, info: { ...m.info, summary: undefined } }) as MessageWithParts),
    });
    const user = userEvent.setup();
    const { queryClient } = renderScreen();
    expect(await screen.findByRole('button', { name: 'Changes (0)' })).toBeInTheDocument();
    applySessionEvent(queryClient, host.id, {
      kind: 'session-diff',
      sessionId: 'ses_1',
      files: [
        { path: 'README.md', status: 'modified', additions: 2, deletions: 1, patch: '@@ -1 +1,2 @@\n-x\n+y\n+z\n' },
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Changes (1)' }));
    const sheet = await screen.findByRole('dialog', { name: 'What this run changed' });
    expect(within(sheet).getByRole('button', { name: /README\.md.*modified \+2 −1/ })).toBeInTheDocument();
  });

  it("shows the session's tokens, cost and how full the model's context is", async () => {
    serve();
    const user = userEvent.setup();
    renderScreen();
    // 1000+200+50+300 + 2000+400+600 = 4550 tokens; the last turn used 3000 of 10000.
    await waitFor(() =>
      expect(screen.getByLabelText('Usage')).toHaveTextContent('4.5k tokens · $0.02 · context 30% full'),
    );
    await user.click(screen.getByRole('button', { name: 'Changes (2)' }));
    const usage = await screen.findByLabelText('Token usage');
    expect(usage).toHaveTextContent('Input3,000');
    expect(usage).toHaveTextContent('Reasoning50');
    expect(usage).toHaveTextContent('Cache read / write900 / 0');
    expect(usage).toHaveTextContent('3,000 of 10,000 tokens (30%)');
  });
});

describe('session actions', () => {
  it('rename shows the new title in the list and the header at once', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Session actions' }));
    const sheet = await screen.findByRole('dialog', { name: 'Session' });
    const input = within(sheet).getByLabelText('Session title');
    await user.clear(input);
    await user.type(input, 'Notes, renamed');
    await user.click(within(sheet).getByRole('button', { name: 'Rename' }));
    expect(await within(sheet).findByText('Renamed.')).toBeInTheDocument();
    expect(calls.filter((c) => c !== 'CONFIG')).toEqual(['PATCH Notes, renamed']);
    expect(screen.getByRole('heading', { name: 'Notes, renamed' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Notes, renamed/ })).toBeInTheDocument();
  });

  it('delete asks first: Cancel keeps the session, Delete removes it from the list and leaves', async () => {
    const calls = serve();
    const user = userEvent.setup();
    let left = false;
    renderWithProviders(
      <>
        <SessionList host={host} />
        <SessionView host={host} sessionId="ses_1" onDeleted={() => (left = true)} />
      </>,
    );
    await user.click(await screen.findByRole('button', { name: 'Session actions' }));
    const sheet = await screen.findByRole('dialog', { name: 'Session' });
    await user.click(within(sheet).getByRole('button', { name: 'Delete session…' }));
    expect(within(sheet).getByRole('alertdialog', { name: 'Delete this session?' })).toHaveTextContent(
      'Delete “Write notes”? Its messages and history are removed from the host.',
    );
    await user.click(within(sheet).getByRole('button', { name: 'Cancel' }));
    expect(calls.filter((c) => c !== 'CONFIG')).toEqual([]);
    await user.click(within(sheet).getByRole('button', { name: 'Delete session…' }));
    await user.click(within(sheet).getByRole('button', { name: 'Delete session' }));
    await waitFor(() => expect(left).toBe(true));
    expect(calls.filter((c) => c !== 'CONFIG')).toEqual(['DELETE']);
    expect(screen.queryByRole('link', { name: /Write notes/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Other/ })).toBeInTheDocument();
  });

  it('revert names the files that change, hides the reverted messages, and offers unrevert', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderScreen();
    const sheet = await openMessageActions(user, 0);
    await user.click(within(sheet).getByRole('button', { name: 'Revert to before this message…' }));
    const confirm = within(sheet).getByRole('alertdialog', { name: 'Revert to before this message?' });
    expect(within(confirm).getByRole('list')).toHaveTextContent('notes.txt added +1 −0');
    expect(within(confirm).getByRole('list')).toHaveTextContent('src/app.ts modified +1 −1');
    await user.click(within(confirm).getByRole('button', { name: 'Revert' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls).toEqual(['REVERT msg_1']);
    expect(screen.queryByRole('article', { name: 'Your message' })).not.toBeInTheDocument();
    expect(screen.getByText(/4 later messages reverted/)).toHaveTextContent('(notes.txt, src/app.ts)');
    expect(screen.getByRole('button', { name: 'Changes (0)' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Restore reverted messages' }));
    await waitFor(() => expect(screen.getAllByRole('article', { name: 'Your message' })).toHaveLength(2));
    expect(calls).toEqual(['REVERT msg_1', 'UNREVERT']);
    expect(screen.queryByRole('button', { name: 'Restore reverted messages' })).not.toBeInTheDocument();
  });

  it('a reverted session (after a reload) still offers unrevert', async () => {
    serve({ session: buildSession({ id: 'ses_1', title: 'Write notes', revert: { messageID: 'msg_3' } }) });
    renderScreen();
    expect(await screen.findByRole('button', { name: 'Restore reverted messages' })).toBeEnabled();
    expect(screen.getAllByRole('article', { name: 'Your message' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Changes (1)' })).toBeInTheDocument();
  });

  it('share warns that the link is public before creating it, then shows the link', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Session actions' }));
    const sheet = await screen.findByRole('dialog', { name: 'Session' });
    await user.click(await within(sheet).findByRole('button', { name: 'Share…' }));
    expect(within(sheet).getByRole('alertdialog', { name: 'Share publicly?' })).toHaveTextContent(
      'A share link is public: anyone who has it can read this whole session',
    );
    expect(calls.filter((c) => c !== 'CONFIG')).toEqual([]);
    await user.click(within(sheet).getByRole('button', { name: 'Create public link' }));
    expect(await within(sheet).findByRole('link', { name: 'https://opncd.ai/s/abc' })).toBeInTheDocument();
    expect(within(sheet).getByRole('button', { name: 'Stop sharing' })).toBeInTheDocument();
    expect(calls.filter((c) => c !== 'CONFIG')).toEqual(['SHARE']);
  });

  it('share is not offered where the host disabled it', async () => {
    const calls = serve({ share: 'disabled' });
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Session actions' }));
    const sheet = await screen.findByRole('dialog', { name: 'Session' });
    await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Delete session…' })).toBeInTheDocument());
    await waitFor(() => expect(calls).toContain('CONFIG'));
    // One more turn for the answer to reach the screen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(within(sheet).queryByRole('button', { name: 'Share…' })).not.toBeInTheDocument();
  });

  it('fork from a message opens the new session', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderScreen();
    const sheet = await openMessageActions(user, 1);
    await user.click(within(sheet).getByRole('button', { name: 'Fork from here' }));
    expect(await screen.findByText('Forked session screen')).toBeInTheDocument();
    expect(calls).toEqual(['FORK msg_3']);
  });

  it('lists the subsessions the host names and links to them', async () => {
    serve();
    server.use(
      http.get(`${BASE}/session/ses_1/children`, () =>
        HttpResponse.json([buildSession({ id: 'ses_child', title: 'Explore the repo', parentID: 'ses_1' })]),
      ),
    );
    const user = userEvent.setup();
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Session actions' }));
    const sheet = await screen.findByRole('dialog', { name: 'Session' });
    const section = await within(sheet).findByRole('region', { name: 'Subsessions' });
    expect(within(section).getByRole('link', { name: 'Explore the repo' })).toHaveAttribute('href', '/s/ses_child');
  });
});
