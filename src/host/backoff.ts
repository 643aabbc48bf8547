/** Reconnect timing: exponential backoff with jitter. */

/** Backoff settings, in ms. */
export interface BackoffOptions {
  /** First retry delay before jitter (default 500 ms). */
  baseMs?: number;
  /** Upper bound before jitter (default 30,000 ms). */
  maxMs?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based), in ms: `min(max, base·2^attempt)` scaled by
 * a random factor in [0.5, 1) ("equal jitter"), so many clients dropped together do not return
 * together, and no delay collapses to zero.
 *
 * @param random a source in [0, 1); `Math.random` by default, fixed in tests.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
