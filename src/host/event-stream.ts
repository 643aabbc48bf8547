/**
 * One Server-Sent Events connection over `fetch` + eventsource-parser, so the Authorization header
 * can be sent (a native EventSource cannot). Source: OpenCode `GET /event` (per directory; every
 * message is one `data: {json}` line, first `server.connected`, then `server.heartbeat` every
 * 10 s), the same through an OpenWork `/w/:id/opencode/event` proxy (heartbeat every 15 s).
 *
 * It reconnects by itself with backoff and jitter, at once when the browser comes back online or
 * the page becomes visible, and when the stream goes silent for longer than the heartbeat timeout.
 */
import { createParser } from 'eventsource-parser';
import { backoffDelay, type BackoffOptions } from './backoff';

/** The connection state shown in the app chrome. Times are epoch ms. */
export type StreamStatus =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'live'; since: number }
  | { state: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { state: 'offline' }
  | { state: 'error'; reason: string; retryAt: number };

/** A parsed event: `{ type, properties }` as OpenCode sends it (other fields are kept). */
export interface StreamEvent {
  type: string;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

export interface EventStreamOptions {
  /** Full URL of the SSE endpoint. */
  url: string;
  /** The fetch to use; it adds the Authorization header (see `authorizedFetch`). */
  fetch: typeof fetch;
  onEvent: (event: StreamEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /**
   * Called each time the stream is (re)established, with `true` after a gap: the caller re-syncs
   * (invalidates queries, re-lists pending permissions) so nothing missed in the gap stays missing.
   */
  onOpen?: (afterGap: boolean) => void;
  /** Silence longer than this (ms) counts as a dead stream (default 30,000). */
  heartbeatTimeoutMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** For tests: the window whose `online`/`offline`/`visibilitychange` events are watched. */
  target?: Window;
}

/** Thrown internally to tell a deliberate stop from a failure. */
const STOPPED = 'stopped';

/**
 * A self-healing SSE connection. Call {@link EventStream.start} once and
 * {@link EventStream.stop} when the host is forgotten.
 */
export class EventStream {
  private readonly options: EventStreamOptions;
  private controller: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private running = false;
  private everOpened = false;
  private lastDataAt = 0;
  private status: StreamStatus = { state: 'idle' };
  private readonly onOnline = () => {
    // A live stream survived the blip; dropping it would only force a needless re-sync.
    if (this.status.state !== 'live') this.reconnectNow('back online');
  };
  private readonly onOffline = () => {
    this.abortCurrent();
    this.clearRetry();
    this.clearSilence();
    this.setStatus({ state: 'offline' });
  };
  private readonly onVisibility = () => {
    const doc = this.target()?.document;
    if (doc?.visibilityState !== 'visible') return;
    const silentFor = Date.now() - this.lastDataAt;
    if (this.status.state !== 'live' || silentFor > this.heartbeatTimeoutMs()) this.reconnectNow('page visible again');
  };

  constructor(options: EventStreamOptions) {
    this.options = options;
  }

  /** The current state. */
  get current(): StreamStatus {
    return this.status;
  }

  /** Opens the stream and keeps it open until {@link stop}. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const target = this.target();
    target?.addEventListener('online', this.onOnline);
    target?.addEventListener('offline', this.onOffline);
    target?.document?.addEventListener('visibilitychange', this.onVisibility);
    void this.connect();
  }

  /** Closes the stream for good and removes every listener and timer. */
  stop(): void {
    this.running = false;
    const target = this.target();
    target?.removeEventListener('online', this.onOnline);
    target?.removeEventListener('offline', this.onOffline);
    target?.document?.removeEventListener('visibilitychange', this.onVisibility);
    this.clearRetry();
    this.clearSilence();
    this.abortCurrent();
    this.setStatus({ state: 'idle' });
  }

  /** Drops any wait and reconnects now (used on `online`, on page visible, and by a "retry" tap). */
  reconnectNow(reason = 'reconnect requested'): void {
    if (!this.running) return;
    this.clearRetry();
    this.abortCurrent();
    this.attempt = 0;
    void this.connect(reason);
  }

  private target(): Window | undefined {
    return this.options.target ?? (typeof window !== 'undefined' ? window : undefined);
  }

  private heartbeatTimeoutMs(): number {
    return this.options.heartbeatTimeoutMs ?? 30_000;
  }

  private setStatus(status: StreamStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }

  private abortCurrent(): void {
    this.controller?.abort(STOPPED);
    this.controller = undefined;
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private clearSilence(): void {
    if (this.silenceTimer !== undefined) clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
  }

  private armSilence(controller: AbortController): void {
    this.clearSilence();
    this.silenceTimer = setTimeout(() => controller.abort('silent'), this.heartbeatTimeoutMs());
  }

  private async connect(_reason?: string): Promise<void> {
    const target = this.target();
    if (target?.navigator && target.navigator.onLine === false) {
      this.setStatus({ state: 'offline' });
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    // Also bounds the wait for response headers: a request a dead network holds open must not
    // leave the app "connecting" forever.
    this.armSilence(controller);
    let failure: string;
    let fatal = false;
    try {
      const response = await this.options.fetch(this.options.url, {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        fatal = response.status === 401 || response.status === 403;
        failure = fatal ? `the host refused the event stream (${response.status}): check the token` : `the event stream answered ${response.status}`;
      } else {
        failure = await this.read(response.body, controller);
      }
    } catch (error) {
      failure = controller.signal.reason === 'silent' ? 'no heartbeat from the host' : error instanceof Error ? error.message : String(error);
    }
    if (controller !== this.controller || controller.signal.reason === STOPPED || !this.running) return;
    this.clearSilence();
    this.controller = undefined;
    this.scheduleRetry(failure, fatal);
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<string> {
    const parser = createParser({
      onEvent: (message) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(message.data);
        } catch {
          // A malformed line is skipped, not fatal: one bad frame must not drop the stream.
          return;
        }
        if (typeof parsed !== 'object' || parsed === null) return;
        const record = parsed as Record<string, unknown>;
        // `/global/event` wraps events as {directory, payload}; `/event` sends them bare.
        const event = (typeof record.payload === 'object' && record.payload !== null ? record.payload : record) as Record<string, unknown>;
        if (typeof event.type !== 'string') return;
        const properties = typeof event.properties === 'object' && event.properties !== null ? (event.properties as Record<string, unknown>) : {};
        this.options.onEvent({ ...event, type: event.type, properties });
      },
    });
    const reader = body.getReader();
    // Browsers error the body when the fetch is aborted; other fetch implementations may not, so
    // cancel the reader too and never hang on a read after an abort.
    const cancel = () => void reader.cancel().catch(() => undefined);
    controller.signal.addEventListener('abort', cancel, { once: true });
    const decoder = new TextDecoder();
    this.armSilence(controller);
    this.opened();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'the host closed the event stream';
        this.lastDataAt = Date.now();
        this.armSilence(controller);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      controller.signal.removeEventListener('abort', cancel);
      reader.releaseLock();
    }
  }

  private opened(): void {
    const afterGap = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.lastDataAt = Date.now();
    this.setStatus({ state: 'live', since: Date.now() });
    this.options.onOpen?.(afterGap);
  }

  private scheduleRetry(reason: string, fatal: boolean): void {
    const delay = backoffDelay(fatal ? Math.max(this.attempt, 6) : this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    const retryAt = Date.now() + delay;
    this.setStatus(fatal ? { state: 'error', reason, retryAt } : { state: 'reconnecting', attempt: this.attempt, retryAt, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}
