/** Every approval decision made on this device: time, host, session, request, answer, outcome. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

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
