/**
 * The pending-approvals count on the app icon (Badging API: https://w3c.github.io/badging/) and in
 * the document title, e.g. "(2) OpenWork Remote".
 */
import { useEffect } from 'react';

/** The title the app has with nothing waiting (index.html's `<title>`). */
export const APP_TITLE = 'OpenWork Remote';

/** The document title for a count: `(n) base` when something waits, `base` otherwise. */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}

/** What the badge needs of `navigator`; both methods are optional because most browsers lack them. */
export interface BadgeTarget {
  setAppBadge?: (contents?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
}

/**
 * Sets the app icon badge to `count`, or clears it at 0. Returns false when the Badging API is
 * absent (Firefox, Chrome on Android: there the title carries the count alone).
 */
export function applyAppBadge(target: BadgeTarget, count: number): boolean {
  if (typeof target.setAppBadge !== 'function') return false;
  const done =
    count > 0
      ? target.setAppBadge(count)
      : typeof target.clearAppBadge === 'function'
        ? target.clearAppBadge()
        : target.setAppBadge(0);
  // The badge is a hint: a browser may refuse it (NotAllowedError when not installed), and the
  // title still shows the count, so a refusal is only logged.
  done.catch((error: unknown) => console.debug('app badge not set', error));
  return true;
}

/**
 * Keeps the app badge and the document title on `count` (pending approvals across hosts). Both are
 * set after the next frame is painted, and only the last count of a burst: setting them costs about
 * a millisecond each in Chromium, which a new approval card should not wait for.
 */
export function useAppBadge(count: number): void {
  useEffect(() => {
    const apply = () => {
      document.title = titleWithCount(APP_TITLE, count);
      applyAppBadge(navigator as BadgeTarget, count);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the frame's paint; the timeout it starts runs after it. Hidden pages get no
    // frames, so they take the timeout alone.
    const frame =
      typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible'
        ? requestAnimationFrame(() => {
            timer = setTimeout(apply, 0);
          })
        : undefined;
    if (frame === undefined) timer = setTimeout(apply, 0);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [count]);
}
