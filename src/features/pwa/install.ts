/**
 * Installing the app: keeps the browser's deferred install prompt (`beforeinstallprompt`, Chromium
 * only) and decides which install entry to show. Spec: https://wicg.github.io/manifest-incubations/#beforeinstallprompt-event
 */
import { create } from 'zustand';
import type { PlatformInfo } from './platform';

/** Chromium's install prompt event; not in TypeScript's DOM lib because it is not a standard. */
export interface BeforeInstallPromptEvent extends Event {
  /** Shows the browser's install dialog; allowed once per event, from a user gesture. */
  prompt(): Promise<void>;
  /** Settles with the user's choice after {@link BeforeInstallPromptEvent.prompt}. */
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

interface InstallState {
  /** The deferred prompt, while the browser offers one. */
  promptEvent: BeforeInstallPromptEvent | undefined;
  /** The browser reported `appinstalled` during this visit. */
  installed: boolean;
}

/** The install prompt and whether the app was installed during this visit. */
export const useInstallStore = create<InstallState>()(() => ({ promptEvent: undefined, installed: false }));

/**
 * Starts listening for `beforeinstallprompt` and `appinstalled`. Call once, as early as possible:
 * Chromium fires the prompt event once per page load, often before React's first effects run.
 * Returns a function that stops listening.
 */
export function captureInstallPrompt(win: Window): () => void {
  const onPrompt = (event: Event) => {
    // Without preventDefault, Chrome on Android shows its own mini-infobar at a moment we do not choose.
    event.preventDefault();
    useInstallStore.setState({ promptEvent: event as BeforeInstallPromptEvent });
  };
  const onInstalled = () => useInstallStore.setState({ promptEvent: undefined, installed: true });
  win.addEventListener('beforeinstallprompt', onPrompt);
  win.addEventListener('appinstalled', onInstalled);
  return () => {
    win.removeEventListener('beforeinstallprompt', onPrompt);
    win.removeEventListener('appinstalled', onInstalled);
  };
}

/**
 * Shows the deferred install prompt (from a tap) and forgets it: an event can prompt only once.
 * Resolves with the user's choice, or `unavailable` when there is no prompt to show.
 */
export async function promptInstall(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
  const event = useInstallStore.getState().promptEvent;
  if (!event) return 'unavailable';
  useInstallStore.setState({ promptEvent: undefined });
  await event.prompt();
  const { outcome } = await event.userChoice;
  return outcome;
}

/**
 * Which install entry to show:
 * - `installed`: running as the installed app, or installed during this visit: show nothing;
 * - `insecure`: not a secure context, so the browser cannot install (or run a service worker);
 * - `prompt`: the browser offered its install dialog: an "Install" button;
 * - `ios-steps`: iOS, where only the Share menu installs (Share → Add to Home Screen);
 * - `browser-menu`: no prompt (yet, or ever): point to the browser's menu.
 */
export type InstallHint = 'installed' | 'insecure' | 'prompt' | 'ios-steps' | 'browser-menu';

/** Decides the install entry from the platform and the prompt state (see {@link InstallHint}). */
export function installHint(
  platform: Pick<PlatformInfo, 'standalone' | 'secureContext' | 'ios'>,
  state: { hasPrompt: boolean; installed: boolean },
): InstallHint {
  if (platform.standalone || state.installed) return 'installed';
  if (!platform.secureContext) return 'insecure';
  if (state.hasPrompt) return 'prompt';
  if (platform.ios) return 'ios-steps';
  return 'browser-menu';
}
