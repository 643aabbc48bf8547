/**
 * Notifications, asked in context: the browser's permission is requested only when the user turns
 * the switch on, never on load. Says plainly when the platform does not allow them.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { Switch } from '@/components/switch';
import { useHostsStore } from '@/host';
import { useNotificationSettings } from './notification-settings-store';
import { notificationSupport, type NotificationSupport } from './notifications';
import { showNotice } from './notifier';
import { readPlatform, type PlatformInfo } from './platform';

// Push (app closed) is set up by few users: its code loads only when this section renders.
const PushSettings = lazy(() => import('./push-settings'));

const EXPLAIN: Record<NotificationSupport, string> = {
  insecure: 'This page is not on a secure (https) address, so the browser allows no notifications here.',
  'install-first':
    'On iPhone and iPad, Safari allows notifications only for an app on the Home Screen: install it, open it from there, then turn this on.',
  unsupported: 'This browser does not offer notifications to web apps.',
  denied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then turn this on.',
  ask: 'The browser asks for permission when you turn this on.',
  granted: '',
};

function readPermission(info: PlatformInfo): NotificationPermission | undefined {
  return info.notificationApi ? Notification.permission : undefined;
}

/** The notification switch, the per-host "finished or failed" switches and a test notification. */
export function NotificationSettings({ platform }: { platform?: PlatformInfo }) {
  const [info] = useState(() => platform ?? readPlatform());
  const [permission, setPermission] = useState(() => readPermission(info));
  const [asking, setAsking] = useState(false);
  const [testResult, setTestResult] = useState('');
  const enabled = useNotificationSettings((state) => state.enabled);
  const setEnabled = useNotificationSettings((state) => state.setEnabled);
  const runUpdates = useNotificationSettings((state) => state.runUpdates);
  const setRunUpdates = useNotificationSettings((state) => state.setRunUpdates);
  const hosts = useHostsStore((state) => state.hosts);
  const support = notificationSupport(info, permission);
  const on = enabled && support === 'granted';

  // The user may change the site permission in the browser's settings and come back.
  useEffect(() => {
    const reread = () => setPermission(readPermission(info));
    document.addEventListener('visibilitychange', reread);
    return () => document.removeEventListener('visibilitychange', reread);
  }, [info]);

  async function turn(next: boolean) {
    if (!next) return setEnabled(false);
    let result = permission;
    if (support === 'ask') {
      setAsking(true);
      result = await Notification.requestPermission();
      setAsking(false);
      setPermission(result);
    }
    if (result === 'granted') setEnabled(true);
  }

  async function sendTest() {
    const shown = await showNotice({
      title: 'Notifications are on',
      body: 'A permission request or question will look like this.',
      tag: 'openwork:test',
      data: { url: './#/hosts' },
    }).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    setTestResult(
      shown === true
        ? 'Sent.'
        : shown === false
          ? 'No service worker runs here (the dev server has none), so nothing can be shown.'
          : `The browser refused: ${shown}`,
    );
  }

  return (
    <section className="pwa-setting" aria-labelledby="notify-heading">
      <h3 id="notify-heading">Notifications</h3>
      <Switch
        checked={on}
        disabled={asking || (support !== 'ask' && support !== 'granted')}
        onChange={(next) => void turn(next)}
      >
        Notify me when a run needs me
      </Switch>
      {EXPLAIN[support] ? <p className="hint">{EXPLAIN[support]}</p> : null}
      {on ? (
        <>
          <p className="hint">
            A permission request or question arriving while the app is in the background shows a notification. Once the
            system has closed the app, only push reaches you: turn it on per host below.
          </p>
          {hosts.map((host) => (
            <Switch
              key={host.id}
              checked={runUpdates[host.id] === true}
              onChange={(next) => setRunUpdates(host.id, next)}
            >
              Also when a run on {host.name} finishes or fails
            </Switch>
          ))}
          <div>
            <button type="button" className="secondary" onClick={() => void sendTest()}>
              Send a test notification
            </button>
            {testResult ? <span className="hint"> {testResult}</span> : null}
          </div>
        </>
      ) : null}
      <Suspense fallback={null}>
        <PushSettings platform={info} permission={permission} />
      </Suspense>
    </section>
  );
}
