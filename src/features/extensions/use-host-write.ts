/**
 * One approval-gated write to an OpenWork host, with the state the UI needs: pending since when
 * (for "waiting for approval on the host"), and a message on failure. The caller clears its form
 * only after success, so the user's input survives a denied or timed-out write.
 */
import {
  describeOpenworkWriteError,
  isRouteMissing,
  openwork,
  type OpenworkCapabilities,
  type PairedHost,
} from '@/host';
import { useExtensionWrite, type ExtensionKind, type ExtensionWrite } from './api';
import { EXTENSION_KINDS } from './kinds';

/**
 * Why a write to `kind` failed, in one or two sentences: a remove the host's version has no route
 * for says so and what to do instead (skills on the v0.7.1 line); anything else has the shared
 * OpenWork wording ("Not done: the host's owner denied it. Your input is kept.").
 */
export function describeWriteFailure(
  kind: ExtensionKind,
  write: ExtensionWrite | undefined,
  error: unknown,
  timeoutMs: number | undefined,
): string {
  const removeRoute = EXTENSION_KINDS[kind].removeRoute;
  if (write?.op === 'remove' && removeRoute && isRouteMissing(error)) return removeRoute.failed(write.name);
  return describeOpenworkWriteError(error, { timeoutMs, failed: 'Not done', kept: 'input' });
}

/** A write in progress or failed, as {@link useHostWrite} reports it. */
export interface HostWriteState {
  pending: boolean;
  /** Epoch ms the last write was sent (meaningful while `pending`). */
  since: number;
  /** Why the last write failed, in the shared OpenWork wording ("Not done: the host's owner denied it. Your input is kept."); cleared by the next write. */
  error: string | undefined;
  /** How the host approves writes, as far as its `/capabilities` say (`unknown`: not published). */
  policy: openwork.ApprovalPolicy;
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
  const policy = openwork.approvalPolicy(capabilities);
  const timeoutMs = policy.mode === 'unknown' ? undefined : policy.timeoutMs;
  const state: HostWriteState = {
    pending: mutation.isPending,
    since: mutation.submittedAt,
    error: mutation.isError ? describeWriteFailure(kind, mutation.variables, mutation.error, timeoutMs) : undefined,
    policy,
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
