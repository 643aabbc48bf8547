/**
 * The main thread's side when the stream worker cannot start (its chunk failed to load, a policy
 * refused it): the streams move to the main thread instead of leaving the host without events.
 */
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { HostEvent } from '@/domain';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import type { StreamStatus } from './event-stream';
import { openHostStream } from './stream-client';

const EVENT_URL = 'http://127.0.0.1:4121/event';

/** A worker whose script never runs: it reports an error and hears nothing. */
class BrokenWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  terminated = false;
  constructor() {
    setTimeout(() => this.onerror?.(new Event('error', { cancelable: true })), 5);
  }
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
}
vi.stubGlobal('Worker', BrokenWorker);

describe('a stream worker that does not start', () => {
  it('runs the stream on the main thread: it connects, goes live and delivers events', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const scripted = new ScriptedStream([]);
    server.use(http.get(EVENT_URL, () => scripted.response()));
    const statuses: StreamStatus['state'][] = [];
    const events: HostEvent[] = [];
    const stream = openHostStream(EVENT_URL, undefined, {
      onEvents: (batch) => events.push(...batch),
      onStatus: (status) => statuses.push(status.state),
      onOpen: () => undefined,
    });
    stream.start();
    await vi.waitFor(() => expect(stream.current.state).toBe('live'));
    scripted.push({ type: 'session.idle', properties: { sessionID: 'ses_1' } });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/worker did not start/));
    stream.stop();
    expect(statuses.at(-1)).toBe('idle');
    warn.mockRestore();
  });
});
