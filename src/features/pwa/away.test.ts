import type { PushLogEntry } from '@/host';
import { AWAY_AFTER_MS, awayLines, cameBackFromAway } from './away';

function entry(overrides: Partial<PushLogEntry>): PushLogEntry {
  return {
    at: 1_000,
    hostId: 'host_1',
    hostName: 'Laptop',
    sessionID: 'ses_1',
    requestID: 'per_1',
    type: 'received',
    kind: 'permission',
    title: 'Run needs you: bash',
    body: 'npm test',
    ...overrides,
  };
}

describe('While you were away', () => {
  it('shows after two minutes hidden, not after a glance away', () => {
    expect(cameBackFromAway(0, AWAY_AFTER_MS)).toBe(true);
    expect(cameBackFromAway(0, AWAY_AFTER_MS - 1)).toBe(false);
    expect(cameBackFromAway(undefined, AWAY_AFTER_MS)).toBe(false);
  });

  it('one line per request in its latest state, runs too, newest first, each linking to its session', () => {
    const lines = awayLines([
      entry({ at: 1 }),
      entry({ at: 2, type: 'answered', answer: 'once', outcome: 'sent' }),
      entry({ at: 3, requestID: 'que_1', kind: 'question', title: 'Question: Which DB?', sessionID: 'ses_2' }),
      entry({ at: 4, requestID: undefined, kind: 'failed', title: 'Run failed', body: 'Fix the login bug' }),
      entry({ at: 5, requestID: 'x', kind: 'test' }),
    ]);
    expect(lines.map((l) => [l.text, l.url])).toEqual([
      ['Run failed: Fix the login bug (Laptop)', './#/s/ses_1?hostId=host_1'],
      ['Asked: Question: Which DB? (Laptop)', './#/s/ses_2?hostId=host_1'],
      ['Allowed once from a notification: Run needs you: bash (Laptop)', './#/s/ses_1?hostId=host_1'],
    ]);
  });

  it('says when a request asked while away was answered elsewhere', () => {
    const lines = awayLines([entry({ at: 1 }), entry({ at: 2, kind: 'withdraw', title: '' })]);
    expect(lines.map((l) => l.text)).toEqual(['Asked, answered elsewhere: Run needs you: bash (Laptop)']);
  });
});
