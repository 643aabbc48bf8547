/**
 * The main thread's side of the host event streams. The streams themselves (reading, SSE parsing,
 * decoding, delta coalescing: `stream-hub.ts`) run in one dedicated Web Worker shared by every
 * host, so a burst of events never blocks the main thread; where `Worker` is missing (old
 * browsers, unit tests under jsdom) the same hub is loaded lazily and runs here instead, behind the
 * same interface. Either way the main thread forwards the page's online/offline/visibility signals
 * and acknowledges each batch, which lets the hub coalesce while the main thread is busy.
 */
import type { HostEvent } from '@/domain';
import type { StreamStatus } from './event-stream';
import type { Authorization } from './http';
import { listenToPage } from './page-signals';
import type { HubReport, HubRequest } from './stream-hub';

/** What a host connection hears from its stream. */
export interface StreamHandlers {
  /** A batch of decoded events in the host's order (deltas coalesced; `unknown` ones included). */
  onEvents: (events: readonly HostEvent[]) => void;
  onStatus: (status: StreamStatus) => void;
  /** Each (re)open; `afterGap` after a drop, when the caller re-syncs. */
  onOpen: (afterGap: boolean) => void;
}

/** One host's event stream, as the main thread drives it. */
export interface StreamHandle {
  /** Opens the stream (`GET` on `url`) and keeps it open until {@link stop}. Idempotent. */
  start: () => void;
  /** Closes it for good; nothing more is heard from it. */
  stop: () => void;
  /** Drops any backoff wait and reconnects now. */
  reconnectNow: (reason: string) => void;
  /** The last status reported (`idle` before start and after stop). */
  readonly current: StreamStatus;
}

const IDLE: StreamStatus = { state: 'idle' };
type ConnectRequest = Extract<HubRequest, { type: 'connect' }>;
/** The open streams: what they hear, their last status, and how to connect them again. */
const handlers = new Map<number, StreamHandlers & { status: StreamStatus; connect: ConnectRequest }>();
let nextId = 1;
let send: ((request: HubRequest) => void) | undefined;

function receive(report: HubReport): void {
  const stream = handlers.get(report.id);
  if (report.type === 'events') {
    // Acknowledged even when it throws or the stream was stopped meanwhile: the hub waits for it.
    try {
      stream?.onEvents(report.events);
    } finally {
      send?.({ type: 'ack' });
    }
  } else if (report.type === 'open') stream?.onOpen(report.afterGap);
  else if (stream) {
    stream.status = report.status;
    stream.onStatus(report.status);
  }
}

function pageState(signal: Extract<HubRequest, { type: 'page' }>['signal']): HubRequest {
  return { type: 'page', signal, online: navigator.onLine, visible: document.visibilityState === 'visible' };
}

/** The hub on this thread: requests wait in order until its module is here (a lazy chunk). */
function inThread(): (request: HubRequest) => void {
  const waiting: HubRequest[] = [];
  void import('./stream-hub').then(({ createStreamHub }) => {
    const hubHere = createStreamHub(receive);
    send = (request) => hubHere.receive(request);
    waiting.forEach(send);
  });
  return (request) => waiting.push(request);
}

/** Starts the hub (a worker, or in this thread) on first use, and forwards the page's signals to it. */
function hub(): (request: HubRequest) => void {
  if (send) return send;
  if (typeof Worker === 'function') {
    const worker = new Worker(new URL('./stream.worker.ts', import.meta.url), { type: 'module' });
    let heard = false;
    worker.onmessage = (event: MessageEvent<HubReport>) => {
      heard = true;
      receive(event.data);
    };
    // The worker did not start (its chunk failed to load, a policy refused it): run the streams
    // here instead of leaving every host without events. Once it ran, its streams report their own.
    worker.onerror = (event) => {
      if (heard) return;
      event.preventDefault();
      console.warn('The event-stream worker did not start; streams run on the main thread instead.');
      worker.terminate();
      send = inThread();
      send(pageState('state'));
      for (const stream of handlers.values()) send(stream.connect);
    };
    send = (request) => worker.postMessage(request);
  } else send = inThread();
  if (typeof window !== 'undefined') {
    send(pageState('state'));
    const forward = (signal: 'online' | 'offline' | 'visibility') => () => send?.(pageState(signal));
    listenToPage(window, { online: forward('online'), offline: forward('offline'), visibility: forward('visibility') });
  }
  return send;
}

/**
 * A handle on one event stream of `url` (OpenCode `GET /event`, or an OpenWork host's proxy of it).
 * `authorization` goes to the hub with the request and is sent only to its own origin.
 */
export function openHostStream(
  url: string,
  authorization: Authorization | undefined,
  on: StreamHandlers,
): StreamHandle {
  const id = nextId++;
  const connect: ConnectRequest = { type: 'connect', id, url, ...(authorization ? { authorization } : {}) };
  const stream = { ...on, status: IDLE, connect };
  return {
    start: () => {
      if (handlers.has(id)) return;
      handlers.set(id, stream);
      hub()(connect);
    },
    stop: () => {
      if (!handlers.delete(id)) return;
      hub()({ type: 'disconnect', id });
      stream.status = IDLE;
      on.onStatus(IDLE);
    },
    reconnectNow: (reason) => {
      if (handlers.has(id)) hub()({ type: 'reconnect', id, reason });
    },
    get current() {
      return stream.status;
    },
  };
}
