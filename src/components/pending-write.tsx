/**
 * Shown while a write is in flight on an OpenWork host with manual approvals: the host holds the
 * request until its owner answers (default 30 s), so say so, with the time waited.
 */
import { useEffect, useState } from 'react';

export function PendingWrite({ since, timeoutMs, manual }: { since: number; timeoutMs: number; manual: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const waited = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <p className="pending-write" role="status">
      {manual
        ? `Waiting for approval on the host… ${waited} s (the host decides within ${Math.round(timeoutMs / 1000)} s)`
        : `Saving… ${waited} s`}
    </p>
  );
}
