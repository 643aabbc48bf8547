/**
 * The host connections' event streams, wherever they run: in the stream worker (`stream.worker.ts`)
 * or, where `Worker` is missing, on the main thread (`stream-client.ts` loads this module then).
 * It owns reading each `GET /event`, SSE parsing, decoding frames into {@link HostEvent}s and
 * coalescing streamed text, and reports to the main thread by messages only ({@link HubReport}),
 * so it needs no DOM: the page's online/visibility state is forwarded to it ({@link HubRequest}).
 *
 * Events are posted as one batch per stream when the main thread is idle; while a batch is not yet
 * acknowledged (the main thread is busy applying it, or rendering), new events wait and are
 * coalesced, so a burst of thousands of deltas reaches the main thread as a few small batches.
 */
import type { HostEvent } from '@/domain';
import { coalesceDeltas } from './event-batch';
import { EventStream, type EventStreamOptions, type StreamStatus } from './event-stream';
import { authorizedFetch, type Authorization } from './http';
import { decodeOpencodeFrame } from './opencode-events';
import type { PageSignalHandlers, PageSource } from './page-signals';

/** What the main thread asks of the hub. `id` names one stream of one host connection. */
export type HubRequest =
  /** Opens (and keeps open) a stream; the Authorization is sent only to its own origin. */
  | { type: 'connect'; id: number; url: string; authorization?: Authorization }
  /** Closes a stream for good; nothing more is reported for its id. */
  | { type: 'disconnect'; id: number }
  /** Drops any wait and reconnects now (a "retry" tap, the OpenWork host answering again). */
  | { type: 'reconnect'; id: number; reason: string }
  /** The page's state, and which signal changed it (`state`: none, only the current values). */
  | { type: 'page'; signal: 'online' | 'offline' | 'visibility' | 'state'; online: boolean; visible: boolean }
  /** The main thread applied one `events` report: the next batch may be posted. */
  | { type: 'ack' };

/** What the hub tells the main thread. Reports of one stream arrive in the order they happened. */
export type HubReport =
  /** Decoded events, deltas coalesced; `unknown` ones included so the main thread can count them. */
  | { type: 'events'; id: number; events: HostEvent[] }
  | { type: 'status'; id: number; status: StreamStatus }
  /** The stream (re)opened; `afterGap` after a drop, when the main thread re-syncs. */
  | { type: 'open'; id: number; afterGap: boolean };

/** The hub's side of the channel. */
export interface StreamHub {
  /** Handles one request from the main thread. */
  receive: (request: HubRequest) => void;
}

/** For tests: options passed to every {@link EventStream} (timings, backoff, randomness, fetch). */
export type HubStreamOptions = Partial<Omit<EventStreamOptions, 'url' | 'onMessage' | 'onStatus' | 'onOpen' | 'page'>>;

/** Past this many waiting events of one stream, they are coalesced at once to bound memory. */
const COMPACT_AT = 4_096;

/**
 * Creates a hub that posts its reports with `post` (the worker's `postMessage`, or a direct call
 * on the main thread). It holds no state but its streams; drop it after disconnecting them all.
 */
export function createStreamHub(post: (report: HubReport) => void, streamOptions: HubStreamOptions = {}): StreamHub {
  const streams = new Map<number, EventStream>();
  const pending = new Map<number, HostEvent[]>();
  /** `events` reports posted and not yet acknowledged. */
  let inFlight = 0;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const pageState = { online: true, visible: true };
  const pageHandlers = new Set<PageSignalHandlers>();
  const page: PageSource = {
    listen: (handlers) => {
      pageHandlers.add(handlers);
      return () => pageHandlers.delete(handlers);
    },
    online: () => pageState.online,
    visible: () => pageState.visible,
  };

  const postEvents = (id: number) => {
    const events = pending.get(id);
    pending.delete(id);
    compactAt.delete(id);
    if (!events || events.length === 0) return;
    inFlight += 1;
    post({ type: 'events', id, events: coalesceDeltas(events) });
  };

  const flush = () => {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    for (const id of [...pending.keys()]) postEvents(id);
  };

  // A macrotask later, so every frame of the network chunk being parsed now goes in one batch.
  const scheduleFlush = () => {
    if (inFlight === 0 && flushTimer === undefined && pending.size > 0) flushTimer = setTimeout(flush, 0);
  };

  /** Per stream: the waiting-event count at which to coalesce next (it doubles when little merges). */
  const compactAt = new Map<number, number>();

  const queue = (id: number, event: HostEvent) => {
    let events = pending.get(id);
    if (!events) pending.set(id, (events = []));
    events.push(event);
    if (events.length >= (compactAt.get(id) ?? COMPACT_AT)) {
      const compacted = coalesceDeltas(events);
      pending.set(id, compacted);
      compactAt.set(id, Math.max(COMPACT_AT, compacted.length * 2));
    }
    scheduleFlush();
  };

  // A status or an open ends what came before it: its events go first, so the main thread sees
  // them in the order they happened (a re-sync after a gap must not be overtaken by older events).
  const report = (message: Extract<HubReport, { type: 'status' | 'open' }>) => {
    postEvents(message.id);
    post(message);
  };

  const connect = (request: Extract<HubRequest, { type: 'connect' }>) => {
    streams.get(request.id)?.stop();
    const { id } = request;
    const stream: EventStream = new EventStream({
      ...streamOptions,
      fetch: authorizedFetch(request.authorization, streamOptions.fetch),
      url: request.url,
      page,
      onMessage: (data) => {
        if (streams.get(id) === stream) queue(id, decodeOpencodeFrame(data));
      },
      onStatus: (status) => {
        if (streams.get(id) === stream) report({ type: 'status', id, status });
      },
      onOpen: (afterGap) => {
        if (streams.get(id) === stream) report({ type: 'open', id, afterGap });
      },
    });
    streams.set(id, stream);
    stream.start();
  };

  const receive = (request: HubRequest) => {
    switch (request.type) {
      case 'connect':
        connect(request);
        return;
      case 'disconnect': {
        const stream = streams.get(request.id);
        // Deleted first: its last status ('idle') is not reported, the main thread already knows.
        streams.delete(request.id);
        pending.delete(request.id);
        stream?.stop();
        return;
      }
      case 'reconnect':
        streams.get(request.id)?.reconnectNow(request.reason);
        return;
      case 'page':
        pageState.online = request.online;
        pageState.visible = request.visible;
        for (const handlers of [...pageHandlers]) {
          if (request.signal === 'online') handlers.online();
          else if (request.signal === 'offline') handlers.offline();
          else if (request.signal === 'visibility') handlers.visibility();
        }
        return;
      case 'ack':
        inFlight = Math.max(0, inFlight - 1);
        // The main thread is free again: what gathered while it was busy goes now, coalesced.
        if (inFlight === 0) flush();
        return;
    }
  };

  return { receive };
}
