/**
 * What a draft carries besides its text: the agent and model chosen for the session (localStorage
 * `openwork-pwa.steer`, version 1, `{ entries: { "<hostId>:<sessionId>": {agent?, model?} } }`)
 * and its attachments (IndexedDB, `attachments-store.ts`).
 */
import type { ModelRef } from '@/host';
import { isRecord } from '@/lib/guards';
import { createHostScopedStore } from '@/lib/host-scoped-store';
import { forgetAttachments } from './attachments-store';

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
