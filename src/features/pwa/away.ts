/**
 * "While you were away", as pure functions: when to offer the summary, and its lines from the
 * service worker's push log (requests asked, answered from notifications, runs finished or failed).
 */
import type { PushLogEntry } from '@/host';
import { sessionUrl } from './notifications';

/** How long the app must have been hidden before coming back shows the summary, in ms. */
export const AWAY_AFTER_MS = 2 * 60 * 1000;

/** One line of the summary: what happened and the session it links to. */
export interface AwayLine {
  key: string;
  text: string;
  /** App URL of the session (see `sessionUrl`). */
  url: string;
  at: number;
}

/** True when coming back after being hidden since `hiddenAt` (epoch ms) calls for the summary. */
export function cameBackFromAway(hiddenAt: number | undefined, now: number): boolean {
  return hiddenAt !== undefined && now - hiddenAt >= AWAY_AFTER_MS;
}

function answerWords(entry: PushLogEntry): string {
  const answer = entry.answer === 'once' ? 'Allowed once' : 'Rejected';
  if (entry.outcome === 'sent') return `${answer} from a notification`;
  if (entry.outcome === 'answered-elsewhere') return 'Already answered elsewhere';
  return `${answer} from a notification, not delivered`;
}

/**
 * The summary's lines, newest first, one per request (its latest state: an answer supersedes the
 * ask) and one per run outcome; withdrawals and tests say nothing on their own.
 */
export function awayLines(entries: readonly PushLogEntry[]): AwayLine[] {
  const byKey = new Map<string, AwayLine>();
  for (const entry of [...entries].sort((a, b) => a.at - b.at)) {
    if (!entry.sessionID) continue;
    const url = sessionUrl(entry.hostId, entry.sessionID);
    const what = entry.title || entry.body;
    const key = entry.requestID
      ? `${entry.hostId}:${entry.requestID}`
      : `${entry.hostId}:${entry.sessionID}:${entry.at}`;
    if (entry.type === 'answered') {
      byKey.set(key, { key, url, at: entry.at, text: `${answerWords(entry)}: ${what} (${entry.hostName})` });
    } else if (entry.kind === 'permission' || entry.kind === 'question') {
      if (!byKey.has(key)) byKey.set(key, { key, url, at: entry.at, text: `Asked: ${what} (${entry.hostName})` });
    } else if (entry.kind === 'withdraw') {
      const asked = byKey.get(key);
      if (asked && asked.text.startsWith('Asked'))
        asked.text = asked.text.replace(/^Asked/, 'Asked, answered elsewhere');
    } else if (entry.kind === 'done' || entry.kind === 'failed') {
      const word = entry.kind === 'done' ? 'Run finished' : 'Run failed';
      byKey.set(key, { key, url, at: entry.at, text: `${word}: ${entry.body || entry.title} (${entry.hostName})` });
    }
  }
  return [...byKey.values()].sort((a, b) => b.at - a.at);
}
