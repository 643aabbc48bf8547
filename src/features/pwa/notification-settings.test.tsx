import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useHostsStore } from '@/host';
import { buildHost } from '@/testing/builders';
import { useNotificationSettings } from './notification-settings-store';
import { NotificationSettings } from './notification-settings';
import type { PlatformInfo } from './platform';

const android: PlatformInfo = {
  secureContext: true,
  standalone: false,
  ios: false,
  notificationApi: true,
  serviceWorker: true,
  badging: false,
};

function stubNotification(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const requestPermission = vi.fn(() => Promise.resolve(answer));
  vi.stubGlobal('Notification', { permission, requestPermission });
  return requestPermission;
}

beforeEach(() => {
  useNotificationSettings.setState({ enabled: false, runUpdates: {} });
  useHostsStore.setState({ hosts: [buildHost({ id: 'host_1', name: 'Laptop' })], activeId: 'host_1' });
});
afterEach(() => vi.unstubAllGlobals());

const notifySwitch = () => screen.getByRole('switch', { name: 'Notify me when a run needs me' });

describe('NotificationSettings', () => {
  it('asks for permission only when the user turns it on, then offers the per-host setting', async () => {
    const requestPermission = stubNotification('default');
    render(<NotificationSettings platform={android} />);
    expect(requestPermission).not.toHaveBeenCalled();
    expect(screen.getByText('The browser asks for permission when you turn this on.')).toBeInTheDocument();

    await userEvent.click(notifySwitch());
    expect(requestPermission).toHaveBeenCalledTimes(1);
    expect(notifySwitch()).toBeChecked();
    expect(useNotificationSettings.getState().enabled).toBe(true);

    await userEvent.click(screen.getByRole('switch', { name: 'Also when a run on Laptop finishes or fails' }));
    expect(useNotificationSettings.getState().runUpdates).toEqual({ host_1: true });
  });

  it('stays off and says so when the user blocks the permission', async () => {
    stubNotification('default', 'denied');
    render(<NotificationSettings platform={android} />);
    await userEvent.click(notifySwitch());
    expect(notifySwitch()).not.toBeChecked();
    expect(notifySwitch()).toBeDisabled();
    expect(screen.getByText(/Notifications are blocked for this site/)).toBeInTheDocument();
    expect(useNotificationSettings.getState().enabled).toBe(false);
  });

  it('turns off without asking anything', async () => {
    const requestPermission = stubNotification('granted');
    useNotificationSettings.setState({ enabled: true });
    render(<NotificationSettings platform={android} />);
    expect(notifySwitch()).toBeChecked();
    await userEvent.click(notifySwitch());
    expect(notifySwitch()).not.toBeChecked();
    expect(requestPermission).not.toHaveBeenCalled();
  });

  it('says plainly when the platform does not allow notifications', () => {
    const { unmount } = render(
      <NotificationSettings
        platform={{ ...android, secureContext: false, notificationApi: false, serviceWorker: false }}
      />,
    );
    expect(notifySwitch()).toBeDisabled();
    expect(screen.getByText(/not on a secure \(https\) address/)).toBeInTheDocument();
    unmount();

    render(<NotificationSettings platform={{ ...android, ios: true, notificationApi: false }} />);
    expect(notifySwitch()).toBeDisabled();
    expect(screen.getByText(/only for an app on the Home Screen/)).toBeInTheDocument();
  });
});
