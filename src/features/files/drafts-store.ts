/** Unsaved file edits, persisted per host, workspace and path: a failed save or a reload loses nothing. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** An edit in progress: the text and the `updatedAt` (ms) of the version it started from. */
export interface FileDraft {
  text: string;
  baseUpdatedAt?: number;
}

interface FileDraftsState {
  drafts: Record<string, FileDraft>;
  setDraft: (key: string, draft: FileDraft) => void;
  clearDraft: (key: string) => void;
}

/** The key of a file's draft. */
export function fileDraftKey(hostId: string, workspaceId: string | undefined, path: string): string {
  return `${hostId}:${workspaceId ?? ''}:${path}`;
}

/** Keeps only the drafts whose key does not start with `${hostId}:`. */
function withoutHost<T>(drafts: Record<string, T>, hostId: string): Record<string, T> {
  const prefix = `${hostId}:`;
  return Object.fromEntries(Object.entries(drafts).filter(([key]) => !key.startsWith(prefix)));
}

export const useFileDraftsStore = create<FileDraftsState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (key, draft) => set((state) => ({ drafts: { ...state.drafts, [key]: draft } })),
      clearDraft: (key) =>
        set((state) => {
          const drafts = { ...state.drafts };
          delete drafts[key];
          return { drafts };
        }),
    }),
    { name: 'openwork-pwa.file-drafts', version: 1, storage: createJSONStorage(() => localStorage) },
  ),
);

/** Deletes every unsaved file edit of a host (on "Forget this host"), in memory and in storage. */
export function clearFileDraftsForHost(hostId: string): void {
  useFileDraftsStore.setState((state) => ({ drafts: withoutHost(state.drafts, hostId) }));
}
