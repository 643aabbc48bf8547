/**
 * Watches whether an OpenWork host itself answers, by polling its `GET /health` (no auth; JSON
 * `{ok: true, …}`). The engine's event stream cannot tell: when the host reports an engine URL
 * (no proxy), OpenCode keeps streaming while the OpenWork server is down, and every host route
 * fails. Through the proxy both fail together, and this watch says which part is the cause.
 *
 * It polls every `upIntervalMs` while the host answers and every `downIntervalMs` while it does
 * not, only while the page is visible and the browser online (a hidden page costs nothing; it
 * checks at once when the page shows again or the network returns), and at once on
 * {@link HostWatch.checkNow} (a host query failed, the engine stream dropped, a "retry" tap).
 */
import { attempt, type Attempt } from './http';
import { isRecord } from './shapes';
import { listenToPage } from './page-signals';

/** Whether the host answers its health check. Times are epoch ms. */
export type HostReachability =
  /** Not checked yet (or the watch is stopped). */
  | { state: 'unknown' }
  | { state: 'up'; since: number }
  /** `reason` names the failed check; `retryAt` is when the next check is due (0 while the page is hidden). */
  | { state: 'down'; since: number; reason: string; retryAt: number };

/** Options of a {@link HostWatch}. */
export interface HostWatchOptions {
  /** Full URL of the host's health route (`<paired url>/health`). */
  url: string;
  /** The fetch to use (it must send no credentials: the route needs none). */
  fetch: typeof fetch;
  onStatus: (status: HostReachability) => void;
  /** Called once each time the host answers again after it was down. */
  onRecover?: () => void;
  /** ms between checks while the host answers (default 3,000): an outage shows within about that long. */
  upIntervalMs?: number;
  /** ms between checks while it does not (default 2,000). */
  downIntervalMs?: number;
  /** Longest wait for one answer, in ms (default 4,000): `/health` does no work, so a slow one counts as down. */
  timeoutMs?: number;
  /** For tests: the window whose `online`/`offline`/`visibilitychange` events are watched. */
  target?: Window;
}

/** Why an answer of `GET /health` does not show a working host, or undefined when it does. */
export function healthFailure(result: Attempt, timeoutMs: number): string | undefined {
  switch (result.type) {
    case 'response':
      if (result.status < 200 || result.status >= 300) return `GET /health answered ${result.status}`;
      return isRecord(result.json) && result.json.ok === true ? undefined : 'GET /health did not answer ok: true';
    case 'redirect':
      return 'GET /health answered with a redirect';
    case 'timeout':
      return `GET /health did not answer within ${Math.round(timeoutMs / 1000)} s`;
    case 'network':
      return 'the host could not be reached';
    case 'aborted':
      return 'the check was cancelled';
  }
}

/** Polls one host's `/health`. Call {@link HostWatch.start} once and {@link HostWatch.stop} when done. */
export class HostWatch {
  private readonly options: HostWatchOptions;
  /** Stops listening to the page's online/offline/visibility signals (set while running). */
  private unlisten: (() => void) | undefined;
  private status: HostReachability = { state: 'unknown' };
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  /** Bumped by stop(): an answer to a check started before it is ignored. */
  private generation = 0;
  private readonly onOnline = () => this.checkNow();
  private readonly onOffline = () => {
    // Offline is the browser's to say (the event stream shows it); no check can succeed meanwhile.
    this.cancelCheck();
    this.clearTimer();
  };
  private readonly onVisibility = () => {
    if (this.visible()) this.checkNow();
    else this.clearTimer();
  };

  constructor(options: HostWatchOptions) {
    this.options = options;
  }

  /** The last known state. */
  get current(): HostReachability {
    return this.status;
  }

  /** Starts watching: checks now, then on the intervals. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = listenToPage(this.target(), {
      online: this.onOnline,
      offline: this.onOffline,
      visibility: this.onVisibility,
    });
    this.checkNow();
  }

  /** Stops every check and listener; the state goes back to `unknown`. */
  stop(): void {
    this.running = false;
    this.generation += 1;
    this.unlisten?.();
    this.unlisten = undefined;
    this.cancelCheck();
    this.clearTimer();
    this.setStatus({ state: 'unknown' });
  }

  /**
   * Checks now instead of at the next interval. A check already under way is not repeated: its
   * answer is as fresh as a new one would be.
   */
  checkNow(): void {
    if (!this.running || this.controller) return;
    this.clearTimer();
    if (!this.visible() || this.target()?.navigator?.onLine === false) return;
    void this.check();
  }

  private async check(): Promise<void> {
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const timeoutMs = this.options.timeoutMs ?? 4_000;
    const result = await attempt(this.options.fetch, this.options.url, {
      timeoutMs,
      signal: controller.signal,
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
    if (generation !== this.generation || controller.signal.aborted) return;
    this.controller = undefined;
    const failure = healthFailure(result, timeoutMs);
    const wasDown = this.status.state === 'down';
    const interval = failure ? (this.options.downIntervalMs ?? 2_000) : (this.options.upIntervalMs ?? 3_000);
    const visible = this.visible();
    if (failure) {
      const since = this.status.state === 'down' ? this.status.since : Date.now();
      this.setStatus({ state: 'down', since, reason: failure, retryAt: visible ? Date.now() + interval : 0 });
    } else if (this.status.state !== 'up') {
      this.setStatus({ state: 'up', since: Date.now() });
    }
    if (visible) this.timer = setTimeout(() => this.checkNow(), interval);
    if (wasDown && !failure) this.options.onRecover?.();
  }

  private target(): Window | undefined {
    return this.options.target ?? (typeof window !== 'undefined' ? window : undefined);
  }

  private visible(): boolean {
    const doc = this.target()?.document;
    return !doc || doc.visibilityState !== 'hidden';
  }

  private cancelCheck(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setStatus(status: HostReachability): void {
    this.status = status;
    this.options.onStatus(status);
  }
}
