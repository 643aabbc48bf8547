import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildHost } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { loadAttachments, saveAttachments } from './attachments-store';
import { Composer } from './composer';
import { useDraftsStore } from './drafts-store';
import { useSteerStore } from './steer-drafts';

const host = buildHost();
const base = host.opencode.baseUrl;
const DIRECTORY = '/home/dev/project';

const prompt = () => screen.getByRole('combobox', { name: 'Prompt' });
const renderComposer = () => renderWithProviders(<Composer host={host} sessionId="ses_1" busy={false} />);

/** The host's lists, and every prompt and command body it received. */
function steeringHost(files: string[] = ['src/main.ts', 'src/app/layout.tsx', 'docs/manual.md']) {
  const prompts: unknown[] = [];
  const commands: unknown[] = [];
  const fileQueries: string[] = [];
  server.use(
    http.get(`${base}/command`, () =>
      HttpResponse.json([
        { name: 'review', description: 'Review the uncommitted changes', template: '', hints: [] },
        { name: 'init', description: 'Create AGENTS.md', template: '', hints: [] },
        { name: 'preview', description: 'Start the preview server', template: '', hints: [] },
      ]),
    ),
    http.get(`${base}/find/file`, ({ request }) => {
      const query = new URL(request.url).searchParams.get('query') ?? '';
      fileQueries.push(query);
      return HttpResponse.json(files.filter((path) => path.includes(query)));
    }),
    http.get(`${base}/path`, () => HttpResponse.json({ directory: DIRECTORY, worktree: DIRECTORY })),
    http.get(`${base}/agent`, () =>
      HttpResponse.json([
        { name: 'build', description: 'Builds things', mode: 'primary' },
        { name: 'plan', description: 'Plans without editing', mode: 'primary' },
        { name: 'general', description: 'A subagent', mode: 'subagent' },
        { name: 'title', mode: 'primary', hidden: true },
      ]),
    ),
    http.get(`${base}/config/providers`, () =>
      HttpResponse.json({
        providers: [
          {
            id: 'scripted',
            name: 'Scripted',
            models: { 'mock-1': { id: 'mock-1', name: 'Mock one' }, 'mock-2': { id: 'mock-2', name: 'Mock two' } },
          },
        ],
        default: { scripted: 'mock-1' },
      }),
    ),
    http.post(`${base}/session/ses_1/prompt_async`, async ({ request }) => {
      prompts.push(await request.json());
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${base}/session/ses_1/command`, async ({ request }) => {
      commands.push(await request.json());
      return HttpResponse.json({ info: {}, parts: [] });
    }),
  );
  return { prompts, commands, fileQueries };
}

beforeEach(async () => {
  useDraftsStore.setState({ entries: {} });
  useSteerStore.setState({ entries: {} });
  await saveAttachments(host.id, 'ses_1', []);
});

describe('Composer / commands', () => {
  it('lists the host commands with descriptions when / starts the prompt, filtered as you type', async () => {
    steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), '/');
    const list = await screen.findByRole('listbox', { name: 'Commands' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    expect(within(list).getByRole('option', { name: /\/review.*Review the uncommitted changes/ })).toBeInTheDocument();
    expect(prompt()).toHaveAttribute('aria-expanded', 'true');

    await user.type(prompt(), 'rev');
    // "review" starts with it, "preview" contains it.
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['/reviewReview the uncommitted changes', '/previewStart the preview server']);
  });

  it('moves with the arrow keys, chooses with Enter, and runs the command with its arguments', async () => {
    const { commands, prompts } = steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), '/');
    const list = await screen.findByRole('listbox', { name: 'Commands' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    expect(within(list).getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}');
    const second = within(list).getAllByRole('option')[1];
    expect(second).toHaveAttribute('aria-selected', 'true');
    expect(prompt()).toHaveAttribute('aria-activedescendant', second?.id);
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(within(list).getAllByRole('option')[2]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{Enter}');
    expect(prompt()).toHaveValue('/review ');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();

    await user.type(prompt(), 'the parser');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(commands).toEqual([{ command: 'review', arguments: 'the parser' }]));
    expect(prompts).toEqual([]);
    await waitFor(() => expect(prompt()).toHaveValue(''));
  });

  it('closes the list with Escape and keeps the text', async () => {
    steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), '/in');
    await screen.findByRole('listbox', { name: 'Commands' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(prompt()).toHaveValue('/in');
    expect(prompt()).toHaveAttribute('aria-expanded', 'false');
  });

  it('chooses a command by tapping it', async () => {
    steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), '/');
    await user.click(await screen.findByRole('option', { name: /\/init/ }));
    expect(prompt()).toHaveValue('/init ');
  });
});

describe('Composer @ files', () => {
  it('lists matching workspace files and sends the chosen one as a file part, shown as a removable chip', async () => {
    const { prompts, fileQueries } = steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), 'explain @main');
    const list = await screen.findByRole('listbox', { name: 'Files' });
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['src/main.ts']),
    );
    // Debounced: one request for what was typed once typing paused, not one per key.
    expect(fileQueries).not.toContain('m');

    await user.keyboard('{Enter}');
    expect(prompt()).toHaveValue('explain ');
    const chips = screen.getByRole('list', { name: 'Attachments' });
    expect(await within(chips).findByText('src/main.ts')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(prompts).toHaveLength(1));
    expect(prompts[0]).toEqual({
      parts: [
        { type: 'text', text: 'explain' },
        { type: 'file', mime: 'text/plain', url: `file://${DIRECTORY}/src/main.ts`, filename: 'src/main.ts' },
      ],
    });
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Attachments' })).not.toBeInTheDocument());
  });

  it('removes a chip with its button', async () => {
    steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.type(prompt(), '@layout');
    await user.click(await screen.findByRole('option', { name: 'src/app/layout.tsx' }));
    await user.click(await screen.findByRole('button', { name: 'Remove src/app/layout.tsx' }));
    expect(screen.queryByRole('list', { name: 'Attachments' })).not.toBeInTheDocument();
    await waitFor(async () => expect(await loadAttachments(host.id, 'ses_1')).toEqual([]));
  });
});

describe('Composer draft with attachments', () => {
  it('keeps the text and the attachments after a failed send (500) and after a remount', async () => {
    steeringHost();
    server.use(
      http.post(`${base}/session/ses_1/prompt_async`, () =>
        HttpResponse.json({ name: 'UnknownError', data: { message: 'disk full' } }, { status: 500 }),
      ),
    );
    const image = {
      id: 'att_1',
      kind: 'image' as const,
      part: {
        type: 'file' as const,
        mime: 'image/webp',
        url: 'data:image/webp;base64,UklGRg==',
        filename: 'shot.webp',
      },
    };
    await saveAttachments(host.id, 'ses_1', [image]);
    const user = userEvent.setup();
    const first = renderComposer();
    const chips = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(chips).getByText('shot.webp')).toBeInTheDocument();
    await user.type(prompt(), 'what is wrong here @main');
    await user.click(await screen.findByRole('option', { name: 'src/main.ts' }));
    await within(chips).findByText('src/main.ts');

    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Not sent: .*disk full/);
    expect(prompt()).toHaveValue('what is wrong here ');
    expect(within(chips).getByText('shot.webp')).toBeInTheDocument();
    expect(within(chips).getByText('src/main.ts')).toBeInTheDocument();
    first.unmount();

    renderComposer();
    expect(prompt()).toHaveValue('what is wrong here ');
    const again = await screen.findByRole('list', { name: 'Attachments' });
    await waitFor(() =>
      expect(
        within(again)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['shot.webp×', 'src/main.ts×']),
    );
  });
});

describe('Composer agent and model', () => {
  it('lists primary agents and models grouped by provider, and sends the choice with the prompt', async () => {
    const { prompts } = steeringHost();
    const user = userEvent.setup();
    renderComposer();
    await user.click(await screen.findByRole('button', { name: /Agent and model/ }));
    const agents = await screen.findByRole('group', { name: 'Agent' });
    await within(agents).findByRole('radio', { name: /plan/ });
    expect(
      within(agents)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['build', 'plan']);
    expect(within(agents).getByText('Plans without editing')).toBeInTheDocument();
    const models = await screen.findByRole('group', { name: 'Scripted' });
    expect(within(models).getByRole('radio', { name: /Mock one/ })).toBeChecked();
    expect(within(models).getByText('Mock one').closest('label')).toHaveTextContent('Mock one (default)');

    await user.click(within(agents).getByRole('radio', { name: /plan/ }));
    await user.click(within(models).getByRole('radio', { name: /Mock two/ }));
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.getByRole('button', { name: /Agent and model/ })).toHaveTextContent('plan · mock-2');

    await user.type(prompt(), 'make a plan');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(prompts).toEqual([
        {
          parts: [{ type: 'text', text: 'make a plan' }],
          agent: 'plan',
          model: { providerID: 'scripted', modelID: 'mock-2' },
        },
      ]),
    );
    // Remembered for this session only.
    expect(useSteerStore.getState().get(host.id, 'ses_1')).toEqual({
      agent: 'plan',
      model: { providerID: 'scripted', modelID: 'mock-2' },
    });
    expect(useSteerStore.getState().get(host.id, 'ses_2')).toBeUndefined();
  });
});
