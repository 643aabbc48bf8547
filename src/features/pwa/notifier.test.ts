import { opencodeEvent } from '@/testing/events';
import { useNotificationSettings } from './notification-settings-store';
import { notifyForEvent } from './notifier';

const asked = opencodeEvent('permission.asked', {
  id: 'per_1',
  sessionID: 'ses_1',
  permission: 'bash',
  patterns: ['ls'],
  metadata: { command: 'ls' },
  always: [],
});
const replied = opencodeEvent('permission.replied', { sessionID: 'ses_1', requestID: 'per_1', reply: 'reject' });
const context = { hostId: 'host_1', hostName: 'Laptop', sessionTitle: () => 'Fix the build' };

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
}

function fakeRegistration() {
  const shown = { close: vi.fn() };
  const registration = {
    showNotification: vi.fn(() => Promise.resolve()),
    getNotifications: vi.fn(() => Promise.resolve([shown])),
  };
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { getRegistration: () => Promise.resolve(registration) },
  });
  return { registration, shown };
}

beforeEach(() => {
  useNotificationSettings.setState({ enabled: true, runUpdates: {} });
  vi.stubGlobal('Notification', { permission: 'granted' });
  setVisibility('hidden');
});
afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, 'visibilityState');
  Reflect.deleteProperty(navigator, 'serviceWorker');
});

describe('notifyForEvent', () => {
  it('shows a request through the service worker registration while the page is hidden', async () => {
    const { registration } = fakeRegistration();
    notifyForEvent(asked, context);
    await vi.waitFor(() => expect(registration.showNotification).toHaveBeenCalledTimes(1));
    expect(registration.showNotification).toHaveBeenCalledWith('Allow bash?', {
      body: 'Run: ls\n“Fix the build” on Laptop',
      tag: 'openwork:host_1:request:per_1',
      data: { url: './#/s/ses_1?hostId=host_1' },
      icon: '/pwa-192x192.png',
      badge: '/notification-badge-96x96.png',
    });
  });

  it('stays quiet while the page is visible, when switched off, or without permission', async () => {
    const { registration } = fakeRegistration();
    setVisibility('visible');
    notifyForEvent(asked, context);
    setVisibility('hidden');
    useNotificationSettings.setState({ enabled: false });
    notifyForEvent(asked, context);
    useNotificationSettings.setState({ enabled: true });
    vi.stubGlobal('Notification', { permission: 'denied' });
    notifyForEvent(asked, context);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(registration.showNotification).not.toHaveBeenCalled();
  });

  it('does not ask the browser for the permission while the page is visible (a request arriving on screen)', () => {
    const permission = vi.fn(() => 'granted');
    vi.stubGlobal('Notification', {
      get permission() {
        return permission();
      },
    });
    setVisibility('visible');
    notifyForEvent(asked, context);
    expect(permission).not.toHaveBeenCalled();
  });

  it('notifies a finished run only for a host with the setting on', async () => {
    const { registration } = fakeRegistration();
    const idle = opencodeEvent('session.idle', { sessionID: 'ses_1' });
    notifyForEvent(idle, context);
    useNotificationSettings.getState().setRunUpdates('host_1', true);
    notifyForEvent(idle, context);
    await vi.waitFor(() => expect(registration.showNotification).toHaveBeenCalledTimes(1));
    expect(registration.showNotification).toHaveBeenCalledWith(
      'Run finished',
      expect.objectContaining({ tag: 'openwork:host_1:run:ses_1' }),
    );
  });

  it('closes the notification of a request answered elsewhere, visible or not', async () => {
    const { registration, shown } = fakeRegistration();
    setVisibility('visible');
    notifyForEvent(replied, context);
    await vi.waitFor(() => expect(shown.close).toHaveBeenCalledTimes(1));
    expect(registration.getNotifications).toHaveBeenCalledWith({ tag: 'openwork:host_1:request:per_1' });
  });

  it('logs, and does not throw, when the browser refuses', async () => {
    const { registration } = fakeRegistration();
    registration.showNotification.mockRejectedValueOnce(
      new TypeError('No notification permission has been granted for this origin.'),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => notifyForEvent(asked, context)).not.toThrow();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('could not show the notification', expect.any(TypeError)));
  });
});
