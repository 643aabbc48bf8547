/**
 * Composer drafts per host and session, persisted so a reload or a failed send loses nothing.
 * Stored in localStorage under `openwork-pwa.drafts` as `{ drafts: { "<hostId>:<sessionId>": text } }`
 * (version 1, the format since the first release). The agent and model chosen per session and a
 * draft's attachments are in `steer-drafts.ts`, which loads with the composer (not on the first
 * screen) and deletes a forgotten host's share itself.
 */
import { createHostScopedStore } from '@/lib/host-scoped-store';

/** Composer text per host and session id: `get(hostId, sessionId)` → text or undefined. */
export const useDraftsStore = createHostScopedStore<string>({
  name: 'openwork-pwa.drafts',
  version: 1,
  storedField: 'drafts',
  isValue: (value): value is string => typeof value === 'string',
});

/** Deletes every composer draft of a host (on "Forget this host"), in memory and in storage. */
export function clearDraftsForHost(hostId: string): void {
  useDraftsStore.getState().forgetHost(hostId);
}
