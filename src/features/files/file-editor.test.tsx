import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenworkCapabilities } from '@/host';
import { buildOpenworkHost, gate, OPENWORK_URL, openworkError, seen, type SeenRequest } from '@/testing/openwork';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { fileDraftKey, useFileDraftsStore } from './drafts-store';
import { FileEditor } from './file-editor';
import { FileScreen } from './file-screen';

const host = buildOpenworkHost();
const PATH = 'notes.md';
const KEY = fileDraftKey('ws_1', PATH);
/** The key in localStorage, the format stored since version 1: `hostId:workspaceId:path`. */
const STORED_KEY = `${host.id}:ws_1:${PATH}`;
const draftOf = () => useFileDraftsStore.getState().get(host.id, KEY);
const CONTENT_URL = `${OPENWORK_URL}/workspace/ws_1/files/content`;
const ORIGINAL = 'line one\nline two\n';
const MINE = `${ORIGINAL}my line`;
const THEIRS = `${ORIGINAL}their line\n`;
const capabilities: OpenworkCapabilities = {
  config: { read: true, write: true },
  approvals: { mode: 'manual', timeoutMs: 30_000 },
};

/** Records the saves the host received; `answer` decides each response. */
function saves(answer: (count: number) => Response | Promise<Response>): SeenRequest[] {
  const requests: SeenRequest[] = [];
  server.use(
    http.post(CONTENT_URL, async ({ request }) => {
      requests.push(await seen(request));
      return answer(requests.length);
    }),
  );
  return requests;
}

/** The host's current version of the file, as `GET /files/content` returns it. */
function currentVersion(version: () => { content: string; updatedAt: number }) {
  server.use(
    http.get(CONTENT_URL, () => HttpResponse.json({ path: PATH, bytes: version().content.length, ...version() })),
  );
}

function renderEditor(onDone = vi.fn()) {
  const view = renderWithProviders(
    <FileEditor
      host={host}
      path={PATH}
      original={ORIGINAL}
      updatedAt={1000}
      capabilities={capabilities}
      onDone={onDone}
    />,
  );
  return { ...view, onDone, textarea: screen.getByRole('textbox', { name: `Contents of ${PATH}` }) };
}

/** Appends "my line" to the original text. */
async function typeMine(textarea: HTMLElement) {
  await userEvent.setup().type(textarea, 'my line');
  expect(textarea).toHaveValue(MINE);
}

beforeEach(() => {
  useFileDraftsStore.setState({ entries: {} });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('FileEditor: the draft', () => {
  it('keeps the edit as a persisted draft with the revision it started from; it survives unmount', async () => {
    const first = renderEditor();
    await typeMine(first.textarea);
    first.unmount();

    expect(draftOf()).toEqual({ text: MINE, baseUpdatedAt: 1000 });
    const persisted = JSON.parse(localStorage.getItem('openwork-pwa.file-drafts') ?? '{}') as {
      state?: { drafts?: Record<string, unknown> };
    };
    expect(persisted.state?.drafts?.[STORED_KEY]).toEqual({ text: MINE, baseUpdatedAt: 1000 });

    const second = renderEditor();
    expect(second.textarea).toHaveValue(MINE);
    expect(screen.getByRole('button', { name: 'Discard changes' })).toBeInTheDocument();
  });

  it('finds an edit stored by the previous release (openwork-pwa.file-drafts, version 1) after the update', async () => {
    localStorage.setItem(
      'openwork-pwa.file-drafts',
      JSON.stringify({ state: { drafts: { [STORED_KEY]: { text: MINE, baseUpdatedAt: 1000 } } }, version: 1 }),
    );
    await useFileDraftsStore.persist.rehydrate();
    const { textarea } = renderEditor();
    expect(textarea).toHaveValue(MINE);
    expect(screen.getByRole('button', { name: 'Discard changes' })).toBeInTheDocument();
  });

  it('reopens the file screen straight into the editor while a draft exists', async () => {
    currentVersion(() => ({ content: ORIGINAL, updatedAt: 1000 }));
    server.use(http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json(capabilities)));
    useFileDraftsStore.getState().set(host.id, KEY, { text: MINE, baseUpdatedAt: 1000 });
    renderWithProviders(<FileScreen host={host} path={PATH} />);
    expect(await screen.findByRole('textbox', { name: `Contents of ${PATH}` })).toHaveValue(MINE);
  });
});

describe('FileEditor: saving', () => {
  it('sends baseUpdatedAt, then clears the draft and closes', async () => {
    const requests = saves(() =>
      HttpResponse.json({ ok: true, path: PATH, bytes: MINE.length, updatedAt: 2000, revision: '2000:26' }),
    );
    const { textarea, onDone } = renderEditor();
    await typeMine(textarea);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({ path: PATH, content: MINE, baseUpdatedAt: 1000 });
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer client-token');
    expect(draftOf()).toBeUndefined();
  });

  it('on a 409 conflict keeps my text, shows both versions, and "Overwrite with mine" sends force: true', async () => {
    const user = userEvent.setup();
    currentVersion(() => ({ content: THEIRS, updatedAt: 2000 }));
    const requests = saves((n) =>
      n === 1
        ? openworkError(409, 'conflict', 'File changed', { baseUpdatedAt: 1000, currentUpdatedAt: 2000 })
        : HttpResponse.json({ ok: true, path: PATH, bytes: 1, updatedAt: 3000 }),
    );
    const { textarea, onDone } = renderEditor();
    await typeMine(textarea);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = await screen.findByText('Someone changed this file since you started editing.');
    const box = conflict.closest('.conflict') as HTMLElement;
    const diff = within(box).getByLabelText('Differences');
    expect(diff).toHaveTextContent('-their line');
    expect(diff).toHaveTextContent('+my line');
    expect(textarea).toHaveValue(MINE);
    expect(draftOf()?.text).toBe(MINE);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(onDone).not.toHaveBeenCalled();

    await user.click(within(box).getByRole('button', { name: 'Overwrite with mine' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(requests.map((r) => r.body)).toEqual([
      { path: PATH, content: MINE, baseUpdatedAt: 1000 },
      { path: PATH, content: MINE, baseUpdatedAt: 1000, force: true },
    ]);
    expect(draftOf()).toBeUndefined();
  });

  it('"Discard mine, reload theirs" clears the draft and shows the host version', async () => {
    const user = userEvent.setup();
    let version = { content: ORIGINAL, updatedAt: 1000 };
    currentVersion(() => version);
    server.use(http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json(capabilities)));
    saves(() => {
      version = { content: THEIRS, updatedAt: 2000 };
      return openworkError(409, 'conflict', 'File changed', { baseUpdatedAt: 1000, currentUpdatedAt: 2000 });
    });
    renderWithProviders(<FileScreen host={host} path={PATH} />);
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await typeMine(screen.getByRole('textbox', { name: `Contents of ${PATH}` }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await user.click(await screen.findByRole('button', { name: 'Discard mine, reload theirs' }));

    expect(draftOf()).toBeUndefined();
    await waitFor(() => expect(screen.getByRole('textbox', { name: `Contents of ${PATH}` })).toHaveValue(THEIRS));
    expect(screen.queryByText('Someone changed this file since you started editing.')).not.toBeInTheDocument();
  });

  it.each([
    ['denied', "the host's owner denied the write"],
    ['timeout', 'nobody approved the write on the host within 30 s'],
  ])('on 403 write_denied (%s) says so and keeps the text', async (reason, message) => {
    saves(() => openworkError(403, 'write_denied', 'Write request denied', { requestId: 'ap_1', reason }));
    const { textarea, onDone } = renderEditor();
    await typeMine(textarea);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent('Your text is kept');
    expect(textarea).toHaveValue(MINE);
    expect(textarea).toBeEnabled();
    expect(draftOf()).toEqual({ text: MINE, baseUpdatedAt: 1000 });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says "Saving…" at first, then "Waiting for approval on the host… N s" while the host holds the write', async () => {
    const held = gate();
    saves(async () => {
      await held.promise;
      return HttpResponse.json({ ok: true, path: PATH, bytes: 1, updatedAt: 2000 });
    });
    const { textarea, onDone } = renderEditor();
    await typeMine(textarea);
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('Saving… 0 s');
    expect(textarea).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();

    act(() => vi.advanceTimersByTime(2_000));
    expect(status).toHaveTextContent('Waiting for approval on the host… 2 s (the host decides within 30 s)');
    act(() => vi.advanceTimersByTime(1_000));
    expect(status).toHaveTextContent('Waiting for approval on the host… 3 s');

    vi.useRealTimers();
    held.release();
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('status')).not.toBeInTheDocument());
  });
});
