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
