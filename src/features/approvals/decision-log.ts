/** Every approval decision made on this device: time, host, session, request, answer, outcome. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PushLogEntry } from '@/host';

/** One recorded decision. `time` is epoch ms. */
export interface Decision {
  time: number;
  hostId: string;
  hostName: string;
  sessionId: string;
  requestId: string;
  /** What was asked, e.g. `edit approved.txt` or `bash echo hi`. */
  request: string;
  answer: string;
  /** `sent`: the host took it; `answered-elsewhere`: it was already gone; `failed`: not delivered. */
  outcome: 'sent' | 'answered-elsewhere' | 'failed';
  detail?: string;
  /** `notification`: answered from a push notification by the service worker, not from a card. */
  via?: 'notification';
}

interface DecisionLogState {
  decisions: Decision[];
  record: (decision: Decision) => void;
  clear: () => void;
}

/** Keeps the newest 500 decisions. */
const LIMIT = 500;

export const useDecisionLog = create<DecisionLogState>()(
  persist(
    (set) => ({
      decisions: [],
      record: (decision) => set((state) => ({ decisions: [decision, ...state.decisions].slice(0, LIMIT) })),
      clear: () => set({ decisions: [] }),
    }),
    { name: 'openwork-pwa.decisions', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);

/**
 * Copies the answers the service worker sent from notifications (its push log's `answered` lines)
 * into the decision log, marked as answered from a notification.
 */
export function recordAnswersFromNotifications(entries: readonly PushLogEntry[]): void {
  const { record } = useDecisionLog.getState();
  for (const entry of entries) {
    if (entry.type !== 'answered' || !entry.requestID || !entry.outcome) continue;
    record({
      time: entry.at,
      hostId: entry.hostId,
      hostName: entry.hostName,
      sessionId: entry.sessionID,
      requestId: entry.requestID,
      request: [entry.title, entry.body].filter(Boolean).join(': '),
      answer: entry.answer === 'once' ? 'Allow once' : 'Reject',
      outcome: entry.outcome,
      ...(entry.detail ? { detail: entry.detail } : {}),
      via: 'notification',
    });
  }
}
