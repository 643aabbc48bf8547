import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Part } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import { sessionKeys, type MessageWithParts, type TranscriptWindow } from './api';
import { createSessionEventSink, type FrameScheduler } from './event-sink';

function manualFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const scheduler: FrameScheduler = {
    request: (callback) => {
      const handle = next++;
      callbacks.set(handle, callback);
      return () => void callbacks.delete(handle);
    },
  };
  return {
    scheduler,
    pending: () => callbacks.size,
    runFrame: () => {
      const all = [...callbacks.values()];
      callbacks.clear();
      all.forEach((callback) => callback());
    },
  };
}

function seeded() {
  const queryClient = new QueryClient();
  const text: Part = { id: 'prt_1', sessionID: 'ses_1', messageID: 'msg_2', type: 'text', text: '' };
  const messages: MessageWithParts[] = [
    { info: { id: 'msg_2', sessionID: 'ses_1', role: 'assistant' } as MessageWithParts['info'], parts: [text] },
  ];
  const loaded: TranscriptWindow = { messages, earlier: { kind: 'none' } };
  queryClient.setQueryData(sessionKeys.messages('h', 'ses_1'), loaded);
  const read = () =>
    (
      queryClient.getQueryData<TranscriptWindow>(sessionKeys.messages('h', 'ses_1'))!.messages[0]!.parts[0] as Part & {
        text: string;
      }
    ).text;
  return { queryClient, read };
}

const delta = (text: string) =>
  opencodeEvent('message.part.delta', {
    sessionID: 'ses_1',
    messageID: 'msg_2',
    partID: 'prt_1',
    field: 'text',
    delta: text,
  });

describe('createSessionEventSink', () => {
  it('applies a burst of deltas at the next frame, in order, as one cache write', () => {
    const { queryClient, read } = seeded();
    const frames = manualFrames();
    const sink = createSessionEventSink(queryClient, 'h', frames.scheduler);
    let writes = 0;
    queryClient.getQueryCache().subscribe((e) => {
      if (e.type === 'updated') writes += 1;
    });
    for (const word of ['Hel', 'lo', ', ', 'world']) sink(delta(word));
    expect(read()).toBe('');
    expect(frames.pending()).toBe(1);
    frames.runFrame();
    expect(read()).toBe('Hello, world');
    expect(writes).toBe(1);
  });

  it('flushes buffered text before any other event, so the host order is kept', () => {
    const { queryClient, read } = seeded();
    const frames = manualFrames();
    const sink = createSessionEventSink(queryClient, 'h', frames.scheduler);
    sink(delta('partial'));
    // The final part.updated carries the full text; it must win over the buffered delta.
    sink(
      opencodeEvent('message.part.updated', {
        sessionID: 'ses_1',
        part: { id: 'prt_1', sessionID: 'ses_1', messageID: 'msg_2', type: 'text', text: 'final text' },
      }),
    );
    expect(read()).toBe('final text');
    frames.runFrame();
    expect(read()).toBe('final text');
  });

  it('says which events are its own', () => {
    const { queryClient } = seeded();
    const sink = createSessionEventSink(queryClient, 'h', manualFrames().scheduler);
    expect(sink(delta('x'))).toBe(true);
    expect(sink(opencodeEvent('permission.asked', { id: 'per_1', sessionID: 'ses_1', permission: 'edit' }))).toBe(
      false,
    );
  });

  describe('with the browser scheduler', () => {
    afterEach(() => vi.unstubAllGlobals());

    it("cancelling a frame leaves the page's timers alone (a frame handle may equal a timer id)", () => {
      const { queryClient, read } = seeded();
      const frameCallbacks = new Map<number, () => void>();
      vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
        frameCallbacks.set(7, callback);
        return 7;
      });
      vi.stubGlobal('cancelAnimationFrame', (handle: number) => frameCallbacks.delete(handle));
      // A timer of somebody else's (a query's retry, a health check) that happens to have id 7.
      const otherTimer = vi.fn();
      const timers = new Map<number, () => void>([[7, otherTimer]]);
      vi.stubGlobal('clearTimeout', (id: number) => timers.delete(id));

      const sink = createSessionEventSink(queryClient, 'h');
      sink(delta('streamed'));
      expect(frameCallbacks.size).toBe(1);
      // Any other event flushes the buffered text and cancels the pending frame.
      sink(opencodeEvent('session.status', { sessionID: 'ses_1', status: { type: 'busy' } }));
      expect(read()).toBe('streamed');
      expect(frameCallbacks.size).toBe(0);
      timers.get(7)?.();
      expect(otherTimer).toHaveBeenCalledTimes(1);
    });
  });
});
