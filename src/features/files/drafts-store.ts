/**
 * Unsaved file edits, persisted per host, workspace and path: a failed save or a reload loses
 * nothing. Stored in localStorage under `openwork-pwa.file-drafts` as
 * `{ drafts: { "<hostId>:<workspaceId>:<path>": FileDraft } }` (version 1, the format since the
 * first release).
 */
import { createHostScopedStore } from '@/lib/host-scoped-store';
import { isRecord } from '@/lib/guards';

/** An edit in progress: the text and the `updatedAt` (ms) of the version it started from. */
export interface FileDraft {
  text: string;
  baseUpdatedAt?: number;
}

/** True for a stored {@link FileDraft}: text, and a numeric base revision if any. */
function isFileDraft(value: unknown): value is FileDraft {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    (value.baseUpdatedAt === undefined || typeof value.baseUpdatedAt === 'number')
  );
}

/**
 * The key of a file's draft within its host: `${workspaceId}:${path}`. A host without a workspace
 * (direct OpenCode, which cannot save) keys by `:${path}`, the format stored since version 1.
 */
export function fileDraftKey(workspaceId: string | undefined, path: string): string {
  return `${workspaceId ?? ''}:${path}`;
}

/** Unsaved edits per host and {@link fileDraftKey}. */
export const useFileDraftsStore = createHostScopedStore<FileDraft>({
  name: 'openwork-pwa.file-drafts',
  version: 1,
  storedField: 'drafts',
  isValue: isFileDraft,
});

/** Deletes every unsaved file edit of a host (on "Forget this host"), in memory and in storage. */
export function clearFileDraftsForHost(hostId: string): void {
  useFileDraftsStore.getState().forgetHost(hostId);
}
