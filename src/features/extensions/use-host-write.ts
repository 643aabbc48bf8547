/**
 * One write to an OpenWork host at a time, with the state the UI needs: pending since when (for
 * "waiting for approval on the host"), and a message on failure that keeps the user's input.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, openworkErrorCode, openworkErrorDetails, type PairedHost } from '@/host';
import { extensionKeys } from './api';

/** A message for a failed write; `timeoutMs` is the host's approval timeout. */
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

export function useHostWrite(host: PairedHost, timeoutMs: number, onChanged?: () => void) {
  const queryClient = useQueryClient();
  const [since, setSince] = useState(0);
  const [error, setError] = useState<string>();
  const mutation = useMutation({
    mutationFn: (write: () => Promise<unknown>) => write(),
    onMutate: () => {
      setError(undefined);
      setSince(Date.now());
    },
    onSuccess: () => {
      onChanged?.();
      void queryClient.invalidateQueries({ queryKey: extensionKeys.all(host) });
    },
    onError: (err) => setError(describeWriteError(err, timeoutMs)),
  });
  return {
    /** Runs a write; resolves true when it succeeded. */
    run: async (write: () => Promise<unknown>) => {
      try {
        await mutation.mutateAsync(write);
        return true;
      } catch {
        // The error is shown through `error`; callers only need to know it did not succeed.
        return false;
      }
    },
    pending: mutation.isPending,
    since,
    error,
  };
}
