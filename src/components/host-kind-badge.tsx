/** The "OpenWork" / "OpenCode" badge: always says which kind of host this is, and why on hover/tap. */
import type { HostKind } from '@/host';

export function HostKindBadge({ kind, reason }: { kind: HostKind; reason?: string }) {
  return (
    <span
      className={`badge badge-${kind}`}
      title={reason}
      aria-label={`Host kind: ${kind === 'openwork' ? 'OpenWork' : 'OpenCode'}`}
    >
      {kind === 'openwork' ? 'OpenWork' : 'OpenCode'}
    </span>
  );
}
