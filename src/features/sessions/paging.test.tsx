/**
 * Long sessions open with their newest page: the first request asks for `limit=50`, older pages
 * come on scroll-up or "Load earlier messages", live events patch whatever is loaded, and a host
 * that ignores `limit` (or hides the paging headers) still shows the whole transcript.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { buildHost, buildSession } from '@/testing/builders';
import { opencodeEvent } from '@/testing/events';
import { numberedMessages, pagedTranscript, type PagedTranscriptOptions } from '@/testing/paged-transcript';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { buildAssistantMessage, buildTextPart } from '@/testing/transcript-builders';
import type { MessageWithParts } from './api';
import { applySessionEvent } from './events';
import { SessionView } from './session-view';

const host = buildHost();
const BASE = host.opencode.baseUrl;

/**
 * jsdom lays nothing out: the test moves the page's scroll position by hand, and a very tall
 * window with 40 px rows lets the virtualised list render every loaded message.
 */
let scrollTop = 0;
let rowHeight: MockInstance;
const innerHeight = window.innerHeight;
beforeEach(() => {
  scrollTop = 0;
  window.innerHeight = 1_000_000;
  rowHeight = vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(40);
  Object.defineProperty(document.documentElement, 'scrollTop', {
    configurable: true,
    get: () => scrollTop,
    set: (value: number) => {
      scrollTop = value;
    },
  });
});
afterEach(() => {
  rowHeight.mockRestore();
  window.innerHeight = innerHeight;
  Reflect.deleteProperty(document.documentElement, 'scrollTop');
});

function scrollTo(top: number) {
  scrollTop = top;
  fireEvent.scroll(window);
}

/** Time for a request that should not happen to have happened (MSW answers in a few ms). */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 200)));

function openSession(transcript: () => MessageWithParts[], options?: PagedTranscriptOptions) {
  const paged = pagedTranscript(BASE, 'ses_1', transcript, options);
  server.use(
    http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1', title: 'A long session' })])),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
    paged.handler,
  );
  const view = renderWithProviders(<SessionView host={host} sessionId="ses_1" />);
  return { ...view, requests: paged.requests };
}

/** The texts of the messages in the DOM, in order. */
/** Each message's text, without the line above an answer that names its agent and model. */
const shownTexts = () =>
  screen
    .queryAllByRole('article')
    .map((a) => (a.textContent ?? '').replace(a.querySelector('.message-by')?.textContent ?? '', ''));

describe('opening a long session', () => {
  it('asks for the newest 50 messages only, shows the latest, and offers the earlier ones', async () => {
    const all = numberedMessages(300);
    const { requests } = openSession(() => all);

    expect(await screen.findByText('Message 300')).toBeInTheDocument();
    expect(requests).toEqual([{ limit: '50', before: null, status: 200 }]);
    expect(screen.queryByText('Message 250')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Load earlier messages' })).toBeEnabled();
  });

  it('"Load earlier messages" adds the page before, above and in order, and says how many came', async () => {
    const all = numberedMessages(120);
    const { requests } = openSession(() => all);
    await screen.findByText('Message 120');

    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 21')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Loaded 50 earlier messages.');
    expect(requests[1]).toMatchObject({ limit: '50', status: 200 });
    expect(requests[1]!.before).not.toBeNull();
    // The cursor is the host's, not a message id.
    expect(requests[1]!.before).not.toMatch(/^msg_/);
    const texts = shownTexts();
    expect(texts.indexOf('Message 21')).toBeLessThan(texts.indexOf('Message 70'));
    expect(texts.indexOf('Message 70')).toBeLessThan(texts.indexOf('Message 71'));

    // The last 20: the host names no cursor after them, so the control goes.
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 1')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument(),
    );
    expect(requests).toHaveLength(3);
  });

  it('scrolling up near the top loads the earlier page once; scrolling down or far from the top does not', async () => {
    const all = numberedMessages(200);
    const { requests } = openSession(() => all);
    await screen.findByText('Message 200');

    // Down, though near the top (a page that opens at the top, the jump to the latest message).
    scrollTo(1_000);
    await settle();
    // Up, but far from the top.
    scrollTo(5_000);
    scrollTo(4_000);
    await settle();
    expect(requests).toHaveLength(1);
    expect(screen.queryByText('Message 150')).not.toBeInTheDocument();

    // Up to near the top, several scroll events in a row: one request.
    scrollTo(300);
    scrollTo(200);
    scrollTo(100);
    expect(await screen.findByText('Message 101')).toBeInTheDocument();
    await settle();
    expect(requests).toHaveLength(2);
    expect(requests[1]).toMatchObject({ limit: '50', status: 200 });
  });

  it('a host that sends the cursor only in its Link header pages the same way', async () => {
    const all = numberedMessages(80);
    const { requests } = openSession(() => all, { headers: 'link' });
    await screen.findByText('Message 80');
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 1')).toBeInTheDocument();
    expect(requests.map((r) => r.limit)).toEqual(['50', '50']);
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();
  });

  it('a host that ignores limit: one request brings the whole transcript, nothing is offered earlier', async () => {
    const all = numberedMessages(70);
    const { requests } = openSession(() => all, { honourLimit: false });
    expect(await screen.findByText('Message 70')).toBeInTheDocument();
    expect(requests).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();
    scrollTo(3_000);
    scrollTo(0);
    await settle();
    expect(requests).toHaveLength(1);
  });

  it('a full page whose cursor a proxy hid: "Load earlier" asks for the whole transcript once', async () => {
    const all = numberedMessages(90);
    const { requests } = openSession(() => all, { headers: 'none' });
    await screen.findByText('Message 90');
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 1')).toBeInTheDocument();
    expect(requests).toEqual([
      { limit: '50', before: null, status: 200 },
      { limit: null, before: null, status: 200 },
    ]);
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();
  });

  it('a failed load says why and keeps the loaded messages; "Load earlier messages" tries again', async () => {
    const all = numberedMessages(60);
    let fail = true;
    const paged = pagedTranscript(BASE, 'ses_1', () => all);
    server.use(
      http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1' })])),
      http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
      http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
      http.get(`${BASE}/session/ses_1/message`, ({ request }) =>
        fail && new URL(request.url).searchParams.has('before')
          ? HttpResponse.json({ name: 'UnknownError', data: { message: 'database is locked' } }, { status: 500 })
          : undefined,
      ),
      paged.handler,
    );
    renderWithProviders(<SessionView host={host} sessionId="ses_1" />);
    await screen.findByText('Message 60');

    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Could not load earlier messages: .*answered 500: database is locked/,
    );
    expect(screen.getByText('Message 60')).toBeInTheDocument();
    // Scrolling does not retry a failure by itself.
    scrollTo(2_000);
    scrollTo(0);
    await settle();
    expect(paged.requests).toHaveLength(1);

    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 1')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a cursor the host refuses (400) falls back to the whole transcript', async () => {
    const all = numberedMessages(75);
    const paged = pagedTranscript(BASE, 'ses_1', () => all);
    server.use(
      http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1' })])),
      http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
      http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
      http.get(`${BASE}/session/ses_1/message`, ({ request }) =>
        new URL(request.url).searchParams.has('before')
          ? HttpResponse.json({ _tag: 'BadRequest' }, { status: 400 })
          : undefined,
      ),
      paged.handler,
    );
    renderWithProviders(<SessionView host={host} sessionId="ses_1" />);
    await screen.findByText('Message 75');
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Message 1')).toBeInTheDocument();
    expect(paged.requests.map((r) => r.limit)).toEqual(['50', null]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('live events on a paged transcript', () => {
  it('stream into the newest messages; a message older than the loaded page waits for its page', async () => {
    const all = numberedMessages(100);
    const { queryClient } = openSession(() => all);
    await screen.findByText('Message 100');
    const apply = (type: string, properties: Record<string, unknown>) =>
      act(() => {
        applySessionEvent(queryClient, host.id, opencodeEvent(type, properties));
      });

    // A new assistant message after the newest one, with streamed text.
    apply('message.updated', { sessionID: 'ses_1', info: buildAssistantMessage({ id: 'msg_0101' }) });
    apply('message.part.updated', {
      sessionID: 'ses_1',
      part: buildTextPart({ id: 'prt_new', messageID: 'msg_0101', text: '' }),
    });
    apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_0101',
      partID: 'prt_new',
      field: 'text',
      delta: 'Streamed answer',
    });
    expect(await screen.findByText('Streamed answer')).toBeInTheDocument();

    // An update to a loaded message patches it.
    apply('message.part.updated', {
      sessionID: 'ses_1',
      part: buildTextPart({ id: 'prt_msg_0099', messageID: 'msg_0099', text: 'Message 99, edited' }),
    });
    expect(await screen.findByText('Message 99, edited')).toBeInTheDocument();

    // An update to message 10 (not loaded): not inserted between loaded ones, no refetch.
    all[9] = {
      ...all[9]!,
      parts: [buildTextPart({ id: 'prt_msg_0010', messageID: 'msg_0010', text: 'Tenth, edited' })],
    };
    apply('message.updated', { sessionID: 'ses_1', info: all[9]!.info });
    apply('message.part.updated', { sessionID: 'ses_1', part: all[9]!.parts[0] });
    // The screen has caught up with the events once a later one shows.
    apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_0101',
      partID: 'prt_new',
      field: 'text',
      delta: ', continued',
    });
    expect(await screen.findByText('Streamed answer, continued')).toBeInTheDocument();
    expect(screen.queryByText('Tenth, edited')).not.toBeInTheDocument();
    expect(shownTexts()[0]).toBe('Message 51');

    // When the reader loads back that far, it is there, in its place.
    await userEvent.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    expect(await screen.findByText('Tenth, edited')).toBeInTheDocument();
    const texts = shownTexts();
    expect(texts.indexOf('Message 9')).toBeLessThan(texts.indexOf('Tenth, edited'));
    expect(texts.indexOf('Tenth, edited')).toBeLessThan(texts.indexOf('Message 11'));
    expect(texts.at(-1)).toBe('Streamed answer, continued');
  });
});
