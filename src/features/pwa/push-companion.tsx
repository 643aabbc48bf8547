/**
 * What push needs from the open app, loaded lazily after the first screen:
 * - the paired hosts, copied where the service worker can read them (sealed, IndexedDB) whenever
 *   they change; a host that left the list was forgotten: its subscription at the gateway and its
 *   record go too;
 * - presence: while the app is visible, tells the gateway (every 20 s) so it holds pushes the
 *   in-app notice covers, and says "hidden" when it is not;
 * - the answers the service worker sent from notifications, handed to the decision log;
 * - "While you were away": after a fresh open or ≥ 2 min hidden, one dismissible summary of what
 *   the push log recorded since the app was last visible, each line linking to its session.
 */
import { useEffect, useState } from 'react';
import {
  forgetPush,
  readPushLog,
  readPushPrefs,
  sendPresence,
  syncPushHosts,
  takeUnmergedAnswers,
  useHostsStore,
  type PairedHost,
  type PushLogEntry,
} from '@/host';
import { awayLines, cameBackFromAway, type AwayLine } from './away';

/** localStorage key of when the app was last visible (epoch ms). */
export const LAST_VISIBLE_KEY = 'openwork-pwa.last-visible';
/** How often presence is repeated while visible, in ms (the gateway forgets it after 45 s). */
const PRESENCE_EVERY_MS = 20_000;

function readLastVisible(): number | undefined {
  const value = Number(localStorage.getItem(LAST_VISIBLE_KEY));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function noteVisible(now = Date.now()): void {
  localStorage.setItem(LAST_VISIBLE_KEY, String(now));
}

function warn(what: string) {
  return (error: unknown) => console.warn(`push: ${what}`, error);
}

async function subscriptionIds(hostIds: readonly string[]): Promise<string[]> {
  const prefs = await Promise.all(hostIds.map((id) => readPushPrefs(id)));
  return prefs.flatMap((p) => (p.subscriptionId ? [p.subscriptionId] : []));
}

/** Presence, decision-log merge and the away summary. `onAnswers` receives the answers to record. */
export default function PushCompanion({ onAnswers }: { onAnswers: (entries: PushLogEntry[]) => void }) {
  const hostIds = useHostsStore((state) => state.hosts.map((h) => h.id).join(','));
  const [lines, setLines] = useState<AwayLine[]>([]);

  // Every change of the paired hosts (pairing, new credentials, workspace switch, Forget).
  useEffect(() => {
    if (!globalThis.indexedDB || !globalThis.crypto?.subtle) return;
    let previous: readonly PairedHost[] = useHostsStore.getState().hosts;
    void syncPushHosts(previous).catch(warn('could not keep the hosts for the service worker'));
    return useHostsStore.subscribe((state) => {
      if (state.hosts === previous) return;
      const gone = previous.filter((old) => !state.hosts.some((h) => h.id === old.id));
      previous = state.hosts;
      for (const host of gone) void forgetPush(host);
      void syncPushHosts(state.hosts).catch(warn('could not keep the hosts for the service worker'));
    });
  }, []);

  useEffect(() => {
    if (!globalThis.indexedDB) return;
    const ids = hostIds ? hostIds.split(',') : [];
    let hiddenAt: number | undefined = document.visibilityState === 'hidden' ? Date.now() : undefined;
    let timer: ReturnType<typeof setInterval> | undefined;

    const presence = (visible: boolean) =>
      subscriptionIds(ids)
        .then((subs) => Promise.all(subs.map((id) => sendPresence(id, visible))))
        .catch(warn('could not tell the gateway whether the app is visible'));
    const merge = () =>
      takeUnmergedAnswers().then(onAnswers, warn('could not read the answers sent from notifications'));
    const summarize = (since: number) =>
      readPushLog(since).then((entries) => setLines(awayLines(entries)), warn('could not read the push log'));

    const onVisible = () => {
      const now = Date.now();
      const since = hiddenAt;
      hiddenAt = undefined;
      void merge();
      if (cameBackFromAway(since, now) && since !== undefined) void summarize(since);
      noteVisible(now);
      void presence(true);
      clearInterval(timer);
      timer = setInterval(() => {
        noteVisible();
        void presence(true);
      }, PRESENCE_EVERY_MS);
    };
    const onHidden = () => {
      hiddenAt = Date.now();
      noteVisible(hiddenAt);
      clearInterval(timer);
      void presence(false);
    };
    const onChange = () => (document.visibilityState === 'visible' ? onVisible() : onHidden());

    // A fresh open: everything since the app was last visible.
    const last = readLastVisible();
    if (last !== undefined) void summarize(last);
    if (document.visibilityState === 'visible') {
      hiddenAt = undefined;
      onVisible();
    }
    document.addEventListener('visibilitychange', onChange);
    return () => {
      document.removeEventListener('visibilitychange', onChange);
      clearInterval(timer);
    };
  }, [hostIds, onAnswers]);

  if (lines.length === 0) return null;
  return (
    <aside className="away-summary" aria-labelledby="away-heading">
      <h2 id="away-heading">While you were away</h2>
      <ul>
        {lines.slice(0, 8).map((line) => (
          <li key={line.key}>
            <a href={line.url.replace(/^\.\//, '')}>{line.text}</a>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => setLines([])}>
        Dismiss
      </button>
    </aside>
  );
}
