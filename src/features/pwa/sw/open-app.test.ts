/** A tap on a notification that answers nothing: focus or open the app on it (fake worker clients). */
import { handleNotificationClick, type PushWorkerDeps } from './handlers';

const SCOPE = 'https://app.test/';

interface FakeClient {
  url: string;
  focus: ReturnType<typeof vi.fn>;
  postMessage: ReturnType<typeof vi.fn>;
}

function client(url: string): FakeClient {
  const c: FakeClient = { url, focus: vi.fn(), postMessage: vi.fn() };
  c.focus.mockResolvedValue(c);
  return c;
}

/** A fake worker; returns a function that taps a notification with `data`. */
function worker(windows: FakeClient[]) {
  const clients = { matchAll: vi.fn(() => Promise.resolve(windows)), openWindow: vi.fn(() => Promise.resolve(null)) };
  const deps = { registration: { scope: SCOPE, showNotification: vi.fn() }, clients } as unknown as PushWorkerDeps;
  async function tap(data: unknown) {
    await handleNotificationClick(deps, '', data);
  }
  return { tap, clients };
}

describe('notificationclick', () => {
  it('focuses the open app window and tells it where to go, without reloading it', async () => {
    const other = client('https://elsewhere.test/');
    const app = client('https://app.test/#/');
    const { tap, clients } = worker([other, app]);
    await tap({ url: './#/s/ses_1?hostId=host_1' });
    expect(app.focus).toHaveBeenCalled();
    expect(app.postMessage).toHaveBeenCalledWith({
      type: 'openwork:navigate',
      url: 'https://app.test/#/s/ses_1?hostId=host_1',
    });
    expect(clients.openWindow).not.toHaveBeenCalled();
  });

  it('opens a window on the request when the app is not open', async () => {
    const { tap, clients } = worker([]);
    await tap({ url: './#/s/ses_1?hostId=host_1' });
    expect(clients.openWindow).toHaveBeenCalledWith('https://app.test/#/s/ses_1?hostId=host_1');
  });

  it('never leaves its scope: a foreign or missing URL opens the app itself', async () => {
    const { tap, clients } = worker([]);
    await tap({ url: 'https://evil.test/' });
    await tap(null);
    expect(clients.openWindow.mock.calls).toEqual([[SCOPE], [SCOPE]]);
  });

  it('still points the window at the request when focusing is refused', async () => {
    const app = client('https://app.test/');
    app.focus.mockRejectedValue(new Error('Not allowed to focus a window.'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { tap } = worker([app]);
    await tap({ url: './#/s/ses_2?hostId=host_1' });
    expect(warn).toHaveBeenCalled();
    expect(app.postMessage).toHaveBeenCalledWith({
      type: 'openwork:navigate',
      url: 'https://app.test/#/s/ses_2?hostId=host_1',
    });
  });
});
