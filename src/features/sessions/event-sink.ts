/**
 * Coalesces streamed text: `part-delta` events are buffered and applied once per
 * animation frame (one cache write per part per frame instead of one per token), so a stream of
 * thousands of deltas a second costs one render a frame. Any other event first flushes what is
 * buffered, so the order the host sent is the order the cache sees.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { EventOf, HostEvent } from '@/domain';
import { applySessionEvent } from './events';

/**
 * How the sink waits for the next frame; replaceable in tests. `request` returns the function that
 * cancels that one wait (a frame handle and a timer id are separate number spaces, so one `cancel`
 * taking a bare number could clear somebody else's timer).
 */
export interface FrameScheduler {
  request: (callback: () => void) => () => void;
}

/**
 * rAF while visible; a 50 ms timer otherwise (browsers pause rAF in hidden tabs, and the text must
 * still be current when the user comes back).
 */
const defaultScheduler: FrameScheduler = {
  request: (callback) => {
    if (
      typeof document !== 'undefined' &&
      document.visibilityState === 'visible' &&
      typeof requestAnimationFrame === 'function'
    ) {
      const frame = requestAnimationFrame(callback);
      return () => cancelAnimationFrame(frame);
    }
    const timer = setTimeout(callback, 50);
    return () => clearTimeout(timer);
  },
};

/** A function that takes every event of one host and keeps its sessions cache current. */
export interface SessionEventSink {
  /** Returns true when the event belongs to sessions (it is applied now or at the next frame). */
  (event: HostEvent): boolean;
  /** Applies everything buffered now. */
  flush: () => void;
  /** Drops the pending frame (on unsubscribe); buffered deltas are applied first. */
  dispose: () => void;
}

export function createSessionEventSink(
  queryClient: QueryClient,
  hostId: string,
  scheduler: FrameScheduler = defaultScheduler,
): SessionEventSink {
  // partID:field → the merged delta event (same session, message and field; deltas concatenated).
  const pending = new Map<string, EventOf<'part-delta'>>();
  let cancelFrame: (() => void) | undefined;

  const flush = () => {
    cancelFrame?.();
    cancelFrame = undefined;
    const events = [...pending.values()];
    pending.clear();
    for (const event of events) applySessionEvent(queryClient, hostId, event);
  };

  const sink = ((event: HostEvent) => {
    if (event.kind === 'part-delta') {
      const key = `${event.partId}:${event.field}`;
      const previous = pending.get(key);
      if (previous) pending.set(key, { ...previous, delta: previous.delta + event.delta });
      else pending.set(key, event);
      cancelFrame ??= scheduler.request(flush);
      return true;
    }
    if (pending.size > 0) flush();
    return applySessionEvent(queryClient, hostId, event);
  }) as SessionEventSink;
  sink.flush = flush;
  sink.dispose = flush;
  return sink;
}
