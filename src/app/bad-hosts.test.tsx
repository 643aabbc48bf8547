/**
 * Bad hosts as the user meets them: each broken answer from docs/security.md, served by MSW
 * to the real screens. Every case shows a specific message with a next step, the rest of the app
 * keeps working (the chrome, other screens), and nothing typed is lost.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useDraftsStore } from '@/features/sessions/drafts-store';
import { buildHost, buildSession } from '@/testing/builders';
import { server } from '@/testing/server';
import { renderApp } from '@/testing/test-app';

vi.mock('@/features/pwa', () => import('@/testing/pwa-stub'));

const host = buildHost();
const BASE = host.opencode.baseUrl;
const nginx502 = () =>
  new HttpResponse(
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    { status: 502, headers: { 'content-type': 'text/html' } },
  );
const portal = () =>
  new HttpResponse('<!doctype html><title>Guest Wi-Fi</title><form>Accept the terms</form>', {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });

/** An OpenCode host whose routes answer `overrides`, and sane defaults otherwise. */
function serve(
  overrides: Partial<
    Record<'sessions' | 'status' | 'permissions' | 'messages' | 'todos' | 'files' | 'prompt', () => Response>
  > = {},
) {
  server.use(
    http.get(`${BASE}/session`, overrides.sessions ?? (() => HttpResponse.json([buildSession()]))),
    http.get(`${BASE}/session/status`, overrides.status ?? (() => HttpResponse.json({}))),
    http.get(`${BASE}/permission`, overrides.permissions ?? (() => HttpResponse.json([]))),
    http.get(`${BASE}/question`, () => HttpResponse.json([])),
    http.get(`${BASE}/session/ses_1/message`, overrides.messages ?? (() => HttpResponse.json([]))),
    http.get(`${BASE}/session/ses_1/todo`, overrides.todos ?? (() => HttpResponse.json([]))),
    http.get(`${BASE}/file`, overrides.files ?? (() => HttpResponse.json([]))),
    http.post(
      `${BASE}/session/ses_1/prompt_async`,
      overrides.prompt ?? (() => new HttpResponse(null, { status: 204 })),
    ),
  );
}

beforeEach(() => {
  useDraftsStore.setState({ entries: {} });
});

describe('bad hosts on the sessions screen', () => {
  it('a 502 page from a proxy: named by its title with the restart advice; the rest of the app still works', async () => {
    const user = userEvent.setup();
    serve({ sessions: nginx502 });
    renderApp('/', host);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not list sessions: GET /session answered 502: a web page titled “502 Bad Gateway”.',
    );
    expect(alert).toHaveTextContent('OpenCode may be stopped or restarting');
    expect(alert.textContent).not.toContain('<');

    await user.click(screen.getByRole('link', { name: /^Approvals/ }));
    expect(await screen.findByRole('heading', { name: 'Waiting for you' })).toBeInTheDocument();
    expect(await screen.findByText('Nothing is waiting for you.')).toBeInTheDocument();
  });

  it('a captive portal page where the list belongs: "a web page instead of data", with the sign-in advice', async () => {
    serve({ sessions: portal });
    renderApp('/', host);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'GET /session answered a web page instead of data. A proxy or a sign-in page of this network may be answering',
    );
  });

  it('an object where the list belongs: says what was expected, and how to fix it', async () => {
    serve({ sessions: () => HttpResponse.json({ items: [buildSession()] }) });
    renderApp('/', host);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'GET /session answered an object where a list of sessions was expected. The host may run an OpenCode version this app does not understand',
    );
  });

  it('sessions with missing or wrong fields are shown or skipped, never crash the list; a broken status map is ignored', async () => {
    serve({
      sessions: () =>
        HttpResponse.json([
          { id: 'ses_1', title: { text: 'object title' }, time: null },
          { title: 'no id' },
          null,
          'ses_3',
          { id: 'ses_2', title: 'Fine one', time: { created: 5, updated: 'yesterday' } },
        ]),
      status: () => HttpResponse.json('busy'),
    });
    renderApp('/', host);
    const list = await screen.findByRole('list');
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(2));
    expect(within(list).getByText('Untitled session')).toBeInTheDocument();
    expect(within(list).getByText('Fine one')).toBeInTheDocument();
    expect(screen.queryByText(/could not be shown/)).not.toBeInTheDocument();
  });

  it.each([
    { status: 401, said: 'answered 401', next: 'check it, or pair again' },
    { status: 403, said: 'answered 403', next: 'ask the host owner' },
    { status: 404, said: 'answered 404', next: 'refresh to see the current state' },
    { status: 429, said: 'answered 429 (too many requests)', next: 'wait 30 s' },
    { status: 500, said: 'answered 500', next: 'try again shortly' },
    { status: 503, said: 'answered 503', next: 'try again in 30 s' },
  ])('GET /session answering $status: "$said" and "$next"', async ({ status, said, next }) => {
    serve({
      sessions: () =>
        HttpResponse.json(
          { name: 'Err', data: { message: `from host ${status}` } },
          { status, headers: { 'retry-after': '30' } },
        ),
    });
    renderApp('/', host);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`GET /session ${said}: from host ${status}.`);
    expect(alert).toHaveTextContent(next);
  });
});

describe('bad hosts in a session: the draft survives every failed send', () => {
  const typed = 'a long prompt I do not want to type again';
  it.each([
    {
      case: '429 with Retry-After',
      answer: () => HttpResponse.json({ message: 'rate limited' }, { status: 429, headers: { 'retry-after': '20' } }),
      said: 'answered 429 (too many requests): rate limited. The host (or a proxy in front of it) is limiting requests: wait 20 s',
    },
    { case: '502 nginx page', answer: nginx502, said: 'answered 502: a web page titled “502 Bad Gateway”' },
    {
      case: '503 without a body',
      answer: () => new HttpResponse(null, { status: 503 }),
      said: 'answered 503. The host is starting up or overloaded',
    },
    {
      case: '401',
      answer: () =>
        new HttpResponse('Unauthorized', { status: 401, headers: { 'www-authenticate': 'Basic realm="Secure Area"' } }),
      said: 'answered 401: Unauthorized. The token or password was not accepted',
    },
    {
      case: 'a redirect to another origin',
      answer: () => new HttpResponse(null, { status: 302, headers: { location: 'http://10.0.0.1/login' } }),
      said: 'redirect',
    },
    { case: 'network error', answer: () => HttpResponse.error(), said: 'no answer from the host' },
  ])('$case: "Not sent: …$said", and the text stays in the composer', async ({ answer, said }) => {
    const user = userEvent.setup();
    server.use(http.all('http://10.0.0.1/*', () => portal()));
    serve({ prompt: answer });
    renderApp('/s/ses_1', host);

    const prompt = await screen.findByLabelText('Prompt');
    await user.type(prompt, typed);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Not sent: POST \/session\/\{id\}\/prompt_async /);
    expect(alert).toHaveTextContent(said);
    expect(screen.getByLabelText('Prompt')).toHaveValue(typed);
    expect(useDraftsStore.getState().get(host.id, 'ses_1')).toBe(typed);
  });

  it('a transcript with malformed messages and parts renders what it can, without breaking the screen', async () => {
    serve({
      messages: () =>
        HttpResponse.json([
          { info: null, parts: [] },
          {
            info: { id: 'msg_1', sessionID: 'ses_1', role: 'user' },
            parts: [{ id: 'p1', type: 'text', text: 42 }, 'junk', { type: 'text', text: 'no id' }],
          },
          {
            info: { id: 'msg_2', sessionID: 'ses_1', role: 'assistant', error: 'provider exploded' },
            parts: [
              {
                id: 'p2',
                type: 'tool',
                tool: 'bash',
                state: { status: 'completed', output: { lines: 3 }, input: 'ls' },
              },
              { id: 'p3', type: 'patch', files: null },
              { id: 'p4', type: 'tool', tool: 'write', state: 'weird' },
              { id: 'p5', type: 'reasoning', text: ['a', 'b'] },
              { id: 'p6', type: 'hologram' },
            ],
          },
          { info: { id: 'msg_3', sessionID: 'ses_1', role: 'assistant' }, parts: null },
        ]),
      todos: () => HttpResponse.json([{ content: { nested: true }, status: 7 }, null]),
    });
    renderApp('/s/ses_1', host);

    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(3));
    expect(screen.getByText('42')).toBeInTheDocument();
    expect(screen.getByText('provider exploded')).toBeInTheDocument();
    expect(screen.getByText('{"lines":3}')).toBeInTheDocument();
    expect(screen.getByText('Changed 0 files:', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('{"nested":true}', { exact: false })).toBeInTheDocument();
    expect(screen.queryByText(/could not be shown/)).not.toBeInTheDocument();
  });
});

describe('huge payloads', () => {
  it('a 20 MB message renders its last page within a bound, earlier pages and the beginning on request', async () => {
    const user = userEvent.setup();
    const text = `# A very long answer\n\n${'All work and no play makes a long message.\n\n'.repeat(Math.ceil((20 * 1024 * 1024) / 44))}The very end.`;
    serve({
      messages: () =>
        HttpResponse.json([
          {
            info: { id: 'msg_1', sessionID: 'ses_1', role: 'assistant' },
            parts: [{ id: 'prt_1', sessionID: 'ses_1', messageID: 'msg_1', type: 'text', text }],
          },
        ]),
    });
    const started = performance.now();
    renderApp('/s/ses_1', host);

    const note = await screen.findByText(/^Showing the last/, undefined, { timeout: 15_000 });
    const elapsed = performance.now() - started;
    console.log(
      `huge payloads: 20 MB message (${text.length.toLocaleString('en')} characters) on screen in ${Math.round(elapsed)} ms`,
    );
    expect(note).toHaveTextContent(
      new RegExp(`^Showing the last [\\d,]+ of ${text.length.toLocaleString('en')} characters\\.`),
    );
    const shown = () =>
      Number(
        /the last ([\d,]+) of/
          .exec(screen.getByText(/^Showing the (last|first)/).textContent ?? '')?.[1]
          ?.replace(/,/g, ''),
      );
    expect(shown()).toBeGreaterThanOrEqual(48_000);
    expect(shown()).toBeLessThanOrEqual(100_000);
    expect(elapsed).toBeLessThan(15_000);
    expect(screen.getByText('The very end.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'A very long answer' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Prompt')).toBeEnabled();

    const before = shown();
    await user.click(screen.getByRole('button', { name: 'Show earlier' }));
    await waitFor(() => expect(shown()).toBeGreaterThanOrEqual(before + 48_000));

    await user.click(screen.getByRole('button', { name: 'Read from the beginning' }));
    expect(await screen.findByRole('heading', { name: 'A very long answer' })).toBeInTheDocument();
    expect(screen.getByText(/^Showing the first 50,000 of/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText(/^Showing the first 100,000 of/)).toBeInTheDocument();
  }, 30_000);

  it('a folder of 100,000 files renders its first 500 within a bound, and more on request', async () => {
    const user = userEvent.setup();
    const nodes = Array.from({ length: 100_000 }, (_, i) => ({
      name: `file-${String(i).padStart(6, '0')}.txt`,
      path: `file-${String(i).padStart(6, '0')}.txt`,
      absolute: `/w/file-${i}.txt`,
      type: 'file',
      ignored: false,
    }));
    serve({ files: () => HttpResponse.json(nodes) });
    const started = performance.now();
    renderApp('/files', host);

    const note = await screen.findByText(/^Showing 500 of 100,000 entries/, undefined, { timeout: 15_000 });
    const elapsed = performance.now() - started;
    console.log(`huge payloads: 100,000-entry folder on screen in ${Math.round(elapsed)} ms`);
    expect(note).toBeInTheDocument();
    expect(elapsed).toBeLessThan(15_000);
    // Counted with a selector: role queries over thousands of links are slow in jsdom.
    const rows = () => document.querySelectorAll('.file-list a').length;
    expect(rows()).toBe(500);
    expect(screen.getByText('file-000000.txt')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(rows()).toBe(1_000));
  }, 30_000);
});
