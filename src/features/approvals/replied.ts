/**
 * Requests this device has answered, or found already answered, per host. A list of pending
 * requests fetched before the answer landed (a re-sync after a reconnect races the reply) or a
 * replayed `permission.asked` must not bring such a request back: the card would reappear, and a
 * second tap would send a second reply. Kept in memory: after a reload the host's own list is
 * the truth again. Bounded per host.
 */

const LIMIT = 1_000;
const byHost = new Map<string, Set<string>>();

/** Remembers that `requestId` of `hostId` is settled (answered here or elsewhere). */
export function markReplied(hostId: string, requestId: string): void {
  let ids = byHost.get(hostId);
  if (!ids) byHost.set(hostId, (ids = new Set()));
  ids.add(requestId);
  if (ids.size > LIMIT) ids.delete(ids.values().next().value as string);
}

/** True when `requestId` of `hostId` is settled on this device. */
export function wasReplied(hostId: string, requestId: string): boolean {
  return byHost.get(hostId)?.has(requestId) ?? false;
}

/** `list` without the requests this device has settled. Returns `list` itself when none are. */
export function withoutReplied<T extends { id: string }>(hostId: string, list: T[]): T[] {
  const ids = byHost.get(hostId);
  if (!ids || !list.some((item) => ids.has(item.id))) return list;
  return list.filter((item) => !ids.has(item.id));
}

/** Forgets everything (tests, and a forgotten host). */
export function resetReplied(hostId?: string): void {
  if (hostId) byHost.delete(hostId);
  else byHost.clear();
}
