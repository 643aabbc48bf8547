import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { needsOpenworkText } from './needs-openwork';
import { PENDING_QUIET_MS, PendingWrite, pendingWriteText } from './pending-write';

describe('pendingWriteText', () => {
  const manual = { mode: 'manual', timeoutMs: 30_000 } as const;

  it('says "Saving…" for the first moment, whatever the host does', () => {
    expect(pendingWriteText(0, manual)).toBe('Saving… 0 s');
    expect(pendingWriteText(PENDING_QUIET_MS - 1, { mode: 'unknown' })).toBe('Saving… 1 s');
  });

  it('after the moment, on a host that holds writes for approval, names the wait and the host timeout', () => {
    expect(pendingWriteText(4_200, manual)).toBe(
      'Waiting for approval on the host… 4 s (the host decides within 30 s)',
    );
  });

  it('on a host that publishes no approvals block, guesses neither approval nor a timeout', () => {
    const text = pendingWriteText(4_200, { mode: 'unknown' });
    expect(text).toBe("Waiting for the host… 4 s: it may be holding the write for its owner's approval.");
    expect(text).not.toMatch(/within|30 s/);
  });

  it('on a host that approves at once never talks about approval', () => {
    expect(pendingWriteText(9_000, { mode: 'auto', timeoutMs: 30_000 })).toBe('Saving… 9 s');
  });
});

describe('PendingWrite', () => {
  afterEach(() => vi.useRealTimers());

  it('turns from "Saving…" into the approval line while the write stays pending', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    render(<PendingWrite since={Date.now()} policy={{ mode: 'unknown' }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Saving… 0 s');
    act(() => vi.advanceTimersByTime(2_000));
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for the host… 2 s');
  });
});

describe('needsOpenworkText', () => {
  it('says what is true for each reason a write control is missing', () => {
    expect(needsOpenworkText('files', 'older-host')).toBe(
      "This host's version has no remote editing of files; reading works through OpenCode.",
    );
    expect(needsOpenworkText('files', 'older-host')).not.toMatch(/read-only/);
    expect(needsOpenworkText('skills', 'read-only-host')).toBe(
      'This OpenWork host is read-only, so skills cannot be changed from here.',
    );
    expect(needsOpenworkText('files', 'direct-opencode')).toMatch(/^Changing files needs an OpenWork host/);
  });
});
