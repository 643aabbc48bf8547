/**
 * Follows notification taps into the app: the service worker focuses an open window and posts it
 * `{type: "openwork:navigate", url}` (see sw/open-app.ts); this hook hands the in-app
 * path to the caller, which switches host and navigates without reloading the page.
 */
import { useEffect, useRef } from 'react';
import { navigatePathFrom } from './notifications';

/** Calls `onNavigate(path)` (a hash route such as `/s/ses_1?hostId=host_1`) for each notification tap. */
export function useNotificationNavigation(onNavigate: (path: string) => void): void {
  const latest = useRef(onNavigate);
  useEffect(() => {
    latest.current = onNavigate;
  }, [onNavigate]);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    const onMessage = (event: MessageEvent) => {
      const path = navigatePathFrom(event.data, window.location.origin);
      if (path) latest.current(path);
    };
    container.addEventListener('message', onMessage);
    // Messages from the service worker wait in a queue until this (addEventListener alone does
    // not start it): https://w3c.github.io/ServiceWorker/#dom-serviceworkercontainer-startmessages
    container.startMessages();
    return () => container.removeEventListener('message', onMessage);
  }, []);
}
