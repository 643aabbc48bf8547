import { expect } from 'vitest';
import { HostError } from '@/host/errors';

/** Awaits `promise`, expects it to reject with a {@link HostError}, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<HostError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HostError);
  return error as HostError;
}
