import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

/** The un-jittered delay for `attempt`: min(max, base·2^attempt). */
function ceiling(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** attempt);
}

const randoms = [0, 0.25, 0.5, 0.999_999];

describe('backoffDelay', () => {
  it.each([
    { baseMs: 500, maxMs: 30_000 },
    { baseMs: 1_000, maxMs: 8_000 },
  ])('stays within [0.5, 1] × min(max, base·2^n) for $baseMs/$maxMs', (options) => {
    for (let attempt = 0; attempt <= 20; attempt += 1) {
      for (const value of randoms) {
        const delay = backoffDelay(attempt, options, () => value);
        const top = ceiling(attempt, options.baseMs, options.maxMs);
        expect(delay, `attempt ${attempt}, random ${value}`).toBeGreaterThanOrEqual(top * 0.5);
        expect(delay, `attempt ${attempt}, random ${value}`).toBeLessThanOrEqual(top);
      }
    }
  });

  it('never exceeds maxMs, even after many attempts', () => {
    for (const attempt of [10, 30, 100, 1_000]) {
      expect(backoffDelay(attempt, { baseMs: 500, maxMs: 30_000 }, () => 0.999_999)).toBeLessThanOrEqual(30_000);
    }
    expect(Number.isFinite(backoffDelay(5_000, {}, () => 0.5))).toBe(true);
  });

  it('uses 500 ms and 30 s as defaults', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(250);
    expect(backoffDelay(50, {}, () => 0)).toBe(15_000);
  });

  it('grows with each attempt until it reaches the cap', () => {
    const delays = Array.from({ length: 8 }, (_, attempt) =>
      backoffDelay(attempt, { baseMs: 500, maxMs: 30_000 }, () => 0.5),
    );
    expect(delays).toEqual([375, 750, 1_500, 3_000, 6_000, 12_000, 22_500, 22_500]);
  });

  it('spreads clients dropped together (jitter) without ever reaching zero', () => {
    const low = backoffDelay(3, {}, () => 0);
    const high = backoffDelay(3, {}, () => 0.999_999);
    expect(low).toBe(2_000);
    expect(high).toBeGreaterThan(low);
    expect(backoffDelay(0, { baseMs: 1 }, () => 0)).toBeGreaterThan(0);
  });

  it('treats a negative attempt as the first one', () => {
    expect(backoffDelay(-3, {}, () => 0.5)).toBe(backoffDelay(0, {}, () => 0.5));
  });
});
