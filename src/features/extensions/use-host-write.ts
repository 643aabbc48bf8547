/**
 * One approval-gated write to an OpenWork host, with the state the UI needs: pending since when
 * (for "waiting for approval on the host"), and a message on failure. The caller clears its form
 * only after success, so the user's input survives a denied or timed-out write.
 */
import { describeOpenworkWriteError, openwork, type OpenworkCapabilities, type PairedHost } from '@/host';
import { useExtensionWrite, type ExtensionKind, type ExtensionWrite } from './api';

/** How long the host holds a write for approval (ms): `capabilities.approvals.timeoutMs`, default 30 s. */
export function approvalTimeoutMs(capabilities: OpenworkCapabilities | null | undefined): number {
  return capabilities?.approvals?.timeoutMs ?? openwork.DEFAULT_APPROVAL_TIMEOUT_MS;
}

/** A write in progress or failed, as {@link useHostWrite} reports it. */
export interface HostWriteState {
  pending: boolean;
  /** Epoch ms the last write was sent (meaningful while `pending`). */
  since: number;
  /** Why the last write failed, in the shared OpenWork wording ("Not done: the host's owner denied it. Your input is kept."); cleared by the next write. */
  error: string | undefined;
  /** The host's approval timeout, ms. */
  timeoutMs: number;
  /** True when the host's owner approves each write by hand (`approvals.mode` is not `auto`). */
  manual: boolean;
}

/**
 * Writes to the `kind` list of `host` (see `useExtensionWrite`). `run(write, onDone)` sends one;
 * on success `onChanged` runs (the engine may need a reload), then `onDone` (clear the form).
 */
export function useHostWrite<K extends ExtensionKind>(
  host: PairedHost,
  kind: K,
  capabilities: OpenworkCapabilities | null | undefined,
  onChanged: () => void,
) {
  const mutation = useExtensionWrite(host, kind, capabilities);
  const timeoutMs = approvalTimeoutMs(capabilities);
  const state: HostWriteState = {
    pending: mutation.isPending,
    since: mutation.submittedAt,
    error: mutation.isError
      ? describeOpenworkWriteError(mutation.error, { timeoutMs, failed: 'Not done', kept: 'input' })
      : undefined,
    timeoutMs,
    manual: capabilities?.approvals?.mode !== 'auto',
  };
  const run = (write: ExtensionWrite<K>, onDone?: () => void) =>
    mutation.mutate(write, {
      onSuccess: () => {
        onChanged();
        onDone?.();
      },
    });
  return { ...state, run };
}
