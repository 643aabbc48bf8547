/**
 * One Server-Sent Events connection over `fetch` + eventsource-parser, so the Authorization header
 * can be sent (a native EventSource cannot). It delivers each message's `data` as text; decoding
 * the frames is the adapter's job (`opencode-events.ts`). Source: OpenCode `GET /event` (per directory; every
 * message is one `data: {json}` line, first `server.connected`, then `server.heartbeat` every
 * 10 s), the same through an OpenWork `/w/:id/opencode/event` proxy (heartbeat every 15 s).
 *
 * It reconnects by itself with backoff and jitter, at once when the browser comes back online or
 * the page becomes visible, and when the stream goes silent for longer than the heartbeat timeout.
 */
import { createParser } from 'eventsource-parser';
import { backoffDelay, type BackoffOptions } from './backoff';
import { HostError } from './errors';
import { windowPage, type PageSource } from './page-signals';

/** The connection state shown in the app chrome. Times are epoch ms. */
export type StreamStatus =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'live'; since: number }
  | { state: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { state: 'offline' }
  | { state: 'error'; reason: string; retryAt: number };

export interface EventStreamOptions {
  /** Full URL of the SSE endpoint. */
  url: string;
  /** The fetch to use; it adds the Authorization header (see `authorizedFetch`). */
  fetch: typeof fetch;
  /** Each SSE message's `data` (one frame of the host's wire format, undecoded). */
  onMessage: (data: string) => void;
  onStatus: (status: StreamStatus) => void;
  /**
   * Called each time the stream is (re)established, with `true` after a gap: the caller re-syncs
   * (invalidates queries, re-lists pending permissions) so nothing missed in the gap stays missing.
   */
  onOpen?: (afterGap: boolean) => void;
  /** Silence longer than this (ms) counts as a dead stream (default 30,000). */
  heartbeatTimeoutMs?: number;
  /**
   * Longest wait (ms) for the response headers of one attempt (default 5,000). It grows by this
   * much after each attempt that ran out of it, up to the heartbeat timeout, so a slow but working
   * network still gets through.
   */
  connectTimeoutMs?: number;
  /**
   * Most bytes (UTF-16 code units) accepted without a complete event (default 64 Mi): a host that
   * streams one endless line would otherwise grow the parser's buffer until the tab dies.
   */
  maxEventBytes?: number;
  /** A stream that ends sooner than this (ms) after opening counts as flapping (default 5,000). */
  stableAfterMs?: number;
  /**
   * For this long (ms) after a live stream dropped (default 120,000), retries wait at most
   * `recentMaxDelayMs` (default 4,000) instead of the backoff's maximum: a host that restarts or a
   * network that blinks is back within seconds, and the app should be too, not 15 s later.
   */
  recentWindowMs?: number;
  recentMaxDelayMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** For tests: the window whose `online`/`offline`/`visibilitychange` events are watched. */
  target?: Window;
  /**
   * Where the page's state and signals come from instead of `target` (the stream worker passes
   * what the main thread forwards to it).
   */
  page?: PageSource;
}

/** Thrown internally to tell a deliberate stop from a failure. */
const STOPPED = 'stopped';

/**
 * A self-healing SSE connection. Call {@link EventStream.start} once and
 * {@link EventStream.stop} when the host is forgotten.
 */
export class EventStream {
  private readonly options: EventStreamOptions;
  /** Stops listening to the page's online/offline/visibility signals (set while running). */
  private unlisten: (() => void) | undefined;
  private controller: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  /** Consecutive streams that opened and ended within `stableAfterMs`: they grow the backoff too. */
  private quickCloses = 0;
  /** Consecutive attempts that got no response headers in time. */
  private connectTimeouts = 0;
  private openedAt = 0;
  /** When the last live stream ended (epoch ms), 0 when none did. */
  private droppedAt = 0;
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
    if (!this.page().visible()) return;
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
    this.unlisten = this.page().listen({
      online: this.onOnline,
      offline: this.onOffline,
      visibility: this.onVisibility,
    });
    void this.connect();
  }

  /** Closes the stream for good and removes every listener and timer. */
  stop(): void {
    this.running = false;
    this.unlisten?.();
    this.unlisten = undefined;
    this.clearRetry();
    this.clearSilence();
    this.abortCurrent();
    this.openedAt = 0;
    this.droppedAt = 0;
    this.quickCloses = 0;
    this.connectTimeouts = 0;
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

  private page(): PageSource {
    return this.options.page ?? windowPage(this.options.target ?? (typeof window !== 'undefined' ? window : undefined));
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

  private armSilence(controller: AbortController, ms = this.heartbeatTimeoutMs(), reason = 'silent'): void {
    this.clearSilence();
    this.silenceTimer = setTimeout(() => controller.abort(reason), ms);
  }

  private async connect(_reason?: string): Promise<void> {
    if (!this.page().online()) {
      this.setStatus({ state: 'offline' });
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    // Bounds the wait for response headers: a request a dead network holds open, or one OpenCode
    // accepted while it was still starting (it never answers those: observed with 1.18.33 during
    // a restart), must not leave the app "connecting" for long. Headers normally take < 1 s.
    const connectTimeout = (this.options.connectTimeoutMs ?? 5_000) * (1 + this.connectTimeouts);
    this.armSilence(controller, Math.min(connectTimeout, this.heartbeatTimeoutMs()), 'connect-timeout');
    let failure: string;
    let fatal = false;
    try {
      const response = await this.options.fetch(this.options.url, {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      this.connectTimeouts = 0;
      const contentType = response.headers.get('content-type') ?? '';
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        // Not followed (authorizedFetch: `redirect: 'manual'`): a captive portal or a moved host.
        fatal = true;
        failure =
          'the host answered the event stream with a redirect: sign in to this network (captive portal) or pair with the new address';
      } else if (!response.ok || !response.body) {
        fatal = response.status === 401 || response.status === 403;
        failure = fatal
          ? `the host refused the event stream (${response.status}): check the token`
          : `the event stream answered ${response.status}`;
      } else if (contentType && !/event-stream/i.test(contentType)) {
        // A web page (a sign-in page, a proxy's error page) is not a stream: reading it would
        // count as "live", end at once, and reconnect in a tight loop.
        failure = `the event stream answered ${contentType.split(';')[0]} instead of events (a proxy or a sign-in page in the way?)`;
        void response.body.cancel().catch(() => undefined);
      } else {
        failure = await this.read(response.body, controller);
      }
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      failure =
        reason === 'silent'
          ? 'no heartbeat from the host'
          : reason === 'connect-timeout'
            ? 'the host took the connection but did not answer in time'
            : error instanceof Error
              ? error.message
              : String(error);
      // authorizedFetch refused to send (a redirect while carrying a token): retrying soon will
      // not change the host's answer.
      if (error instanceof HostError) fatal = true;
      if (reason === 'connect-timeout') {
        // The wait itself was the backoff: try again soon, with a longer wait for headers.
        this.connectTimeouts += 1;
        this.attempt = 0;
      }
    }
    if (controller !== this.controller || controller.signal.reason === STOPPED || !this.running) return;
    this.clearSilence();
    this.controller = undefined;
    if (this.openedAt) {
      // A stream that keeps opening and dropping at once must not reconnect (and re-sync
      // everything) every half second: from the second quick drop on, back off as for failures.
      this.quickCloses = Date.now() - this.openedAt < (this.options.stableAfterMs ?? 5_000) ? this.quickCloses + 1 : 0;
      this.attempt = Math.max(this.attempt, this.quickCloses - 1);
      this.openedAt = 0;
      this.droppedAt = Date.now();
    }
    this.scheduleRetry(failure, fatal);
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<string> {
    const maxEventBytes = this.options.maxEventBytes ?? 64 * 1024 * 1024;
    let pendingBytes = 0;
    const parser = createParser({
      onEvent: (message) => {
        pendingBytes = 0;
        // What a frame means is the wire format's adapter's business (opencode-events.ts).
        this.options.onMessage(message.data);
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
        const text = decoder.decode(value, { stream: true });
        pendingBytes += text.length;
        parser.feed(text);
        if (pendingBytes > maxEventBytes) {
          controller.abort('oversized');
          const limit =
            maxEventBytes >= 1024 * 1024
              ? `${Math.round(maxEventBytes / 1024 / 1024)} MB`
              : `${Math.ceil(maxEventBytes / 1024)} KB`;
          return `the host sent more than ${limit} without a complete event`;
        }
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
    this.openedAt = Date.now();
    this.lastDataAt = Date.now();
    this.setStatus({ state: 'live', since: Date.now() });
    this.options.onOpen?.(afterGap);
  }

  private scheduleRetry(reason: string, fatal: boolean): void {
    const recent =
      !fatal && this.droppedAt > 0 && Date.now() - this.droppedAt < (this.options.recentWindowMs ?? 120_000);
    const backoff = recent
      ? {
          ...this.options.backoff,
          maxMs: Math.min(this.options.backoff?.maxMs ?? 30_000, this.options.recentMaxDelayMs ?? 4_000),
        }
      : this.options.backoff;
    const delay = backoffDelay(fatal ? Math.max(this.attempt, 6) : this.attempt, backoff, this.options.random);
    this.attempt += 1;
    const retryAt = Date.now() + delay;
    this.setStatus(
      fatal ? { state: 'error', reason, retryAt } : { state: 'reconnecting', attempt: this.attempt, retryAt, reason },
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}
