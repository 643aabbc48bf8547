/**
 * The self-healing event stream against a scripted `/event` endpoint (MSW + ScriptedStream), a fake
 * window for `online`/`offline`/`visibilitychange`, and fake timers for backoff and heartbeats.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withBodyAbort } from '@/testing/abortable-fetch';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { HostEvent } from '@/domain';
import { eventLabel } from '@/testing/events';
import { EventStream, type EventStreamOptions, type StreamStatus } from './event-stream';
import { decodeOpencodeFrame } from './opencode-events';

const EVENT_URL = 'http://127.0.0.1:4096/event';
const BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 8_000 };
const random = () => 0.5;
/** The delay the stream must wait before reconnect attempt `attempt` (0-based). */
const expectedDelay = (attempt: number) => backoffDelay(attempt, BACKOFF, random);

/** Captured before fake timers replace it: lets pending promises and MSW run without moving the clock. */
const realSetTimeout = globalThis.setTimeout;

/** Lets pending I/O settle (a few real macrotask turns) without advancing fake time. */
async function settle(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
}

/** Waits (in real time, fake clock untouched) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200; turn += 1) {
    if (check()) return;
    await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** The `window` parts the stream watches: `navigator.onLine`, online/offline, page visibility. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';

  setVisibility(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

class FakeWindow extends EventTarget {
  readonly navigator = { onLine: true };
  readonly document = new FakeDocument();

  goOffline(): void {
    this.navigator.onLine = false;
    this.dispatchEvent(new Event('offline'));
  }

  goOnline(): void {
    this.navigator.onLine = true;
    this.dispatchEvent(new Event('online'));
  }
}

/**
 * What `/event` answers, one entry per request: a scripted stream, an HTTP status, a network
 * error, a request that never gets headers (until aborted), or a raw response. Requests past the
 * end of the script get a fresh stream that sends `server.connected` and stays open.
 */
type Answer = ScriptedStream | number | 'network-error' | 'no-headers' | (() => Response);

interface StatusAt {
  status: StreamStatus;
  /** Fake-clock time when the status was reported. */
  at: number;
}

const running: EventStream[] = [];

function connect(script: Answer[] = [], overrides: Partial<EventStreamOptions> = {}) {
  const answers = [...script];
  const requests: Request[] = [];
  const streams: ScriptedStream[] = [];
  server.use(
    http.get(EVENT_URL, async ({ request }) => {
      requests.push(request);
      const next = answers.shift() ?? new ScriptedStream();
      if (next === 'network-error') return HttpResponse.error();
      if (next === 'no-headers') {
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        return HttpResponse.error();
      }
      if (typeof next === 'number') return new HttpResponse(null, { status: next });
      if (typeof next === 'function') return next();
      streams.push(next);
      return next.response();
    }),
  );
  const events: HostEvent[] = [];
  const statuses: StatusAt[] = [];
  const opens: boolean[] = [];
  const win = new FakeWindow();
  const stream = new EventStream({
    url: EVENT_URL,
    fetch: withBodyAbort((input, init) => fetch(input, init)),
    onMessage: (data) => events.push(decodeOpencodeFrame(data)),
    onStatus: (status) => statuses.push({ status, at: Date.now() }),
    onOpen: (afterGap) => opens.push(afterGap),
    heartbeatTimeoutMs: 60_000,
    backoff: BACKOFF,
    random,
    target: win as unknown as Window,
    ...overrides,
  });
  running.push(stream);
  const last = (): StatusAt => {
    const entry = statuses.at(-1);
    if (!entry) throw new Error('no status reported yet');
    return entry;
  };
  return {
    stream,
    win,
    requests,
    streams,
    events,
    statuses,
    opens,
    last,
    /** Waits until the stream reports `state`. */
    reaches: (state: StreamStatus['state']) => until(() => stream.current.state === state, `the stream is ${state}`),
    /** Waits until `count` requests reached the server. */
    requested: (count: number) => until(() => requests.length >= count, `${count} requests were made`),
  };
}

/** The retry delay a `reconnecting`/`error` status announced, in ms from when it was reported. */
function announcedDelay({ status, at }: StatusAt): number {
  if (status.state !== 'reconnecting' && status.state !== 'error') throw new Error(`no retry in state ${status.state}`);
  return status.retryAt - at;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  for (const stream of running.splice(0)) stream.stop();
  vi.useRealTimers();
});

describe('EventStream: events', () => {
  it('delivers frames in order; malformed ones decode as unknown events and do not drop the stream', async () => {
    const sse = new ScriptedStream();
    const host = connect([sse]);
    host.stream.start();
    await host.reaches('live');

    sse.push(
      { type: 'session.status', properties: { sessionID: 'ses_1', status: { type: 'busy' } } },
      'data: {not json\n\n',
      'data: 42\n\n',
      'data: {"properties":{}}\n\n',
      {
        type: 'message.part.delta',
        properties: { sessionID: 'ses_1', messageID: 'msg_1', partID: 'prt_1', field: 'text', delta: 'Hello' },
      },
    );
    await until(() => host.events.length >= 6, 'six frames arrived');
    sse.push({ type: 'session.idle', properties: { sessionID: 'ses_1' } });
    await until(() => host.events.length >= 7, 'the event after the bad lines arrived');

    expect(host.events.map(eventLabel)).toEqual([
      'connected',
      'session-status',
      'unknown (malformed)',
      'unknown (malformed)',
      'unknown (malformed)',
      'part-delta',
      'session-idle',
    ]);
    expect(host.events[1]).toEqual({ kind: 'session-status', sessionId: 'ses_1', status: { type: 'busy' } });
    expect(host.stream.current.state).toBe('live');
    expect(host.requests).toHaveLength(1);
  });

  it('unwraps /global/event envelopes {directory, payload: {type, properties}}', async () => {
    const sse = new ScriptedStream([]);
    const host = connect([sse]);
    host.stream.start();
    await host.reaches('live');

    sse.push(
      `data: ${JSON.stringify({ directory: '/srv/app', project: 'prj', payload: { id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } } })}\n\n`,
    );
    await until(() => host.events.length === 1, 'the wrapped event arrived');

    expect(host.events[0]).toEqual({ kind: 'session-idle', sessionId: 'ses_1' });
  });

  it('reassembles an event split across chunks, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode(
      'data: {"type":"message.part.delta","properties":{"sessionID":"ses_1","messageID":"msg_1","partID":"prt_1","field":"text","delta":"café ✓"}}\n\ndata: {"type":"server.heartbeat"}\n\n',
    );
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    const host = connect([
      () =>
        new HttpResponse(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(bytes.slice(0, cut));
              controller.enqueue(bytes.slice(cut));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    ]);
    host.stream.start();
    await until(() => host.events.length === 2, 'both events arrived');

    expect(host.events[0]).toEqual(expect.objectContaining({ kind: 'part-delta', delta: 'café ✓' }));
    expect(host.events[1]).toEqual({ kind: 'heartbeat' });
  });
});

describe('EventStream: connection status and reconnects', () => {
  it('goes connecting → live, asks for text/event-stream and reports the first open as no gap', async () => {
    const host = connect();
    host.stream.start();
    await host.reaches('live');

    expect(host.statuses.map(({ status }) => status.state)).toEqual(['connecting', 'live']);
    expect(host.statuses[0]?.status).toEqual({ state: 'connecting', attempt: 0 });
    expect(host.requests[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(host.opens).toEqual([false]);
  });

  it('reconnects after the backoff delay when the host closes the stream, then asks for a re-sync', async () => {
    const first = new ScriptedStream();
    const host = connect([first]);
    host.stream.start();
    await host.reaches('live');

    first.close();
    await host.reaches('reconnecting');
    const waiting = host.last();
    expect(waiting.status).toEqual(
      expect.objectContaining({ state: 'reconnecting', attempt: 1, reason: 'the host closed the event stream' }),
    );
    expect(announcedDelay(waiting)).toBe(expectedDelay(0));

    await vi.advanceTimersByTimeAsync(expectedDelay(0) - 1);
    await settle();
    expect(host.requests).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1);
    await host.reaches('live');
    expect(host.requests).toHaveLength(2);
    expect(host.opens).toEqual([false, true]);
  });

  it('grows the delay across consecutive failures and resets it after a successful open', async () => {
    const good = new ScriptedStream();
    const host = connect([503, 'network-error', 503, good]);
    host.stream.start();

    const delays: number[] = [];
    for (let failure = 1; failure <= 3; failure += 1) {
      await until(
        () => host.stream.current.state === 'reconnecting' && host.requests.length === failure,
        `failure ${failure} was reported`,
      );
      const waiting = host.last();
      expect(waiting.status).toEqual(expect.objectContaining({ attempt: failure }));
      delays.push(announcedDelay(waiting));
      await vi.advanceTimersByTimeAsync(announcedDelay(waiting));
    }
    expect(delays).toEqual([expectedDelay(0), expectedDelay(1), expectedDelay(2)]);
    expect(
      host.statuses.map(({ status }) => (status.state === 'reconnecting' ? status.reason : undefined)).filter(Boolean),
    ).toEqual(['the event stream answered 503', expect.any(String), 'the event stream answered 503']);

    await host.reaches('live');
    good.close();
    await host.reaches('reconnecting');
    expect(host.last().status).toEqual(expect.objectContaining({ attempt: 1 }));
    expect(announcedDelay(host.last())).toBe(expectedDelay(0));
  });

  it('aborts a stream that stays silent past the heartbeat timeout and reconnects', async () => {
    const quiet = new ScriptedStream();
    const host = connect([quiet], { heartbeatTimeoutMs: 5_000 });
    host.stream.start();
    await host.reaches('live');

    await vi.advanceTimersByTimeAsync(4_000);
    quiet.push({ type: 'server.heartbeat' });
    await until(() => host.events.length === 2, 'the heartbeat arrived');
    await vi.advanceTimersByTimeAsync(4_000);
    await settle();
    expect(host.stream.current.state).toBe('live');

    await vi.advanceTimersByTimeAsync(1_001);
    await host.reaches('reconnecting');
    expect(host.last().status).toEqual(expect.objectContaining({ reason: 'no heartbeat from the host' }));
    expect(host.requests[0]?.signal.aborted).toBe(true);

    await vi.advanceTimersByTimeAsync(expectedDelay(0));
    await host.reaches('live');
    expect(host.requests).toHaveLength(2);
    expect(host.opens).toEqual([false, true]);
  });

  // A dead TCP path after the phone wakes, or a proxy that holds the request, must not leave the
  // app "connecting" for good.
  it('gives up on a connection that never gets response headers', async () => {
    const host = connect(['no-headers'], { heartbeatTimeoutMs: 5_000 });
    host.stream.start();
    await host.requested(1);
    await vi.advanceTimersByTimeAsync(5_001);
    await host.reaches('reconnecting');
  });
});

describe('EventStream: network and page visibility', () => {
  it('goes offline without retrying, and reconnects at once when back online', async () => {
    const host = connect();
    host.stream.start();
    await host.reaches('live');

    host.win.goOffline();
    expect(host.stream.current).toEqual({ state: 'offline' });
    await settle();
    expect(host.requests[0]?.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(host.requests).toHaveLength(1);

    host.win.goOnline();
    await host.reaches('live');
    expect(host.requests).toHaveLength(2);
    expect(host.opens).toEqual([false, true]);
  });

  it('cancels a pending retry when the device goes offline', async () => {
    const host = connect([503]);
    host.stream.start();
    await host.reaches('reconnecting');

    host.win.goOffline();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await settle();
    expect(host.requests).toHaveLength(1);
    expect(host.stream.current).toEqual({ state: 'offline' });
  });

  it('does not try to connect while the device is offline', async () => {
    const host = connect();
    host.win.navigator.onLine = false;
    host.stream.start();
    await settle();
    expect(host.stream.current).toEqual({ state: 'offline' });
    expect(host.requests).toHaveLength(0);

    host.win.goOnline();
    await host.reaches('live');
  });

  it('reconnects at once when the page becomes visible while waiting to retry', async () => {
    const host = connect([503, 503, 503]);
    host.stream.start();
    for (let failure = 1; failure <= 3; failure += 1) {
      await until(
        () => host.stream.current.state === 'reconnecting' && host.requests.length === failure,
        `failure ${failure}`,
      );
      if (failure < 3) await vi.advanceTimersByTimeAsync(announcedDelay(host.last()));
    }

    host.win.document.setVisibility('hidden');
    await settle();
    expect(host.requests).toHaveLength(3);

    host.win.document.setVisibility('visible');
    await host.reaches('live');
    expect(host.requests).toHaveLength(4);
  });

  it('keeps a live, recently active stream when the page becomes visible', async () => {
    const host = connect();
    host.stream.start();
    await host.reaches('live');

    host.win.document.setVisibility('hidden');
    host.win.document.setVisibility('visible');
    await settle();
    expect(host.requests).toHaveLength(1);
    expect(host.requests[0]?.signal.aborted).toBe(false);
  });
});

describe('EventStream: refused credentials', () => {
  it.each([401, 403])('reports %i as an error that names the token, and retries only slowly', async (status) => {
    const host = connect([status]);
    host.stream.start();
    await host.reaches('error');

    const refused = host.last();
    expect(refused.status).toEqual(expect.objectContaining({ state: 'error', reason: expect.stringMatching(/token/) }));
    expect(announcedDelay(refused)).toBeGreaterThanOrEqual(expectedDelay(6));
    await vi.advanceTimersByTimeAsync(announcedDelay(refused) - 1);
    await settle();
    expect(host.requests).toHaveLength(1);
  });
});

describe('EventStream: stop', () => {
  it('closes a live stream and leaves no timers, listeners or further requests', async () => {
    const host = connect();
    host.stream.start();
    await host.reaches('live');

    host.stream.stop();
    await settle();
    expect(host.stream.current).toEqual({ state: 'idle' });
    expect(host.requests[0]?.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);

    host.win.goOffline();
    host.win.goOnline();
    host.win.document.setVisibility('visible');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await settle();
    expect(host.requests).toHaveLength(1);
    expect(host.stream.current).toEqual({ state: 'idle' });
  });

  it('cancels a pending retry', async () => {
    const host = connect([503]);
    host.stream.start();
    await host.reaches('reconnecting');

    host.stream.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    await settle();
    expect(host.requests).toHaveLength(1);
  });
});
