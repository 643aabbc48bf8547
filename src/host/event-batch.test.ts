/** Delta coalescing: merged per part and field within a run of deltas, never across another event. */
import { describe, expect, it } from 'vitest';
import type { HostEvent } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import { coalesceDeltas } from './event-batch';

const delta = (partId: string, text: string, field = 'text'): HostEvent =>
  opencodeEvent('message.part.delta', { sessionID: 'ses_1', messageID: 'msg_1', partID: partId, field, delta: text });
const status = opencodeEvent('session.status', { sessionID: 'ses_1', status: { type: 'busy' } });

const label = (event: HostEvent) =>
  event.kind === 'part-delta' ? `${event.partId}.${event.field}:${event.delta}` : event.kind;

describe('coalesceDeltas', () => {
  it('concatenates the deltas of one part and field in arrival order, at the place of the first', () => {
    const events = [
      delta('a', 'He'),
      delta('b', 'x'),
      delta('a', 'llo'),
      delta('a', 'r', 'reasoning'),
      delta('a', '!'),
    ];
    expect(coalesceDeltas(events).map(label)).toEqual(['a.text:Hello!', 'b.text:x', 'a.reasoning:r']);
  });

  it('never merges across another event, so that event keeps its place between the texts', () => {
    const events = [delta('a', '1'), delta('a', '2'), status, delta('a', '3'), delta('a', '4')];
    expect(coalesceDeltas(events).map(label)).toEqual(['a.text:12', 'session-status', 'a.text:34']);
  });

  it('passes other kinds through untouched and leaves its input alone', () => {
    const events = [status, delta('a', 'x'), status];
    const copy = [...events];
    expect(coalesceDeltas(events)).toEqual(events);
    expect(events).toEqual(copy);
  });
});
