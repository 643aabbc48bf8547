import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildHost } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { Composer } from './composer';
import { useDraftsStore } from './drafts-store';

const host = buildHost();
const PROMPT_URL = `${host.opencode.baseUrl}/session/ses_1/prompt_async`;
const ABORT_URL = `${host.opencode.baseUrl}/session/ses_1/abort`;
const TEXT = 'Refactor the parser, keep the tests green';

/** Records prompt bodies; `answer` decides each response. */
function promptHandler(answer: () => Response | Promise<Response>) {
  const bodies: unknown[] = [];
  server.use(
    http.post(PROMPT_URL, async ({ request }) => {
      bodies.push(await request.json());
      return answer();
    }),
  );
  return bodies;
}

const textbox = () => screen.getByRole('combobox', { name: 'Prompt' });
const renderComposer = (busy = false) => renderWithProviders(<Composer host={host} sessionId="ses_1" busy={busy} />);

beforeEach(() => {
  useDraftsStore.setState({ entries: {} });
});

describe('Composer drafts', () => {
  it('keeps the draft in the drafts store so it survives unmounting the composer', async () => {
    const user = userEvent.setup();
    const first = renderComposer();
    await user.type(textbox(), TEXT);
    expect(useDraftsStore.getState().get(host.id, 'ses_1')).toBe(TEXT);
    expect(localStorage.getItem('openwork-pwa.drafts')).toContain(TEXT);
    first.unmount();

    renderComposer();
    expect(textbox()).toHaveValue(TEXT);
  });

  it('finds a draft stored by the previous release (openwork-pwa.drafts, version 1) after the update', async () => {
    localStorage.setItem(
      'openwork-pwa.drafts',
      JSON.stringify({ state: { drafts: { [`${host.id}:ses_1`]: 'typed before the update' } }, version: 1 }),
    );
    await useDraftsStore.persist.rehydrate();
    renderComposer();
    expect(textbox()).toHaveValue('typed before the update');
  });

  it('keeps drafts per session', async () => {
    const user = userEvent.setup();
    useDraftsStore.getState().set(host.id, 'ses_2', 'other session');
    renderComposer();
    expect(textbox()).toHaveValue('');
    await user.type(textbox(), 'mine');
    expect(useDraftsStore.getState().get(host.id, 'ses_1')).toBe('mine');
    expect(useDraftsStore.getState().get(host.id, 'ses_2')).toBe('other session');
  });

  it('cannot send an empty or blank prompt', async () => {
    const user = userEvent.setup();
    renderComposer();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await user.type(textbox(), '   ');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });
});

describe('Composer sending', () => {
  it('sends the prompt and clears the textarea and the draft when the host accepts it (204)', async () => {
    const user = userEvent.setup();
    const bodies = promptHandler(() => new HttpResponse(null, { status: 204 }));
    renderComposer();
    await user.type(textbox(), TEXT);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(textbox()).toHaveValue(''));
    expect(bodies).toEqual([{ parts: [{ type: 'text', text: TEXT }] }]);
    expect(useDraftsStore.getState().entries).toEqual({});
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  // A pasted prompt often ends in a newline: it is sent trimmed, and the box still clears.
  it('clears a sent prompt that had surrounding whitespace', async () => {
    const user = userEvent.setup();
    const bodies = promptHandler(() => new HttpResponse(null, { status: 204 }));
    renderComposer();
    await user.type(textbox(), `${TEXT} `);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    await waitFor(() => expect(textbox()).toHaveValue(''));
    expect(bodies).toEqual([{ parts: [{ type: 'text', text: TEXT }] }]);
  });

  it('sends with Ctrl+Enter', async () => {
    const user = userEvent.setup();
    const bodies = promptHandler(() => new HttpResponse(null, { status: 204 }));
    renderComposer();
    await user.type(textbox(), 'hi');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(textbox()).toHaveValue(''));
    expect(bodies).toEqual([{ parts: [{ type: 'text', text: 'hi' }] }]);
  });

  it('keeps text typed while the prompt was in flight', async () => {
    const user = userEvent.setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    promptHandler(async () => {
      await held;
      return new HttpResponse(null, { status: 204 });
    });
    renderComposer();
    await user.type(textbox(), 'first');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('button', { name: 'Sending…' })).toBeDisabled();
    await user.type(textbox(), ' and more');
    release();

    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled());
    expect(textbox()).toHaveValue('first and more');
  });

  it('keeps the exact text and says why when the host answers 500', async () => {
    const user = userEvent.setup();
    const bodies = promptHandler(() =>
      HttpResponse.json({ name: 'UnknownError', data: { message: 'provider exploded' } }, { status: 500 }),
    );
    renderComposer();
    await user.type(textbox(), TEXT);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^Not sent: /);
    expect(alert).toHaveTextContent('answered 500: provider exploded');
    expect(textbox()).toHaveValue(TEXT);
    expect(useDraftsStore.getState().get(host.id, 'ses_1')).toBe(TEXT);
    expect(bodies).toHaveLength(1);
  });

  it('keeps the exact text and says why when the host cannot be reached', async () => {
    const user = userEvent.setup();
    promptHandler(() => HttpResponse.error());
    renderComposer();
    await user.type(textbox(), TEXT);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Not sent: POST \/session\/\{id\}\/prompt_async failed/,
    );
    expect(textbox()).toHaveValue(TEXT);
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
  });
});

describe('Composer stop', () => {
  it('shows no Stop button while the session is idle', () => {
    renderComposer(false);
    expect(screen.queryByRole('button', { name: 'Stop' })).not.toBeInTheDocument();
  });

  it('shows Stop while busy and aborts the run with POST /session/{id}/abort', async () => {
    const user = userEvent.setup();
    let aborts = 0;
    server.use(
      http.post(ABORT_URL, () => {
        aborts += 1;
        return HttpResponse.json(true);
      }),
    );
    renderComposer(true);
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(aborts).toBe(1));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so when the run could not be stopped', async () => {
    const user = userEvent.setup();
    server.use(
      http.post(ABORT_URL, () =>
        HttpResponse.json({ name: 'UnknownError', data: { message: 'nope' } }, { status: 500 }),
      ),
    );
    renderComposer(true);
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Could not stop the run: .*answered 500: nope/);
  });
});
