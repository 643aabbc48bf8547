/**
 * The connection state in words, for the chrome: connecting, live, reconnecting in N s, offline,
 * error; and for an OpenWork host, which part is down: the host itself (its `/health` fails) or
 * its OpenCode engine (the event stream dropped while the host answers).
 */
import { useEffect, useState } from 'react';
import type { HostKind, HostReachability, StreamStatus } from '@/host';

function secondsUntil(epochMs: number, now: number): number {
  return Math.max(0, Math.ceil((epochMs - now) / 1000));
}

/** Text for an event-stream status alone (a direct OpenCode host); `now` in epoch ms. */
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

/** What the chrome shows: a tone for the dot (a `status-*` class), the words, and the reason behind them. */
export interface ConnectionView {
  tone: StreamStatus['state'];
  text: string;
  /** The failed check, when something is down (shown on hover or long-press). */
  detail?: string;
  /** True while a countdown is shown, so the text is refreshed every second. */
  counting: boolean;
}

/**
 * The state of a host's connection as one view. The browser being offline explains everything
 * else; then an OpenWork host that does not answer is the cause (through its proxy the engine
 * is unreachable too); then the engine's stream. `Live` only when both answer.
 *
 * @param kind the paired host's kind: only an OpenWork host has two parts to tell apart.
 * @param now epoch ms.
 */
export function describeConnection(
  kind: HostKind,
  stream: StreamStatus,
  host: HostReachability,
  now: number,
): ConnectionView {
  if (stream.state === 'offline') return { tone: 'offline', text: describeStatus(stream, now), counting: false };
  if (kind === 'openwork' && host.state === 'down') {
    const text =
      host.retryAt > 0
        ? `OpenWork host down — retrying in ${secondsUntil(host.retryAt, now)} s`
        : 'OpenWork host down — will retry';
    const engine = stream.state === 'live' ? ' Its OpenCode engine still answers.' : '';
    return { tone: 'error', text, detail: `${host.reason}.${engine}`, counting: host.retryAt > 0 };
  }
  if (kind === 'openwork') {
    switch (stream.state) {
      case 'reconnecting':
        return {
          tone: 'reconnecting',
          text: `OpenCode engine unreachable — reconnecting in ${secondsUntil(stream.retryAt, now)} s`,
          detail: `The OpenWork host answers; its engine's event stream dropped: ${stream.reason}.`,
          counting: true,
        };
      case 'error':
        return { tone: 'error', text: `OpenCode engine: ${stream.reason}`, detail: stream.reason, counting: true };
      default:
        break;
    }
  }
  const counting = stream.state === 'reconnecting' || stream.state === 'error';
  return {
    tone: stream.state,
    text: describeStatus(stream, now),
    ...(stream.state === 'reconnecting' || stream.state === 'error' ? { detail: stream.reason } : {}),
    counting,
  };
}

/**
 * The connection state of the active host, with "Retry now" while something is down.
 * `host` is the OpenWork host's own reachability (`unknown` for direct OpenCode).
 */
export function ConnectionStatus({
  kind,
  status,
  host = { state: 'unknown' },
  onRetry,
}: {
  kind: HostKind;
  status: StreamStatus;
  host?: HostReachability;
  onRetry?: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const view = describeConnection(kind, status, host, now);
  useEffect(() => {
    if (!view.counting) return;
    // The clock stood still while nothing counted down: catch up at once, then every second.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [view.counting]);
  const down = view.tone === 'reconnecting' || view.tone === 'error';
  return (
    <span className={`status status-${view.tone}`} role="status" aria-live="polite" title={view.detail}>
      <span className="status-dot" aria-hidden="true" />
      {view.text}
      {onRetry && down ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}
