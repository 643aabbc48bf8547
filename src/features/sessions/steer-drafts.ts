/**
 * What a draft carries besides its text: the agent and model chosen for the session (localStorage
 * `openwork-pwa.steer`, version 1, `{ entries: { "<hostId>:<sessionId>": {agent?, model?} } }`)
 * and its attachments (IndexedDB, `attachments-store.ts`).
 *
 * Loaded with the composer, so it cleans up after "Forget this host" by itself (the first-screen
 * bundle has no room for it): at once while loaded, else the next time it loads
 * ({@link pruneSteerDrafts}).
 */
import { onHostForgotten, type ModelRef } from '@/host';
import { isRecord } from '@/lib/guards';
import { createHostScopedStore } from '@/lib/host-scoped-store';
import { forgetAttachments, pruneAttachments } from './attachments-store';

/** The agent and model chosen for a session's next prompts; an absent field means the host's default. */
export interface SteerChoice {
  agent?: string;
  model?: ModelRef;
}

function isSteerChoice(value: unknown): value is SteerChoice {
  if (!isRecord(value)) return false;
  if (value.agent !== undefined && typeof value.agent !== 'string') return false;
  if (value.model === undefined) return true;
  return isRecord(value.model) && typeof value.model.providerID === 'string' && typeof value.model.modelID === 'string';
}

/** The agent and model per host and session id, remembered across reloads. */
export const useSteerStore = createHostScopedStore<SteerChoice>({
  name: 'openwork-pwa.steer',
  version: 1,
  isValue: isSteerChoice,
});

/**
 * Deletes a host's chosen agents and models and its stored attachments (on "Forget this host").
 *
 * @throws {Error} when IndexedDB cannot be opened; the choices are deleted either way.
 */
export async function forgetSteerDrafts(hostId: string): Promise<void> {
  useSteerStore.getState().forgetHost(hostId);
  await forgetAttachments(hostId);
}

onHostForgotten((hostId) => {
  forgetSteerDrafts(hostId).catch((error: unknown) =>
    console.warn('Could not delete the attachments of a forgotten host from IndexedDB.', error),
  );
});

let pruned = false;

/**
 * Once per app run: deletes the choices and attachments of hosts that are no longer paired
 * (forgotten while this module was not loaded).
 *
 * @throws {Error} when IndexedDB cannot be opened; the choices are pruned either way.
 */
export async function pruneSteerDrafts(pairedHostIds: readonly string[]): Promise<void> {
  if (pruned) return;
  pruned = true;
  const store = useSteerStore.getState();
  const hosts = new Set(Object.keys(store.entries).map((key) => key.slice(0, key.indexOf(':'))));
  for (const hostId of hosts) if (!pairedHostIds.includes(hostId)) store.forgetHost(hostId);
  await pruneAttachments(pairedHostIds);
}
