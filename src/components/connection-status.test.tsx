/** The chrome's connection state: which part of an OpenWork host is down, and "Live" only when both answer. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { HostReachability, StreamStatus } from '@/host';
import { ConnectionStatus } from './connection-status';

const now = Date.now();
const live: StreamStatus = { state: 'live', since: now };
const reconnecting: StreamStatus = { state: 'reconnecting', attempt: 1, retryAt: now + 3_000, reason: 'fetch failed' };
const up: HostReachability = { state: 'up', since: now };
const down: HostReachability = {
  state: 'down',
  since: now,
  reason: 'the host could not be reached',
  retryAt: now + 2_000,
};

function status() {
  return screen.getByRole('status');
}

describe('ConnectionStatus', () => {
  it('is Live when the OpenWork host and its engine both answer', () => {
    render(<ConnectionStatus kind="openwork" status={live} host={up} />);
    expect(status()).toHaveTextContent(/^Live$/);
  });

  it('says the OpenWork host is down while its engine still streams (no proxy in between)', () => {
    render(<ConnectionStatus kind="openwork" status={live} host={down} onRetry={() => undefined} />);
    expect(status()).toHaveTextContent(/OpenWork host down — retrying in 2 s/);
    expect(status()).not.toHaveTextContent('Live');
    expect(status()).toHaveAttribute('title', 'the host could not be reached. Its OpenCode engine still answers.');
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
  });

  it('blames the host, not the engine, when both are down (the stream goes through its proxy)', () => {
    render(<ConnectionStatus kind="openwork" status={reconnecting} host={down} />);
    expect(status()).toHaveTextContent(/OpenWork host down/);
    expect(status()).not.toHaveTextContent(/engine/);
  });

  it('names the engine when only the stream is down', () => {
    render(<ConnectionStatus kind="openwork" status={reconnecting} host={up} />);
    expect(status()).toHaveTextContent(/OpenCode engine unreachable — reconnecting in 3 s/);
  });

  it('says offline first: the browser being offline explains everything else', () => {
    render(<ConnectionStatus kind="openwork" status={{ state: 'offline' }} host={down} />);
    expect(status()).toHaveTextContent('Offline — will reconnect');
  });

  it('keeps the plain wording for a direct OpenCode host', () => {
    render(<ConnectionStatus kind="opencode" status={reconnecting} />);
    expect(status()).toHaveTextContent(/^Reconnecting in 3 s$/);
  });

  it('"Retry now" calls back', async () => {
    const onRetry = vi.fn();
    render(<ConnectionStatus kind="openwork" status={live} host={down} onRetry={onRetry} />);
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
