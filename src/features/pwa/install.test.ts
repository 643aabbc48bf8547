import {
  captureInstallPrompt,
  installHint,
  promptInstall,
  useInstallStore,
  type BeforeInstallPromptEvent,
} from './install';
import { isIos, readPlatform } from './platform';

const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD_DESKTOP_MODE =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

const browserTab = { standalone: false, secureContext: true, ios: false };

describe('installHint', () => {
  it('shows nothing once the app runs standalone or was installed during this visit', () => {
    expect(installHint({ ...browserTab, standalone: true }, { hasPrompt: true, installed: false })).toBe('installed');
    expect(installHint({ ...browserTab, ios: true, standalone: true }, { hasPrompt: false, installed: false })).toBe(
      'installed',
    );
    expect(installHint(browserTab, { hasPrompt: false, installed: true })).toBe('installed');
  });

  it('says an insecure page cannot be installed, prompt or not', () => {
    expect(installHint({ ...browserTab, secureContext: false }, { hasPrompt: false, installed: false })).toBe(
      'insecure',
    );
    expect(
      installHint({ ...browserTab, secureContext: false, ios: true }, { hasPrompt: false, installed: false }),
    ).toBe('insecure');
  });

  it("offers the browser's dialog when it fired beforeinstallprompt", () => {
    expect(installHint(browserTab, { hasPrompt: true, installed: false })).toBe('prompt');
  });

  it('gives the Share → Add to Home Screen steps on iOS, the browser menu elsewhere', () => {
    expect(installHint({ ...browserTab, ios: true }, { hasPrompt: false, installed: false })).toBe('ios-steps');
    expect(installHint(browserTab, { hasPrompt: false, installed: false })).toBe('browser-menu');
  });
});

describe('isIos', () => {
  it('knows iPhone, and iPadOS posing as a Mac by its touch screen', () => {
    expect(isIos({ userAgent: IPHONE_SAFARI, platform: 'iPhone', maxTouchPoints: 5 })).toBe(true);
    expect(isIos({ userAgent: IPAD_DESKTOP_MODE, platform: 'MacIntel', maxTouchPoints: 5 })).toBe(true);
    expect(isIos({ userAgent: IPAD_DESKTOP_MODE, platform: 'MacIntel', maxTouchPoints: 0 })).toBe(false);
    expect(isIos({ userAgent: CHROME_ANDROID, platform: 'Linux armv8l', maxTouchPoints: 5 })).toBe(false);
  });
});

describe('readPlatform', () => {
  function fakeWindow(nav: Record<string, unknown>, extra: Record<string, unknown> = {}): Window {
    return {
      isSecureContext: true,
      navigator: { userAgent: CHROME_ANDROID, ...nav },
      matchMedia: () => ({ matches: false }),
      ...extra,
    } as unknown as Window;
  }

  it('reads standalone from display-mode or iOS navigator.standalone', () => {
    expect(readPlatform(fakeWindow({}, { matchMedia: () => ({ matches: true }) })).standalone).toBe(true);
    expect(readPlatform(fakeWindow({ userAgent: IPHONE_SAFARI, standalone: true })).standalone).toBe(true);
    expect(readPlatform(fakeWindow({})).standalone).toBe(false);
  });

  it('reads which APIs exist', () => {
    const bare = readPlatform(fakeWindow({}));
    expect(bare).toMatchObject({ notificationApi: false, serviceWorker: false, badging: false, ios: false });
    const full = readPlatform(
      fakeWindow(
        { serviceWorker: {}, setAppBadge: () => Promise.resolve() },
        { Notification: function Notification() {} },
      ),
    );
    expect(full).toMatchObject({ notificationApi: true, serviceWorker: true, badging: true });
  });
});

describe('the deferred install prompt', () => {
  beforeEach(() => useInstallStore.setState({ promptEvent: undefined, installed: false }));

  function fakePromptEvent(outcome: 'accepted' | 'dismissed') {
    const event = new Event('beforeinstallprompt', { cancelable: true }) as BeforeInstallPromptEvent;
    const prompt = vi.fn(() => Promise.resolve());
    Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome, platform: 'web' }) });
    return { event, prompt };
  }

  it('is kept (and the mini-infobar suppressed), shown once on request, then forgotten', async () => {
    const stop = captureInstallPrompt(window);
    const { event, prompt } = fakePromptEvent('accepted');
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(useInstallStore.getState().promptEvent).toBe(event);
    await expect(promptInstall()).resolves.toBe('accepted');
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(useInstallStore.getState().promptEvent).toBeUndefined();
    await expect(promptInstall()).resolves.toBe('unavailable');
    stop();
  });

  it('marks the app installed on appinstalled', () => {
    const stop = captureInstallPrompt(window);
    window.dispatchEvent(fakePromptEvent('dismissed').event);
    window.dispatchEvent(new Event('appinstalled'));
    expect(useInstallStore.getState()).toMatchObject({ promptEvent: undefined, installed: true });
    stop();
  });
});
