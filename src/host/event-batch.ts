/**
 * Delta coalescing for a batch of decoded events, generic over the {@link HostEvent} union: only
 * `part-delta` is merged; every other kind (including ones added later) passes through untouched.
 */
import type { EventOf, HostEvent } from '@/domain';

/**
 * Merges the `part-delta` events of each run of consecutive deltas by part and field (their `delta`
 * texts concatenated in arrival order, at the place of the first one). A non-delta event ends the
 * run, so every event keeps its order relative to the deltas before and after it: the cache sees
 * the host's order. Returns a new array; `events` is not changed.
 */
export function coalesceDeltas(events: readonly HostEvent[]): HostEvent[] {
  const out: HostEvent[] = [];
  // partID:field → index in `out` of the merged delta of the current run.
  let run = new Map<string, number>();
  for (const event of events) {
    if (event.kind !== 'part-delta') {
      if (run.size > 0) run = new Map();
      out.push(event);
      continue;
    }
    const key = `${event.partId}:${event.field}`;
    const at = run.get(key);
    if (at === undefined) {
      run.set(key, out.length);
      out.push(event);
    } else {
      const previous = out[at] as EventOf<'part-delta'>;
      out[at] = { ...previous, delta: previous.delta + event.delta };
    }
  }
  return out;
}
