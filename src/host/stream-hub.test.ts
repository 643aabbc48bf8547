/**
 * The stream hub (what runs in the stream worker), driven directly through its message interface
 * with a fake port: a scripted `/event` endpoint (MSW + ScriptedStream), the reports collected,
 * and each `events` batch acknowledged only when the test says so (a busy main thread).
 */
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf, HostEvent } from '@/domain';
import { withBodyAbort } from '@/testing/abortable-fetch';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { createStreamHub, type HubReport, type HubRequest } from './stream-hub';

const EVENT_URL = 'http://127.0.0.1:4096/event';

/** Waits (real time) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 400; turn += 1) {
    if (check()) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const delta = (partId: string, text: string) => ({
  type: 'message.part.delta',
  properties: { sessionID: 'ses_1', messageID: 'msg_1', partID: partId, field: 'text', delta: text },
});

const stopAll: Array<() => void> = [];
afterEach(() => {
  for (const stop of stopAll.splice(0)) stop();
});

/** A hub with one stream of `EVENT_URL`, answering from `script` (then a fresh open stream). */
function start(script: Array<ScriptedStream | number> = [], authorization?: { origin: string; header: string }) {
  const answers = [...script];
  const streams: ScriptedStream[] = [];
  const headers: Array<string | null> = [];
  server.use(
    http.get(EVENT_URL, ({ request }) => {
      headers.push(request.headers.get('authorization'));
      const next = answers.shift() ?? new ScriptedStream([]);
      if (typeof next === 'number') return new HttpResponse(null, { status: next });
      streams.push(next);
      return next.response();
    }),
  );
  const reports: HubReport[] = [];
  // The fake port: the main thread acknowledges each batch at once unless the test holds it busy.
  const port = { busy: false };
  const hub = createStreamHub(
    (report) => {
      reports.push(report);
      if (report.type === 'events' && !port.busy) queueMicrotask(() => hub.receive({ type: 'ack' }));
    },
    {
      fetch: withBodyAbort((input, init) => fetch(input, init)),
      backoff: { baseMs: 10, maxMs: 20 },
      recentMaxDelayMs: 20,
      random: () => 0.5,
    },
  );
  const send = (request: HubRequest) => hub.receive(request);
  send({ type: 'page', signal: 'state', online: true, visible: true });
  send({ type: 'connect', id: 1, url: EVENT_URL, ...(authorization ? { authorization } : {}) });
  stopAll.push(() => send({ type: 'disconnect', id: 1 }));
  const batches = () => reports.filter((r): r is Extract<HubReport, { type: 'events' }> => r.type === 'events');
  const events = (): HostEvent[] => batches().flatMap((b) => b.events);
  const states = () => reports.flatMap((r) => (r.type === 'status' ? [r.status.state] : []));
  const live = () => streams.at(-1);
  return { send, port, reports, batches, events, states, streams, headers, live };
}

describe('the stream hub', () => {
  it('sends the Authorization with the stream request and reports live', async () => {
    const hub = start([], { origin: 'http://127.0.0.1:4096', header: 'Bearer tok' });
    await until(() => hub.states().includes('live'), 'live');
    expect(hub.headers).toEqual(['Bearer tok']);
    expect(hub.states().slice(0, 2)).toEqual(['connecting', 'live']);
  });

  it('coalesces a burst while the main thread has not acknowledged, keeping order against other events', async () => {
    const hub = start();
    await until(() => hub.states().includes('live'), 'live');
    const stream = hub.live()!;
    hub.port.busy = true;
    stream.push(delta('prt_a', 'first '));
    await until(() => hub.batches().length === 1, 'the first batch');
    // The main thread is busy with that batch (no ack): everything below waits in the hub.
    stream.push(delta('prt_a', 'a1 '), delta('prt_b', 'b1 '), delta('prt_a', 'a2 '));
    stream.push({ type: 'session.status', properties: { sessionID: 'ses_1', status: { type: 'idle' } } });
    stream.push(delta('prt_a', 'a3'), 'data: not json\n\n');
    for (let i = 0; i < 2_000; i += 1) stream.push(delta('prt_b', '.'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.batches()).toHaveLength(1);

    hub.send({ type: 'ack' });
    await until(() => hub.batches().length === 2, 'the coalesced batch');
    const labels = hub
      .batches()[1]!
      .events.map((event) =>
        event.kind === 'part-delta'
          ? `${event.partId}:${event.delta.length > 20 ? event.delta.length : event.delta}`
          : event.kind,
      );
    expect(labels).toEqual(['prt_a:a1 a2 ', 'prt_b:b1 ', 'session-status', 'prt_a:a3', 'unknown', 'prt_b:2000']);
  });

  it('posts at once while the main thread keeps up, and counts malformed frames through as unknown', async () => {
    const hub = start();
    await until(() => hub.states().includes('live'), 'live');
    hub.live()!.push(delta('prt_a', 'x'), 'data: {"nope": 1}\n\n');
    await until(() => hub.events().length === 2, 'two events');
    hub.live()!.push(delta('prt_a', 'y'));
    await until(() => hub.batches().length === 2, 'a second batch');
    expect(hub.events().map((e) => e.kind)).toEqual(['part-delta', 'unknown', 'part-delta']);
    expect(hub.events()[1]).toMatchObject({ kind: 'unknown', malformed: true });
  });

  it('reconnects with backoff after a drop and reports the gap after the events before it', async () => {
    const first = new ScriptedStream([]);
    const hub = start([first]);
    await until(() => hub.states().includes('live'), 'live');
    hub.port.busy = true;
    // Not acknowledged: the hub holds these back, yet they must reach the main thread before the gap.
    first.push(delta('prt_a', 'one'));
    await until(() => hub.batches().length === 1, 'a batch');
    first.push(delta('prt_a', ' two'));
    first.close();
    await until(() => hub.reports.some((r) => r.type === 'open' && r.afterGap), 'the reopen after the gap');
    expect(hub.states()).toEqual(['connecting', 'live', 'reconnecting', 'connecting', 'live']);
    const order = hub.reports.map((r) => (r.type === 'events' ? `events:${r.events.length}` : r.type));
    expect(order.indexOf('events:1', 1)).toBeLessThan(order.lastIndexOf('open'));
    expect(hub.events().map((e) => (e as EventOf<'part-delta'>).delta)).toEqual(['one', ' two']);
    expect(hub.reports.filter((r) => r.type === 'open').map((r) => (r.type === 'open' ? r.afterGap : null))).toEqual([
      false,
      true,
    ]);
  });

  it('acts on the page signals the main thread forwards: offline drops the stream, online reopens it', async () => {
    const hub = start();
    await until(() => hub.states().includes('live'), 'live');
    hub.send({ type: 'page', signal: 'offline', online: false, visible: true });
    expect(hub.states().at(-1)).toBe('offline');
    hub.send({ type: 'page', signal: 'online', online: true, visible: true });
    await until(() => hub.states().filter((s) => s === 'live').length === 2, 'live again');
    expect(hub.headers).toHaveLength(2);
  });

  it('a "retry" reconnects at once, and after disconnect nothing more is reported', async () => {
    const hub = start([401]);
    await until(() => hub.states().includes('error'), 'the refusal');
    hub.send({ type: 'reconnect', id: 1, reason: 'retry tapped' });
    await until(() => hub.states().at(-1) === 'live', 'live after the retry');
    hub.send({ type: 'disconnect', id: 1 });
    const count = hub.reports.length;
    hub.live()!.push(delta('prt_a', 'late'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(hub.reports).toHaveLength(count);
  });
});
