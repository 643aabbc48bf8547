/**
 * What this browser lets a web app do: secure context, standalone display, iOS, and which of the
 * install, notification, service-worker and badging APIs exist. Read once per decision from the
 * window (no caching: installing the app or switching display mode changes the answers).
 */

/** The facts the install and notification decisions depend on. */
export interface PlatformInfo {
  /** `window.isSecureContext`: https, or http on localhost / 127.0.0.1. */
  secureContext: boolean;
  /** Opened from the home screen / as an installed app (display-mode standalone, or iOS `navigator.standalone`). */
  standalone: boolean;
  /** iPhone, iPad or iPod, whatever the browser (every iOS browser is WebKit). */
  ios: boolean;
  /** The `Notification` constructor exists (iOS Safari has it only inside an installed web app, iOS 16.4+). */
  notificationApi: boolean;
  /** `navigator.serviceWorker` exists (it does not in insecure contexts). */
  serviceWorker: boolean;
  /** The Badging API (`navigator.setAppBadge`) exists. */
  badging: boolean;
  /** The Push API (`PushManager`) exists: iOS has it only inside an installed web app, iOS 16.4+. Unset means unknown (read as absent). */
  pushManager?: boolean;
}

/** The fields of `navigator` this module reads; iOS adds the non-standard `standalone`. */
interface NavigatorLike {
  userAgent: string;
  platform?: string;
  maxTouchPoints?: number;
  standalone?: boolean;
  serviceWorker?: unknown;
  setAppBadge?: unknown;
}

/**
 * True for iPhone, iPod and iPad, including iPadOS, whose Safari reports itself as a Mac
 * ("MacIntel") but, unlike a Mac, has a touch screen.
 */
export function isIos(nav: Pick<NavigatorLike, 'userAgent' | 'platform' | 'maxTouchPoints'>): boolean {
  if (/iPhone|iPad|iPod/.test(nav.userAgent)) return true;
  return nav.platform === 'MacIntel' && (nav.maxTouchPoints ?? 0) > 1;
}

/** Reads {@link PlatformInfo} from a window (the real one by default). */
export function readPlatform(win: Window = window): PlatformInfo {
  const nav = win.navigator as Navigator & NavigatorLike;
  const displayStandalone =
    typeof win.matchMedia === 'function' && win.matchMedia('(display-mode: standalone)').matches;
  return {
    secureContext: win.isSecureContext,
    standalone: displayStandalone || nav.standalone === true,
    ios: isIos(nav),
    notificationApi: 'Notification' in win,
    serviceWorker: 'serviceWorker' in nav && nav.serviceWorker !== undefined,
    badging: typeof nav.setAppBadge === 'function',
    pushManager: 'PushManager' in win,
  };
}
