/**
 * The page signals that tell a host connection to act now: the browser going online or offline,
 * and the page becoming visible or hidden (`online`, `offline` on the window; `visibilitychange`
 * on its document). Shared by the event stream and the OpenWork host watch.
 */

/** What to do on each signal. */
export interface PageSignalHandlers {
  online: () => void;
  offline: () => void;
  visibility: () => void;
}

/** Listens to `target`'s signals (nothing without a window); returns the function that stops listening. */
export function listenToPage(target: Window | undefined, handlers: PageSignalHandlers): () => void {
  target?.addEventListener('online', handlers.online);
  target?.addEventListener('offline', handlers.offline);
  target?.document?.addEventListener('visibilitychange', handlers.visibility);
  return () => {
    target?.removeEventListener('online', handlers.online);
    target?.removeEventListener('offline', handlers.offline);
    target?.document?.removeEventListener('visibilitychange', handlers.visibility);
  };
}

/**
 * Where a connection learns the page's state and signals: the window itself on the main thread, or
 * the state the main thread forwards to the stream worker (a worker has no `document`).
 */
export interface PageSource {
  /** Calls `handlers` on each signal; returns the function that stops listening. */
  listen: (handlers: PageSignalHandlers) => () => void;
  /** Whether the browser believes it is online (`navigator.onLine`; true when unknown). */
  online: () => boolean;
  /** Whether the page is visible (`document.visibilityState`; true when unknown). */
  visible: () => boolean;
}

/** The {@link PageSource} of a window (nothing to listen to, online and visible, without one). */
export function windowPage(target: Window | undefined): PageSource {
  return {
    listen: (handlers) => listenToPage(target, handlers),
    online: () => target?.navigator?.onLine !== false,
    visible: () => (target?.document?.visibilityState ?? 'visible') === 'visible',
  };
}
