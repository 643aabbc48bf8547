/**
 * The OpenWork host watch against a scripted `/health` (MSW), a fake window for
 * `online`/`offline`/`visibilitychange`, and fake timers for the poll intervals.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { server } from '@/testing/server';
import { HostWatch, type HostReachability } from './host-watch';

const HEALTH_URL = 'http://127.0.0.1:8787/health';
const UP_MS = 4_000;
const DOWN_MS = 2_000;

/** Captured before fake timers replace it: lets MSW answer without moving the clock. */
const realSetTimeout = globalThis.setTimeout;

/** Waits (in real time, fake clock untouched) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200; turn += 1) {
    if (check()) return;
    await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
  }
  throw new Error(`timed out waiting until ${what}`);
}

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

/** What `/health` answers next: the host as it is right now. */
type HostState = 'up' | 'down' | 'error-500' | 'web-page';
let hostState: HostState;
let checks: number;

function serveHealth(): void {
  server.use(
    http.get(HEALTH_URL, ({ request }) => {
      checks += 1;
      expect(request.headers.get('authorization')).toBeNull();
      switch (hostState) {
        case 'up':
          return HttpResponse.json({ ok: true, version: '0.11.0', uptimeMs: 1 });
        case 'down':
          return HttpResponse.error();
        case 'error-500':
          return HttpResponse.json({ code: 'internal_error', message: 'boom' }, { status: 500 });
        case 'web-page':
          return new HttpResponse('<html><title>Sign in</title></html>', { headers: { 'content-type': 'text/html' } });
      }
    }),
  );
}

let win: FakeWindow;
let statuses: HostReachability[];
let recovered: number;
let watch: HostWatch;

function startWatch(): HostWatch {
  watch = new HostWatch({
    url: HEALTH_URL,
    fetch: (...args) => fetch(...args),
    onStatus: (status) => statuses.push(status),
    onRecover: () => {
      recovered += 1;
    },
    upIntervalMs: UP_MS,
    downIntervalMs: DOWN_MS,
    target: win as unknown as Window,
  });
  watch.start();
  return watch;
}

const state = () => watch.current.state;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  hostState = 'up';
  checks = 0;
  statuses = [];
  recovered = 0;
  win = new FakeWindow();
  serveHealth();
});

afterEach(() => {
  watch.stop();
  vi.useRealTimers();
});

describe('HostWatch', () => {
  it('says the host is up once /health answers ok: true', async () => {
    startWatch();
    expect(state()).toBe('unknown');
    await until(() => state() === 'up', 'up');
    expect(checks).toBe(1);
    expect(recovered).toBe(0);
  });

  it('sees an outage at the next poll, says why, polls faster while down, and recovers once', async () => {
    startWatch();
    await until(() => state() === 'up', 'up');
    hostState = 'down';
    await vi.advanceTimersByTimeAsync(UP_MS - 1);
    expect(state()).toBe('up');
    await vi.advanceTimersByTimeAsync(1);
    await until(() => state() === 'down', 'down');
    const down = watch.current;
    expect(down).toMatchObject({ state: 'down', reason: 'the host could not be reached' });
    // While down it checks every DOWN_MS, keeping the time it went down.
    const before = checks;
    await vi.advanceTimersByTimeAsync(DOWN_MS);
    await until(() => checks === before + 1, 'a faster check');
    expect(watch.current).toMatchObject({ state: 'down', since: down.state === 'down' ? down.since : -1 });
    hostState = 'up';
    await vi.advanceTimersByTimeAsync(DOWN_MS);
    await until(() => state() === 'up', 'up again');
    expect(recovered).toBe(1);
    // Staying up is not another recovery.
    await vi.advanceTimersByTimeAsync(UP_MS * 3);
    await until(() => checks >= before + 5, 'three more checks');
    expect(recovered).toBe(1);
  });

  it('counts a 5xx or a web page at /health as down, naming the check', async () => {
    hostState = 'error-500';
    startWatch();
    await until(() => state() === 'down', 'down on 500');
    expect(watch.current).toMatchObject({ reason: 'GET /health answered 500' });
    hostState = 'web-page';
    watch.checkNow();
    await until(() => checks === 2, 'second check');
    await until(() => state() === 'down' && (watch.current as { reason: string }).reason.includes('ok: true'), 'page');
  });

  it('checks at once on checkNow, and not twice while a check is under way', async () => {
    startWatch();
    await until(() => state() === 'up', 'up');
    hostState = 'down';
    watch.checkNow();
    watch.checkNow();
    await until(() => state() === 'down', 'down at once');
    expect(checks).toBe(2);
  });

  it('does not poll while the page is hidden, and checks at once when it shows again', async () => {
    startWatch();
    await until(() => state() === 'up', 'up');
    win.document.setVisibility('hidden');
    hostState = 'down';
    await vi.advanceTimersByTimeAsync(UP_MS * 10);
    expect(checks).toBe(1);
    expect(state()).toBe('up');
    win.document.setVisibility('visible');
    await until(() => state() === 'down', 'down once visible');
    expect(checks).toBe(2);
  });

  it('does not poll while the browser is offline, and checks at once when it is back', async () => {
    startWatch();
    await until(() => state() === 'up', 'up');
    win.goOffline();
    await vi.advanceTimersByTimeAsync(UP_MS * 10);
    expect(checks).toBe(1);
    hostState = 'down';
    win.goOnline();
    await until(() => state() === 'down', 'down once online');
    expect(checks).toBe(2);
  });

  it('stops for good: no more checks, state unknown', async () => {
    startWatch();
    await until(() => state() === 'up', 'up');
    watch.stop();
    expect(state()).toBe('unknown');
    await vi.advanceTimersByTimeAsync(UP_MS * 5);
    expect(checks).toBe(1);
  });
});
