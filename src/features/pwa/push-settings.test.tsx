import 'fake-indexeddb/auto';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useHostsStore } from '@/host';
import { deletePushDatabase, readPushPrefs } from '@/host/push-store';
import { loadOrCreateKey } from '@/host/secure-storage';
import { buildHost } from '@/testing/builders';
import { server } from '@/testing/server';
import PushSettings, { type PushManagerLike } from './push-settings';
import type { PlatformInfo } from './platform';

const android: PlatformInfo = {
  secureContext: true,
  standalone: false,
  ios: false,
  notificationApi: true,
  serviceWorker: true,
  badging: false,
  pushManager: true,
};
const origin = window.location.origin;
const host = buildHost({
  id: 'host_1',
  name: 'Laptop',
  url: `${origin}/host`,
  credentials: { token: 'pw' },
  opencode: { baseUrl: `${origin}/host`, auth: 'basic' },
});
const subscription = {
  endpoint: 'http://127.0.0.1:9/push/abc',
  expirationTime: null,
  keys: { p256dh: 'p', auth: 'a' },
};

function fakePushManager(): PushManagerLike & { subscribe: ReturnType<typeof vi.fn> } {
  return {
    getSubscription: () => Promise.resolve(null),
    subscribe: vi.fn(() => Promise.resolve({ toJSON: () => subscription })),
  };
}

function gateway({ key = true, subscribeStatus = 201 } = {}) {
  const posted: { body: unknown; authorization: string | null }[] = [];
  server.use(
    http.get(`${origin}/push/vapid-public-key`, () =>
      key ? HttpResponse.json({ publicKey: 'BPz3' }) : new HttpResponse('Not found', { status: 404 }),
    ),
    http.post(`${origin}/push/subscriptions`, async ({ request }) => {
      posted.push({ body: await request.json(), authorization: request.headers.get('authorization') });
      return subscribeStatus === 201
        ? HttpResponse.json({ id: 'sub_1' }, { status: 201 })
        : HttpResponse.json({ error: 'unauthorized', message: 'host said 401' }, { status: subscribeStatus });
    }),
  );
  return posted;
}

beforeEach(async () => {
  await deletePushDatabase();
  // The app creates the hosts' key when it first saves them.
  await loadOrCreateKey(indexedDB, crypto.subtle, 'hosts');
  vi.stubGlobal('Notification', { permission: 'granted', requestPermission: vi.fn() });
  useHostsStore.setState({ hosts: [host], activeId: 'host_1' });
});
afterEach(() => vi.unstubAllGlobals());

const laptop = () => screen.getByRole('group', { name: 'Push for Laptop' });
const closedSwitch = () => within(laptop()).getByRole('switch', { name: 'Notify me when the app is closed' });

describe('PushSettings', () => {
  it('subscribes through the gateway with the host credential and says it is on', async () => {
    const posted = gateway();
    const manager = fakePushManager();
    render(<PushSettings platform={android} permission="granted" getPushManager={() => Promise.resolve(manager)} />);
    expect(within(laptop()).getByRole('switch', { name: 'Answer from the notification' })).toBeChecked();
    await userEvent.click(closedSwitch());
    await within(laptop()).findByText('On.');
    expect(closedSwitch()).toBeChecked();
    expect(manager.subscribe).toHaveBeenCalledWith(expect.objectContaining({ userVisibleOnly: true }));
    expect(posted).toEqual([
      {
        body: { subscription, host: `${origin}/host`, options: { runs: false } },
        authorization: `Basic ${btoa('opencode:pw')}`,
      },
    ]);
    expect((await readPushPrefs('host_1')).subscriptionId).toBe('sub_1');
    expect(within(laptop()).getByRole('button', { name: 'Send a test notification' })).toBeInTheDocument();
  });

  it('says plainly when the app was not served by a gateway, and stays off', async () => {
    gateway({ key: false });
    render(
      <PushSettings
        platform={android}
        permission="granted"
        getPushManager={() => Promise.resolve(fakePushManager())}
      />,
    );
    await userEvent.click(closedSwitch());
    await within(laptop()).findByText(/not served by a push gateway/);
    expect(closedSwitch()).not.toBeChecked();
  });

  it('says when the host rejected the credential', async () => {
    gateway({ subscribeStatus: 401 });
    render(
      <PushSettings
        platform={android}
        permission="granted"
        getPushManager={() => Promise.resolve(fakePushManager())}
      />,
    );
    await userEvent.click(closedSwitch());
    await within(laptop()).findByText(/did not accept this device’s credential \(401\)/);
    expect(closedSwitch()).not.toBeChecked();
  });

  it('cannot be turned on without the Push API, nor on iOS outside the installed app', () => {
    const { unmount } = render(<PushSettings platform={{ ...android, pushManager: false }} permission="granted" />);
    expect(screen.getByText(/offers no push to web apps/)).toBeInTheDocument();
    expect(closedSwitch()).toBeDisabled();
    unmount();
    render(<PushSettings platform={{ ...android, ios: true, standalone: false }} permission="granted" />);
    expect(screen.getByText(/installed to the Home Screen \(iOS 16.4 or later\)/)).toBeInTheDocument();
    expect(closedSwitch()).toBeDisabled();
  });

  it('on an installed iOS app, says a tap opens the card (no action buttons there)', () => {
    render(<PushSettings platform={{ ...android, ios: true, standalone: true }} permission="granted" />);
    expect(screen.getByText(/iOS shows no buttons on notifications/)).toBeInTheDocument();
    expect(closedSwitch()).toBeEnabled();
  });
});
