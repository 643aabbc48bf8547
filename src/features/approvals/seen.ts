/**
 * When this device first saw each pending request, so the inbox can put the newest first across
 * hosts: OpenCode's requests carry no time of their own, and two hosts' ids do not compare. A
 * request seen in a `*-asked` event gets the event's arrival time; one first found in a fetched
 * list gets the fetch time. In memory only (after a reload, every request is "seen" at its first
 * fetch again); at most {@link SEEN_LIMIT} requests are remembered, the oldest forgotten first.
 */

/** How many requests are remembered across all hosts. */
export const SEEN_LIMIT = 2_000;

// A Map keeps insertion order, which is the order of first sight: the first key is the oldest.
const seen = new Map<string, number>();

const key = (hostId: string, requestId: string) => `${hostId}\u0000${requestId}`;

/** Notes that `requestId` of `hostId` is seen at `at` (epoch ms), unless it was seen before. */
export function noteSeen(hostId: string, requestId: string, at: number = Date.now()): void {
  const k = key(hostId, requestId);
  if (seen.has(k)) return;
  seen.set(k, at);
  if (seen.size > SEEN_LIMIT) {
    const oldest = seen.keys().next().value;
    if (oldest !== undefined) seen.delete(oldest);
  }
}

/** When `requestId` of `hostId` was first seen here (epoch ms), or undefined when never noted. */
export function seenAt(hostId: string, requestId: string): number | undefined {
  return seen.get(key(hostId, requestId));
}

/** Forgets every noted request (tests). */
export function clearSeen(): void {
  seen.clear();
}
