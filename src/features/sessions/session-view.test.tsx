import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolPart } from '@/domain';
import { buildHost, buildSession } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import {
  buildAssistantMessage,
  buildReasoningPart,
  buildTextPart,
  buildToolPart,
  buildUserMessage,
} from '@/testing/transcript-builders';
import type { MessageWithParts } from './api';
import { useDraftsStore } from './drafts-store';
import { subagentsOf } from './subagents';
import { SessionView } from './session-view';
import { Transcript } from './transcript';

const host = buildHost();
const BASE = host.opencode.baseUrl;

const conversation: MessageWithParts[] = [
  {
    info: buildUserMessage({ id: 'msg_1' }),
    parts: [buildTextPart({ id: 'prt_1', messageID: 'msg_1', text: 'Please create **notes.txt**' })],
  },
  {
    info: buildAssistantMessage({ id: 'msg_2' }),
    parts: [
      buildReasoningPart({ id: 'prt_2', messageID: 'msg_2', text: 'The user wants a file.' }),
      buildTextPart({ id: 'prt_3', messageID: 'msg_2', text: 'Sure, writing it now.' }),
      buildToolPart({
        id: 'prt_4',
        messageID: 'msg_2',
        tool: 'write',
        state: {
          status: 'completed',
          input: { filePath: 'notes.txt' },
          output: 'Wrote file successfully.',
          title: 'notes.txt',
          metadata: {},
          time: { start: 1, end: 2 },
        },
      }),
    ],
  },
];

beforeEach(() => {
  useDraftsStore.setState({ entries: {} });
});

describe('SessionView', () => {
  it('loads the session: title, status, todos, the transcript and a Stop button while busy', async () => {
    server.use(
      http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1', title: 'Write notes' })])),
      http.get(`${BASE}/session/status`, () => HttpResponse.json({ ses_1: { type: 'busy' } })),
      http.get(`${BASE}/session/ses_1/message`, () => HttpResponse.json(conversation)),
      http.get(`${BASE}/session/ses_1/todo`, () =>
        HttpResponse.json([
          { content: 'Create notes.txt', status: 'completed', priority: 'high' },
          { content: 'Tell the user', status: 'in_progress', priority: 'low' },
        ]),
      ),
    );
    renderWithProviders(<SessionView host={host} sessionId="ses_1" />);

    expect(await screen.findByRole('heading', { name: 'Write notes' })).toBeInTheDocument();
    expect(await screen.findByRole('article', { name: 'Your message' })).toHaveTextContent('Please create notes.txt');
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Sure, writing it now.');
    expect(await screen.findByLabelText('Session status: busy')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();
    expect(await screen.findByText('Todos 1/2')).toBeInTheDocument();
    expect(screen.getByText('Tell the user')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to sessions' })).toHaveAttribute('href', '/');
  });

  it('a tool call still "running" in a session that is idle (the server stopped mid-call) shows as interrupted, and as running while the session runs', async () => {
    const stuck: MessageWithParts[] = [
      {
        info: buildAssistantMessage({ id: 'msg_9' }),
        parts: [
          buildToolPart({
            id: 'prt_9',
            messageID: 'msg_9',
            tool: 'bash',
            state: {
              status: 'running',
              input: { command: 'npm test' },
              title: 'npm test',
              metadata: {},
              time: { start: 1 },
            },
          }),
        ],
      },
    ];
    let status: Record<string, { type: string }> = { ses_1: { type: 'busy' } };
    server.use(
      http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1' })])),
      http.get(`${BASE}/session/status`, () => HttpResponse.json(status)),
      http.get(`${BASE}/session/ses_1/message`, () => HttpResponse.json(stuck)),
      http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
    );
    const { queryClient } = renderWithProviders(<SessionView host={host} sessionId="ses_1" />);
    await screen.findByLabelText('Session status: busy');
    const tool = await screen.findByTestId('tool-part');
    expect(tool).toHaveTextContent('running');
    expect(tool).not.toHaveTextContent('interrupted');

    status = {};
    await queryClient.invalidateQueries();
    await screen.findByLabelText('Session status: idle');
    expect(screen.getByTestId('tool-part')).toHaveTextContent('interrupted');
    expect(screen.getByTestId('tool-part')).toHaveTextContent(
      'Stopped before it finished: the session is no longer running',
    );
  });

  it('a reply longer than a page keeps showing its newest text while it streams', () => {
    const paragraph = 'Streaming paragraph of a very long reply.\n\n';
    const reply = (text: string): MessageWithParts[] => [
      {
        info: buildAssistantMessage({ id: 'msg_1' }),
        parts: [buildTextPart({ id: 'prt_1', messageID: 'msg_1', text })],
      },
    ];
    const long = paragraph.repeat(1_500);
    const { rerender } = renderWithProviders(<Transcript messages={reply(`${long}Newest words one.`)} />);
    expect(screen.getByText('Newest words one.')).toBeInTheDocument();

    rerender(<Transcript messages={reply(`${long}${paragraph.repeat(1_500)}Newest words two.`)} />);
    expect(screen.getByText('Newest words two.')).toBeInTheDocument();
    expect(screen.getByText(/^Showing the last/)).toBeInTheDocument();
    // Markdown over 130 kB of text twice takes a few seconds in jsdom on a loaded 2-core machine;
    // the limit guards a hang, not speed (bench/streaming.mjs measures that in a real browser).
  }, 30_000);

  it('a tool call left "running" in an earlier message shows as interrupted while a later turn runs', () => {
    const running = (id: string, messageID: string) =>
      buildToolPart({
        id,
        messageID,
        tool: 'bash',
        state: { status: 'running', input: { command: id }, title: id, metadata: {}, time: { start: 1 } },
      });
    renderWithProviders(
      <Transcript
        messages={[
          { info: buildAssistantMessage({ id: 'msg_1' }), parts: [running('old-call', 'msg_1')] },
          {
            info: buildUserMessage({ id: 'msg_2' }),
            parts: [buildTextPart({ id: 'prt_u', messageID: 'msg_2', text: 'go on' })],
          },
          { info: buildAssistantMessage({ id: 'msg_3' }), parts: [running('new-call', 'msg_3')] },
          {
            info: buildUserMessage({ id: 'msg_4' }),
            parts: [buildTextPart({ id: 'prt_q', messageID: 'msg_4', text: 'queued while it runs' })],
          },
        ]}
      />,
    );
    const [old, current] = screen.getAllByTestId('tool-part');
    expect(old).toHaveTextContent('interrupted');
    expect(current).toHaveTextContent('running');
    expect(current).not.toHaveTextContent('interrupted');
  });

  it('says why when the transcript cannot be loaded', async () => {
    server.use(
      http.get(`${BASE}/session`, () => HttpResponse.json([])),
      http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
      http.get(`${BASE}/session/ses_1/message`, () =>
        HttpResponse.json({ name: 'NotFoundError', data: { message: 'Session not found' } }, { status: 404 }),
      ),
      http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
    );
    renderWithProviders(<SessionView host={host} sessionId="ses_1" />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Could not load messages: .*answered 404: Session not found/,
    );
    expect(screen.getByLabelText('Session status: idle')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });
});

describe('Transcript', () => {
  it('says so when there are no messages yet', () => {
    renderWithProviders(<Transcript messages={[]} />);
    expect(screen.getByText('No messages yet. Send a prompt to start the run.')).toBeInTheDocument();
  });

  it('renders user and assistant messages in order, with markdown', () => {
    renderWithProviders(<Transcript messages={conversation} />);
    const articles = screen.getAllByRole('article');
    expect(articles.map((a) => a.getAttribute('aria-label'))).toEqual(['Your message', 'Assistant message']);
    expect(within(articles[0]!).getByText('notes.txt', { selector: 'strong' })).toBeInTheDocument();
  });

  it('keeps reasoning collapsed until opened', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Transcript messages={conversation} />);
    expect(screen.getByText('The user wants a file.')).not.toBeVisible();
    await user.click(screen.getByText('Reasoning'));
    expect(screen.getByText('The user wants a file.')).toBeVisible();
  });

  it.each<[ToolPart['state'], string, string]>([
    [{ status: 'pending', input: {}, raw: '' }, 'pending', ''],
    [{ status: 'running', input: { command: 'ls -la' }, time: { start: 1 } }, 'running', 'ls -la'],
    [
      {
        status: 'completed',
        input: { filePath: 'a.txt' },
        output: 'ok',
        title: 'a.txt written',
        metadata: {},
        time: { start: 1, end: 2 },
      },
      'completed',
      'a.txt written',
    ],
    [
      {
        status: 'error',
        input: { command: 'rm -rf /' },
        error: 'The user rejected permission to use this specific tool call.',
        time: { start: 1, end: 2 },
      },
      'error',
      'rm -rf /',
    ],
  ])('shows a tool call with its status and summary (%#)', (state, status, summary) => {
    const message: MessageWithParts = {
      info: buildAssistantMessage(),
      parts: [buildToolPart({ tool: 'bash', state })],
    };
    renderWithProviders(<Transcript messages={[message]} />);
    const tool = screen.getByTestId('tool-part');
    expect(within(tool).getByText('bash')).toBeInTheDocument();
    expect(within(tool).getByText(status)).toBeInTheDocument();
    expect(tool).toHaveTextContent(`bash${summary}${status}`);
  });

  it('shows a completed tool output collapsed and a failed tool its error', () => {
    const message: MessageWithParts = {
      info: buildAssistantMessage(),
      parts: [
        buildToolPart({
          id: 'prt_ok',
          state: {
            status: 'completed',
            input: {},
            output: 'total 0',
            title: 'ls',
            metadata: {},
            time: { start: 1, end: 2 },
          },
        }),
        buildToolPart({
          id: 'prt_err',
          state: {
            status: 'error',
            input: {},
            error: 'The user rejected permission to use this specific tool call.',
            time: { start: 1, end: 2 },
          },
        }),
      ],
    };
    renderWithProviders(<Transcript messages={[message]} />);
    expect(screen.getByText('Output')).toBeVisible();
    expect(screen.getByText('total 0')).not.toBeVisible();
    expect(screen.getByText('The user rejected permission to use this specific tool call.')).toBeVisible();
  });

  it('shows an assistant error', () => {
    const message: MessageWithParts = {
      info: buildAssistantMessage({
        error: { name: 'APIError', data: { message: 'Rate limited', isRetryable: true } },
      }),
      parts: [],
    };
    renderWithProviders(<Transcript messages={[message]} />);
    expect(screen.getByRole('article', { name: 'Assistant message' })).toHaveTextContent('Rate limited');
  });

  it('renders raw HTML and javascript: links from the model inert', () => {
    const text = [
      'Look: <img src=x onerror=alert(1)>',
      '',
      '[link](javascript:alert(1)) and ![pic](javascript:alert(2))',
      '',
      '<script>alert(3)</script>',
      '',
      '[safe](https://example.com)',
    ].join('\n');
    const message: MessageWithParts = {
      info: buildAssistantMessage(),
      parts: [buildTextPart({ messageID: 'msg_2', text })],
    };
    const { container } = renderWithProviders(<Transcript messages={[message]} />);

    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    for (const element of container.querySelectorAll('[href], [src]')) {
      expect(element.getAttribute('href') ?? element.getAttribute('src')).not.toMatch(/^\s*javascript:/i);
    }
    const link = screen.getByText('link').closest('a');
    expect(link?.getAttribute('href') ?? '').toBe('');
    expect(screen.getByRole('link', { name: 'safe' })).toHaveAttribute('href', 'https://example.com');
    expect(screen.getByRole('link', { name: 'safe' })).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(screen.getByText(/\[image: pic/)).toBeInTheDocument();
  });
});

describe('subagentsOf', () => {
  it("names the child sessions of the session's task tool calls, by their description", () => {
    const task = (id: string, state: ToolPart['state']) => buildToolPart({ id, tool: 'task', state });
    const messages: MessageWithParts[] = [
      {
        info: buildAssistantMessage({ id: 'msg_1' }),
        parts: [
          task('prt_1', {
            status: 'running',
            input: { description: 'Write the tests', prompt: 'x', subagent_type: 'general' },
            title: 'Write the tests',
            metadata: { sessionId: 'ses_child1', parentSessionId: 'ses_1' },
            time: { start: 1 },
          }),
          task('prt_2', {
            status: 'completed',
            input: { prompt: 'y' },
            output: 'done',
            title: '',
            metadata: { sessionId: 'ses_child2' },
            time: { start: 1, end: 2 },
          }),
          task('prt_3', { status: 'pending', input: { description: 'Not started' }, raw: '' }),
          buildToolPart({
            id: 'prt_4',
            tool: 'bash',
            state: {
              status: 'running',
              input: { command: 'ls' },
              metadata: { sessionId: 'ses_not_a_child' },
              time: { start: 1 },
            },
          }),
        ],
      },
    ];
    expect(subagentsOf(messages)).toEqual({ ses_child1: 'subagent: Write the tests', ses_child2: 'a subagent' });
  });
});
