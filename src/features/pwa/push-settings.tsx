/**
 * Push per host: "Notify me when the app is closed" (a Web Push subscription at the gateway that
 * served this app), "Answer from the notification", "Also when a run finishes or fails" and a test
 * push. Loaded lazily from the notification settings: it is not part of the first screen.
 * Says plainly when push cannot work: not served by a gateway, no Push API, iOS outside an
 * installed app, notifications blocked, or the host rejecting the device's credential.
 */
import { useEffect, useState } from 'react';
import { Switch } from '@/components/switch';
import {
  createPushSubscription,
  DEFAULT_PUSH_PREFS,
  deletePushSubscription,
  describeError,
  fetchVapidKey,
  HostError,
  readPushPrefs,
  sendTestPush,
  updatePushSubscription,
  useHostsStore,
  writePushPrefs,
  type PairedHost,
  type PushPrefs,
  type PushSubscriptionJson,
} from '@/host';
import type { PlatformInfo } from './platform';

/** The parts of the browser's `PushManager` used here. */
export interface PushManagerLike {
  getSubscription: () => Promise<{ toJSON: () => PushSubscriptionJson } | null>;
  subscribe: (options: {
    userVisibleOnly: boolean;
    applicationServerKey: Uint8Array<ArrayBuffer>;
  }) => Promise<{ toJSON: () => PushSubscriptionJson }>;
}

/** What push can do on this platform. */
export type PushSupport = 'insecure' | 'install-first' | 'unsupported' | 'denied' | 'ok';

/** Decides {@link PushSupport} from the platform and the notification permission. */
export function pushSupport(platform: PlatformInfo, permission: NotificationPermission | undefined): PushSupport {
  if (!platform.secureContext) return 'insecure';
  if (platform.ios && !platform.standalone) return 'install-first';
  if (!platform.serviceWorker || !platform.pushManager || !platform.notificationApi) return 'unsupported';
  return permission === 'denied' ? 'denied' : 'ok';
}

const SUPPORT_TEXT: Record<Exclude<PushSupport, 'ok'>, string> = {
  insecure: 'Push needs a secure (https) address; this page is not on one.',
  'install-first':
    'On iPhone and iPad, push reaches only an app installed to the Home Screen (iOS 16.4 or later): install it, open it from there, then turn this on.',
  unsupported:
    'This browser offers no push to web apps (no Push API here), so nothing can reach it while the app is closed.',
  denied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then turn this on.',
};

/** base64url (the VAPID key) → bytes, for `applicationServerKey`. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

async function browserPushManager(): Promise<PushManagerLike | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager as unknown as PushManagerLike;
}

function explain(error: unknown): string {
  if (error instanceof HostError && error.code === 'unauthorized')
    return 'The host did not accept this device’s credential (401). Pair again with a valid token or password, then turn this on.';
  return describeError(error);
}

interface HostPushProps {
  host: PairedHost;
  support: PushSupport;
  ios: boolean;
  getPushManager: () => Promise<PushManagerLike | undefined>;
}

function HostPush({ host, support, ios, getPushManager }: HostPushProps) {
  const [prefs, setPrefs] = useState<PushPrefs>(DEFAULT_PUSH_PREFS);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const subscribed = prefs.subscriptionId !== undefined;

  useEffect(() => {
    let live = true;
    readPushPrefs(host.id).then(
      (stored) => live && setPrefs(stored),
      (error: unknown) => live && setMessage(`Push settings could not be read on this device: ${describeError(error)}`),
    );
    return () => {
      live = false;
    };
  }, [host.id]);

  async function run(work: () => Promise<string | void>) {
    setBusy(true);
    setMessage('');
    try {
      const said = await work();
      if (said) setMessage(said);
    } catch (error) {
      setMessage(explain(error));
    } finally {
      setBusy(false);
    }
  }

  const subscribe = () =>
    run(async () => {
      if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') return 'Notifications were not allowed, so push stays off.';
      }
      const key = await fetchVapidKey();
      if ('unavailable' in key)
        return 'This app was not served by a push gateway (npm start on the host’s machine), so nothing can notify you while it is closed. Open the app from the gateway’s address to use this.';
      const manager = await getPushManager();
      if (!manager) return SUPPORT_TEXT.unsupported;
      const subscription =
        (await manager.getSubscription()) ??
        (await manager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key.publicKey) }));
      const id = await createPushSubscription(host, subscription.toJSON(), { runs: prefs.runs });
      setPrefs(await writePushPrefs(host.id, { subscriptionId: id }));
      return ios ? 'On. iOS shows no buttons on notifications: a tap opens the request’s card.' : 'On.';
    });

  const unsubscribe = () =>
    run(async () => {
      if (prefs.subscriptionId) await deletePushSubscription(host, prefs.subscriptionId);
      setPrefs(await writePushPrefs(host.id, { subscriptionId: undefined }));
    });

  const setRuns = (runs: boolean) =>
    run(async () => {
      if (prefs.subscriptionId) await updatePushSubscription(host, prefs.subscriptionId, { runs });
      setPrefs(await writePushPrefs(host.id, { runs }));
    });

  const setAnswer = (answerFromNotification: boolean) =>
    run(async () => {
      setPrefs(await writePushPrefs(host.id, { answerFromNotification }));
    });

  const test = () =>
    run(async () => {
      if (!prefs.subscriptionId) return;
      await sendTestPush(host, prefs.subscriptionId);
      return 'Asked the gateway for a test push; it should arrive in a moment.';
    });

  return (
    <fieldset className="push-host" aria-label={`Push for ${host.name}`}>
      <legend>{host.name}</legend>
      <Switch
        checked={subscribed}
        disabled={busy || support !== 'ok'}
        onChange={(on) => void (on ? subscribe() : unsubscribe())}
      >
        Notify me when the app is closed
      </Switch>
      <Switch checked={prefs.answerFromNotification} disabled={busy} onChange={(on) => void setAnswer(on)}>
        Answer from the notification
      </Switch>
      <Switch checked={prefs.runs} disabled={busy} onChange={(on) => void setRuns(on)}>
        Also when a run finishes or fails
      </Switch>
      {subscribed ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => void test()}>
          Send a test notification
        </button>
      ) : null}
      {message ? (
        <p className="hint" role="status">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Push settings for every paired host. */
export default function PushSettings({
  platform,
  permission,
  getPushManager = browserPushManager,
}: {
  platform: PlatformInfo;
  permission: NotificationPermission | undefined;
  getPushManager?: () => Promise<PushManagerLike | undefined>;
}) {
  const hosts = useHostsStore((state) => state.hosts);
  const support = pushSupport(platform, permission);
  return (
    <section className="pwa-setting" aria-labelledby="push-heading">
      <h3 id="push-heading">When the app is closed</h3>
      {support !== 'ok' ? <p className="hint">{SUPPORT_TEXT[support]}</p> : null}
      {support === 'ok' && platform.ios ? (
        <p className="hint">iOS shows no buttons on notifications: a tap opens the request’s card to answer there.</p>
      ) : null}
      {hosts.map((host) => (
        <HostPush key={host.id} host={host} support={support} ios={platform.ios} getPushManager={getPushManager} />
      ))}
    </section>
  );
}
