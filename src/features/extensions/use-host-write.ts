/**
 * One approval-gated write to an OpenWork host, with the state the UI needs: pending since when
 * (for "waiting for approval on the host"), and a message on failure. The caller clears its form
 * only after success, so the user's input survives a denied or timed-out write.
 */
import { describeError, openwork, openworkErrorCode, openworkErrorDetails, type OpenworkCapabilities, type PairedHost } from '@/host';
import { useExtensionWrite, type ExtensionKind, type ExtensionWrite } from './api';

/**
 * A message for a failed write, naming what happened and what the user can do.
 * `timeoutMs` is the host's approval timeout (ms), quoted when nobody approved in time.
 */
export function describeWriteError(error: unknown, timeoutMs: number): string {
  const code = openworkErrorCode(error);
  if (code === 'write_denied') {
    return openworkErrorDetails(error)?.reason === 'timeout'
      ? `Not done: nobody approved it on the host within ${Math.round(timeoutMs / 1000)} s. Your input is kept; try again.`
      : "Not done: the host's owner denied it. Your input is kept.";
  }
  if (code === 'read_only') return 'Not done: this host is read-only.';
  if (code === 'forbidden') return 'Not done: this token may only read. Ask the host owner for a collaborator token.';
  return `Not done: ${describeError(error)}`;
}

/** How long the host holds a write for approval (ms): `capabilities.approvals.timeoutMs`, default 30 s. */
export function approvalTimeoutMs(capabilities: OpenworkCapabilities | null | undefined): number {
  return capabilities?.approvals?.timeoutMs ?? openwork.DEFAULT_APPROVAL_TIMEOUT_MS;
}

/** A write in progress or failed, as {@link useHostWrite} reports it. */
export interface HostWriteState {
  pending: boolean;
  /** Epoch ms the last write was sent (meaningful while `pending`). */
  since: number;
  /** The failure of the last write, from {@link describeWriteError}; cleared by the next write. */
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
export function useHostWrite<K extends ExtensionKind>(host: PairedHost, kind: K, capabilities: OpenworkCapabilities | null | undefined, onChanged: () => void) {
  const mutation = useExtensionWrite(host, kind, capabilities);
  const timeoutMs = approvalTimeoutMs(capabilities);
  const state: HostWriteState = {
    pending: mutation.isPending,
    since: mutation.submittedAt,
    error: mutation.isError ? describeWriteError(mutation.error, timeoutMs) : undefined,
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
