/** Composer drafts per host and session, persisted so a reload or a failed send loses nothing. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface DraftsState {
  /** `${hostId}:${sessionId}` → text. */
  drafts: Record<string, string>;
  setDraft: (key: string, text: string) => void;
  clearDraft: (key: string) => void;
}

/** The key of a session's draft. */
export function draftKey(hostId: string, sessionId: string): string {
  return `${hostId}:${sessionId}`;
}

/** Keeps only the drafts whose key does not start with `${hostId}:`. */
function withoutHost<T>(drafts: Record<string, T>, hostId: string): Record<string, T> {
  const prefix = `${hostId}:`;
  return Object.fromEntries(Object.entries(drafts).filter(([key]) => !key.startsWith(prefix)));
}

export const useDraftsStore = create<DraftsState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (key, text) => set((state) => ({ drafts: { ...state.drafts, [key]: text } })),
      clearDraft: (key) =>
        set((state) => {
          const drafts = { ...state.drafts };
          delete drafts[key];
          return { drafts };
        }),
    }),
    { name: 'openwork-pwa.drafts', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);

/** Deletes every composer draft of a host (on "Forget this host"), in memory and in storage. */
export function clearDraftsForHost(hostId: string): void {
  useDraftsStore.setState((state) => ({ drafts: withoutHost(state.drafts, hostId) }));
}
