/**
 * Shown while a write is in flight on an OpenWork host. A host may hold a write until its owner
 * answers, so after a moment ({@link PENDING_QUIET_MS}) the line says so, with the time waited.
 * Before that moment it only says "Saving…": a host that approves at once has usually answered by
 * then, and a host that does not publish how it approves is not assumed to hold anything.
 */
import { useEffect, useState } from 'react';
import type { openwork } from '@/host';

/** How long a write runs before the line talks about approval, in ms. */
export const PENDING_QUIET_MS = 1_500;

/**
 * The line for a write pending `waitedMs` (ms) under the host's `policy`:
 * - first {@link PENDING_QUIET_MS}, or any time on an `auto` host: "Saving… N s";
 * - `manual`: "Waiting for approval on the host… N s (the host decides within T s)";
 * - `unknown` (the host does not publish it): "Waiting for the host… N s: it may be holding the
 *   write for its owner's approval." (no timeout is guessed).
 */
export function pendingWriteText(waitedMs: number, policy: openwork.ApprovalPolicy): string {
  const waited = `${Math.max(0, Math.floor(waitedMs / 1000))} s`;
  if (policy.mode === 'auto' || waitedMs < PENDING_QUIET_MS) return `Saving… ${waited}`;
  if (policy.mode === 'manual')
    return `Waiting for approval on the host… ${waited} (the host decides within ${Math.round(policy.timeoutMs / 1000)} s)`;
  return `Waiting for the host… ${waited}: it may be holding the write for its owner's approval.`;
}

/** "Saving…", then (while the write stays pending) what the host is likely doing; see {@link pendingWriteText}. */
export function PendingWrite({ since, policy }: { since: number; policy: openwork.ApprovalPolicy }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Every half second: the quiet moment ends on time, and seconds tick visibly.
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="pending-write" role="status">
      {pendingWriteText(now - since, policy)}
    </p>
  );
}
