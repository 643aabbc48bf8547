/**
 * Events a bad host may send (docs/security.md, "event stream"): unknown types, events for
 * sessions, messages and parts this device never saw, and known types with malformed payloads.
 * None may throw, create data out of nothing, or replace good data with broken data.
 */
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionStatus, Todo } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import { buildSession } from '@/testing/builders';
import { buildAssistantMessage, buildTextPart } from '@/testing/transcript-builders';
import { sessionKeys, type SessionListWindow, type TranscriptWindow } from './api';
import { applySessionEvent } from './events';

const HOST = 'host_test';
const messagesKey = sessionKeys.messages(HOST, 'ses_1');
let queryClient: QueryClient;

const apply = (type: string, properties: Record<string, unknown>) =>
  applySessionEvent(queryClient, HOST, opencodeEvent(type, properties));

beforeEach(() => {
  queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity, structuralSharing: false } },
  });
  queryClient.setQueryData<TranscriptWindow>(messagesKey, {
    messages: [
      {
        info: buildAssistantMessage({ id: 'msg_2' }),
        parts: [buildTextPart({ id: 'prt_1', messageID: 'msg_2', text: 'Hello' })],
      },
    ],
    earlier: { kind: 'none' },
  });
  queryClient.setQueryData<SessionListWindow>(sessionKeys.list(HOST), {
    sessions: [buildSession()],
    limit: 50,
    complete: true,
  });
  queryClient.setQueryData<Record<string, SessionStatus>>(sessionKeys.statuses(HOST), { ses_1: { type: 'idle' } });
  queryClient.setQueryData<Todo[]>(sessionKeys.todos(HOST, 'ses_1'), []);
});

/** Every cache entry, to compare before and after by identity. */
function snapshot() {
  return queryClient
    .getQueryCache()
    .getAll()
    .map((query) => [JSON.stringify(query.queryKey), query.state.data] as const);
}

describe('events a bad host may send', () => {
  it('unknown event types are not claimed and change nothing', () => {
    const before = snapshot();
    expect(apply('made.up.event', { sessionID: 'ses_1', info: { id: 'x' } })).toBe(false);
    expect(apply('session.next.whatever', {})).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [
      'message.updated for a session never loaded',
      'message.updated',
      { info: { id: 'msg_9', sessionID: 'ses_never', role: 'assistant' } },
    ],
    [
      'message.part.updated for a session never loaded',
      'message.part.updated',
      { part: { id: 'prt_9', sessionID: 'ses_never', messageID: 'msg_9', type: 'text', text: 'x' } },
    ],
    [
      'message.part.delta for a part that does not exist',
      'message.part.delta',
      { sessionID: 'ses_1', messageID: 'msg_2', partID: 'prt_ghost', field: 'text', delta: 'x' },
    ],
    [
      'message.part.delta for a message that does not exist',
      'message.part.delta',
      { sessionID: 'ses_1', messageID: 'msg_ghost', partID: 'prt_1', field: 'text', delta: 'x' },
    ],
    [
      'message.part.delta into a field that is not text',
      'message.part.delta',
      { sessionID: 'ses_1', messageID: 'msg_2', partID: 'prt_1', field: 'time', delta: 'x' },
    ],
    [
      'message.removed for a message that does not exist',
      'message.removed',
      { sessionID: 'ses_1', messageID: 'msg_ghost' },
    ],
    [
      'message.part.updated without an id',
      'message.part.updated',
      { part: { sessionID: 'ses_1', messageID: 'msg_2', type: 'text', text: 'x' } },
    ],
    ['message.part.updated with a string part', 'message.part.updated', { part: 'prt_1' }],
    ['message.updated without a session', 'message.updated', { info: { id: 'msg_2', role: 'assistant' } }],
    ['session.updated without an id', 'session.updated', { info: { title: 'no id' } }],
    ['session.status with a string status', 'session.status', { sessionID: 'ses_1', status: 'busy' }],
    ['todo.updated with todos that are not a list', 'todo.updated', { sessionID: 'ses_1', todos: { a: 1 } }],
    [
      'message.part.delta with a numeric delta',
      'message.part.delta',
      { sessionID: 'ses_1', messageID: 'msg_2', partID: 'prt_1', field: 'text', delta: 5 },
    ],
  ] as const)('%s: ignored, nothing created or broken', (_label, type, properties) => {
    const before = snapshot();
    expect(() => apply(type, properties)).not.toThrow();
    expect(snapshot()).toEqual(before);
    expect(queryClient.getQueryData(sessionKeys.messages(HOST, 'ses_never'))).toBeUndefined();
  });

  it('a malformed but identifiable message is repaired, not stored as is', () => {
    apply('message.updated', { info: { id: 'msg_3', sessionID: 'ses_1', role: 'robot', error: 'boom', time: 'now' } });
    const added = queryClient.getQueryData<TranscriptWindow>(messagesKey)!.messages.find((m) => m.info.id === 'msg_3')!;
    expect(added.info.role).toBe('assistant');
    expect(added.info.time).toEqual({ created: 0 });
    expect(added.info.role === 'assistant' && added.info.error).toEqual({ name: 'boom', data: undefined });
  });

  it('a tool part with a broken state is repaired so the transcript can render it', () => {
    apply('message.part.updated', {
      part: {
        id: 'prt_t',
        sessionID: 'ses_1',
        messageID: 'msg_2',
        type: 'tool',
        tool: 7,
        state: { status: 'exploded', output: { a: 1 } },
      },
    });
    const part = queryClient
      .getQueryData<TranscriptWindow>(messagesKey)!
      .messages[0]!.parts.find((p) => p.id === 'prt_t');
    expect(part).toMatchObject({ type: 'tool', tool: '7', state: { status: 'pending', input: {}, output: '{"a":1}' } });
  });

  it('todos with broken items are repaired', () => {
    apply('todo.updated', {
      sessionID: 'ses_1',
      todos: [{ content: 42, status: null }, null, { content: 'ok', status: 'completed' }],
    });
    expect(queryClient.getQueryData(sessionKeys.todos(HOST, 'ses_1'))).toEqual([
      { content: '42', status: 'pending' },
      { content: 'ok', status: 'completed' },
    ]);
  });
});
