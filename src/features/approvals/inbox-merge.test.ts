/** The inbox across hosts: one list newest first, counts per host, and the line of a host that is down. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuestionRequest } from '@/domain';
import type { HostApproval } from '@/host';
import { buildHost, buildPermission } from '@/testing/builders';
import { countByHost, mergeInbox, streamDownLine, type HostPending } from './inbox';
import { clearSeen, noteSeen, seenAt, SEEN_LIMIT } from './seen';

const laptop = buildHost({ id: 'host_laptop', name: 'Laptop' });
const work = buildHost({ id: 'host_work', name: 'Work' });

const question = (id: string): QuestionRequest => ({
  id,
  sessionID: 'ses_1',
  questions: [{ question: 'Which?', header: 'Pick', options: [{ label: 'A', description: '' }] }],
});
const approval = (id: string, createdAt: number): HostApproval => ({
  id,
  workspaceId: 'ws_1',
  action: 'file.write',
  summary: 'Write a file',
  paths: ['/w/a.txt'],
  createdAt,
  actor: { type: 'remote' },
});
const source = (host: HostPending['host'], parts: Partial<Omit<HostPending, 'host'>> = {}): HostPending => ({
  host,
  permissions: [],
  questions: [],
  hostApprovals: [],
  ...parts,
});

beforeEach(() => clearSeen());

describe('mergeInbox', () => {
  it('puts the newest request first, whichever host it waits on', () => {
    noteSeen('host_laptop', 'per_old', 1_000);
    noteSeen('host_work', 'per_new', 3_000);
    noteSeen('host_laptop', 'que_mid', 2_000);
    const entries = mergeInbox(
      [
        source(laptop, { permissions: [buildPermission({ id: 'per_old' })], questions: [question('que_mid')] }),
        source(work, { permissions: [buildPermission({ id: 'per_new' })] }),
      ],
      seenAt,
    );
    expect(entries.map((e) => [e.host.name, e.request.id])).toEqual([
      ['Work', 'per_new'],
      ['Laptop', 'que_mid'],
      ['Laptop', 'per_old'],
    ]);
  });

  it('dates a host approval by when the host created it', () => {
    noteSeen('host_laptop', 'per_1', 2_000);
    const entries = mergeInbox(
      [
        source(laptop, { permissions: [buildPermission({ id: 'per_1' })] }),
        source(work, { hostApprovals: [approval('apr_1', 5_000)] }),
      ],
      seenAt,
    );
    expect(entries.map((e) => [e.kind, e.host.id])).toEqual([
      ['host-approval', 'host_work'],
      ['permission', 'host_laptop'],
    ]);
  });

  it('orders requests seen in one fetch by id, newest (largest) first, and unseen ones last', () => {
    noteSeen('host_laptop', 'per_a', 1_000);
    noteSeen('host_laptop', 'per_b', 1_000);
    const entries = mergeInbox(
      [source(laptop, { permissions: ['per_a', 'per_unseen', 'per_b'].map((id) => buildPermission({ id })) })],
      seenAt,
    );
    expect(entries.map((e) => e.request.id)).toEqual(['per_b', 'per_a', 'per_unseen']);
  });

  it('keeps the same request id on two hosts apart', () => {
    const entries = mergeInbox(
      [
        source(laptop, { permissions: [buildPermission({ id: 'per_1' })] }),
        source(work, { permissions: [buildPermission({ id: 'per_1' })] }),
      ],
      seenAt,
    );
    expect(entries.map((e) => e.host.id)).toEqual(['host_laptop', 'host_work']);
    expect(countByHost(entries)).toEqual({ host_laptop: 1, host_work: 1 });
  });
});

describe('countByHost', () => {
  it('counts permissions, questions and host approvals of each host', () => {
    const entries = mergeInbox(
      [
        source(laptop, { permissions: [buildPermission({ id: 'per_1' })], questions: [question('que_1')] }),
        source(work, { hostApprovals: [approval('apr_1', 1)] }),
      ],
      seenAt,
    );
    expect(countByHost(entries)).toEqual({ host_laptop: 2, host_work: 1 });
  });
});

describe('noteSeen', () => {
  it('keeps the first sighting: a re-sync does not make an old request new', () => {
    noteSeen('host_laptop', 'per_1', 1_000);
    noteSeen('host_laptop', 'per_1', 9_000);
    expect(seenAt('host_laptop', 'per_1')).toBe(1_000);
  });

  it(`remembers at most ${SEEN_LIMIT} requests, forgetting the oldest first`, () => {
    for (let i = 0; i <= SEEN_LIMIT; i += 1) noteSeen('host_laptop', `per_${i}`, i);
    expect(seenAt('host_laptop', 'per_0')).toBeUndefined();
    expect(seenAt('host_laptop', `per_${SEEN_LIMIT}`)).toBe(SEEN_LIMIT);
  });
});

describe('streamDownLine', () => {
  it('says a reconnecting host may be out of date', () => {
    expect(streamDownLine('Laptop', { state: 'reconnecting', attempt: 2, retryAt: 0, reason: 'closed' })).toBe(
      'Laptop: reconnecting — its requests may be out of date',
    );
  });

  it('names an offline or failing host too', () => {
    expect(streamDownLine('Work', { state: 'offline' })).toBe('Work: offline — its requests may be out of date');
    expect(streamDownLine('Work', { state: 'error', reason: '401 Unauthorized', retryAt: 0 })).toBe(
      'Work: cannot connect (401 Unauthorized) — its requests may be out of date',
    );
  });

  it('says nothing while the stream is live or opening', () => {
    expect(streamDownLine('Laptop', { state: 'live', since: 0 })).toBeUndefined();
    expect(streamDownLine('Laptop', { state: 'connecting', attempt: 1 })).toBeUndefined();
    expect(streamDownLine('Laptop', { state: 'idle' })).toBeUndefined();
  });
});
