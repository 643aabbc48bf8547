/**
 * While text streams in, the transcript keeps the newest text in view for a reader at the bottom,
 * and leaves a reader who scrolled up to read where they are.
 */
import { act, fireEvent, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHost, buildSession } from '@/testing/builders';
import { opencodeEvent } from '@/testing/events';
import { numberedMessages, pagedTranscript } from '@/testing/paged-transcript';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { buildAssistantMessage, buildTextPart } from '@/testing/transcript-builders';
import { applySessionEvent } from './events';
import { SessionView } from './session-view';

const host = buildHost();
const BASE = host.opencode.baseUrl;

// jsdom lays nothing out: the page's height and scroll position are set by hand.
let scrollTop = 0;
let scrollHeight = 5_000;
const innerHeight = window.innerHeight;
beforeEach(() => {
  scrollTop = 0;
  scrollHeight = 5_000;
  window.innerHeight = 800;
  Object.defineProperty(document.documentElement, 'scrollTop', {
    configurable: true,
    get: () => scrollTop,
    set: (value: number) => {
      scrollTop = Math.min(value, scrollHeight - window.innerHeight);
    },
  });
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => scrollHeight });
});
afterEach(() => {
  window.innerHeight = innerHeight;
  Reflect.deleteProperty(document.documentElement, 'scrollTop');
  Reflect.deleteProperty(document.documentElement, 'scrollHeight');
});

function scrollTo(top: number) {
  scrollTop = top;
  fireEvent.scroll(window);
}

/** Long enough for the next animation frame and the follow that waits for it. */
const nextFrames = () => act(() => new Promise((resolve) => setTimeout(resolve, 100)));

async function openStreamingSession() {
  const paged = pagedTranscript(BASE, 'ses_1', () => numberedMessages(4));
  server.use(
    http.get(`${BASE}/session`, () => HttpResponse.json([buildSession({ id: 'ses_1' })])),
    http.get(`${BASE}/session/status`, () => HttpResponse.json({})),
    http.get(`${BASE}/session/ses_1/todo`, () => HttpResponse.json([])),
    paged.handler,
  );
  const { queryClient } = renderWithProviders(<SessionView host={host} sessionId="ses_1" />);
  await screen.findByText('Message 4');
  const apply = (type: string, properties: Record<string, unknown>) =>
    act(() => {
      applySessionEvent(queryClient, host.id, opencodeEvent(type, properties));
    });
  apply('message.updated', { sessionID: 'ses_1', info: buildAssistantMessage({ id: 'msg_0005' }) });
  apply('message.part.updated', {
    sessionID: 'ses_1',
    part: buildTextPart({ id: 'prt_new', messageID: 'msg_0005', text: '' }),
  });
  const stream = (delta: string) =>
    apply('message.part.delta', { sessionID: 'ses_1', messageID: 'msg_0005', partID: 'prt_new', field: 'text', delta });
  return { stream };
}

describe('following the latest text', () => {
  it('keeps the end in view for a reader at the bottom', async () => {
    const { stream } = await openStreamingSession();
    await nextFrames();
    scrollTo(scrollHeight - window.innerHeight);

    scrollHeight = 6_000;
    stream('A long answer arrives');
    expect(await screen.findByText('A long answer arrives')).toBeInTheDocument();
    await nextFrames();
    expect(scrollTop).toBe(6_000 - window.innerHeight);

    scrollHeight = 7_000;
    stream(', and goes on');
    await nextFrames();
    expect(scrollTop).toBe(7_000 - window.innerHeight);
  });

  it('keeps following when the scroll event of its own last move arrives after the page grew', async () => {
    const { stream } = await openStreamingSession();
    await nextFrames();
    scrollTo(scrollHeight - window.innerHeight);
    scrollHeight = 6_000;
    stream('A long answer arrives');
    await nextFrames();
    expect(scrollTop).toBe(5_200);

    // More text makes the page much taller, then the scroll event of the move to 5,200 comes in.
    scrollHeight = 9_000;
    stream(', and goes on for a while');
    fireEvent.scroll(window);
    await nextFrames();
    expect(scrollTop).toBe(9_000 - window.innerHeight);
  });

  it('leaves a reader who scrolled up where they are', async () => {
    const { stream } = await openStreamingSession();
    await nextFrames();
    scrollTo(1_000);

    scrollHeight = 6_000;
    stream('A long answer arrives');
    expect(await screen.findByText('A long answer arrives')).toBeInTheDocument();
    await nextFrames();
    expect(scrollTop).toBe(1_000);
  });
});
