/** The event-stream state in words: connecting, live, reconnecting in N s, offline, error. */
import { useEffect, useState } from 'react';
import type { StreamStatus } from '@/host';

function secondsUntil(epochMs: number, now: number): number {
  return Math.max(0, Math.ceil((epochMs - now) / 1000));
}

/** Text for a status; `now` in epoch ms. */
export function describeStatus(status: StreamStatus, now: number): string {
  switch (status.state) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Live';
    case 'reconnecting':
      return `Reconnecting in ${secondsUntil(status.retryAt, now)} s`;
    case 'offline':
      return 'Offline — will reconnect';
    case 'error':
      return `Error: ${status.reason}`;
  }
}

export function ConnectionStatus({ status, onRetry }: { status: StreamStatus; onRetry?: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const counting = status.state === 'reconnecting' || status.state === 'error';
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);
  return (
    <span className={`status status-${status.state}`} role="status" aria-live="polite">
      <span className="status-dot" aria-hidden="true" />
      {describeStatus(status, now)}
      {onRetry && (status.state === 'reconnecting' || status.state === 'error') ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}
