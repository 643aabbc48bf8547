import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useInstallStore, type BeforeInstallPromptEvent } from './install';
import { InstallEntry } from './install-entry';
import type { PlatformInfo } from './platform';

const tab: PlatformInfo = {
  secureContext: true,
  standalone: false,
  ios: false,
  notificationApi: true,
  serviceWorker: true,
  badging: false,
};

beforeEach(() => useInstallStore.setState({ promptEvent: undefined, installed: false }));

describe('InstallEntry', () => {
  it("shows the browser's install dialog from the Install button", async () => {
    const prompt = vi.fn(() => Promise.resolve());
    const event = Object.assign(new Event('beforeinstallprompt'), {
      prompt,
      userChoice: Promise.resolve({ outcome: 'accepted' as const, platform: 'web' }),
    });
    useInstallStore.setState({ promptEvent: event as BeforeInstallPromptEvent });
    render(<InstallEntry platform={tab} />);
    await userEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(prompt).toHaveBeenCalledTimes(1);
  });

  it('gives the iOS Share-menu steps', () => {
    render(<InstallEntry platform={{ ...tab, ios: true, notificationApi: false }} />);
    expect(screen.getByRole('region', { name: 'Install the app' })).toHaveTextContent('Share');
    expect(screen.getByText('Add to Home Screen')).toBeInTheDocument();
  });

  it('is hidden when the app already runs standalone', () => {
    const { container } = render(<InstallEntry platform={{ ...tab, standalone: true }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
