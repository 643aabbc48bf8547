import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Part, Session, SessionStatus, Todo } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import { buildSession } from '@/testing/builders';
import { buildAssistantMessage, buildTextPart, buildToolPart, buildUserMessage } from '@/testing/transcript-builders';
import { sessionKeys, type MessageWithParts, type SessionListWindow, type TranscriptWindow } from './api';
import { applySessionEvent } from './events';

const HOST = 'host_test';
const messagesKey = sessionKeys.messages(HOST, 'ses_1');
const listKey = sessionKeys.list(HOST);
const statusKey = sessionKeys.statuses(HOST);

let queryClient: QueryClient;
let transcript: MessageWithParts[];

const apply = (type: string, properties: Record<string, unknown>) =>
  applySessionEvent(queryClient, HOST, opencodeEvent(type, properties));
const messages = () => queryClient.getQueryData<TranscriptWindow>(messagesKey)!.messages;

beforeEach(() => {
  // Without structural sharing, so the identity checks below test the event code itself rather
  // than react-query's deep-equal reuse of unchanged objects.
  queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity, structuralSharing: false } },
  });
  transcript = [
    {
      info: buildUserMessage({ id: 'msg_1' }),
      parts: [buildTextPart({ id: 'prt_u', messageID: 'msg_1', text: 'Write a file' })],
    },
    {
      info: buildAssistantMessage({ id: 'msg_2' }),
      parts: [
        buildTextPart({ id: 'prt_a1', messageID: 'msg_2', text: 'Hello! ' }),
        buildToolPart({ id: 'prt_tool', messageID: 'msg_2' }),
        buildTextPart({ id: 'prt_a2', messageID: 'msg_2', text: 'Done' }),
      ],
    },
  ];
  queryClient.setQueryData<TranscriptWindow>(messagesKey, { messages: transcript, earlier: { kind: 'none' } });
});

describe('message.part.delta', () => {
  it('appends text to exactly one part and keeps every other message and part identical', () => {
    const handled = apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_2',
      partID: 'prt_a1',
      field: 'text',
      delta: 'This is',
    });

    expect(handled).toBe(true);
    const after = messages();
    expect(after).not.toBe(transcript);
    expect(after[1]!.parts[0]).toEqual({ ...transcript[1]!.parts[0], text: 'Hello! This is' });
    expect(after[1]!.parts[0]).not.toBe(transcript[1]!.parts[0]);
    // Untouched: the other message, the streamed message's info and its other parts.
    expect(after[0]).toBe(transcript[0]);
    expect(after[1]!.info).toBe(transcript[1]!.info);
    expect(after[1]!.parts[1]).toBe(transcript[1]!.parts[1]);
    expect(after[1]!.parts[2]).toBe(transcript[1]!.parts[2]);
    // The seeded data itself is not mutated.
    expect(transcript[1]!.parts[0]).toMatchObject({ text: 'Hello! ' });
  });

  it('accumulates successive deltas in order', () => {
    for (const delta of ['a', 'b', 'c'])
      apply('message.part.delta', { sessionID: 'ses_1', messageID: 'msg_2', partID: 'prt_a2', field: 'text', delta });
    expect(messages()[1]!.parts[2]).toMatchObject({ text: 'Doneabc' });
  });

  it('ignores a delta for an unknown part or message', () => {
    apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_2',
      partID: 'prt_missing',
      field: 'text',
      delta: 'x',
    });
    apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_missing',
      partID: 'prt_a1',
      field: 'text',
      delta: 'x',
    });
    expect(messages()).toBe(transcript);
  });

  it('ignores a delta for a field that is not text on that part', () => {
    apply('message.part.delta', {
      sessionID: 'ses_1',
      messageID: 'msg_2',
      partID: 'prt_tool',
      field: 'state',
      delta: 'x',
    });
    expect(messages()).toBe(transcript);
  });
});

describe('message.part.updated', () => {
  it('replaces a known part in place', () => {
    const running = buildToolPart({
      id: 'prt_tool',
      messageID: 'msg_2',
      state: { status: 'running', input: { command: 'ls' }, time: { start: 1 } },
    });
    apply('message.part.updated', { sessionID: 'ses_1', part: running });

    const after = messages();
    expect(after[1]!.parts.map((p) => p.id)).toEqual(['prt_a1', 'prt_tool', 'prt_a2']);
    expect(after[1]!.parts[1]).toBe(running);
    expect(after[1]!.parts[0]).toBe(transcript[1]!.parts[0]);
    expect(after[0]).toBe(transcript[0]);
  });

  it('appends a new part to its message', () => {
    const part: Part = buildTextPart({ id: 'prt_a3', messageID: 'msg_2', text: '' });
    apply('message.part.updated', { sessionID: 'ses_1', part });
    expect(messages()[1]!.parts.map((p) => p.id)).toEqual(['prt_a1', 'prt_tool', 'prt_a2', 'prt_a3']);
  });

  it('refetches instead of guessing when the part belongs to a message it has not seen', () => {
    apply('message.part.updated', { sessionID: 'ses_1', part: buildTextPart({ id: 'prt_x', messageID: 'msg_9' }) });
    expect(queryClient.getQueryState(messagesKey)?.isInvalidated).toBe(true);
    expect(messages()).toBe(transcript);
  });
});

describe('message.updated', () => {
  it('adds a new message in id order with no parts yet', () => {
    const late = buildAssistantMessage({ id: 'msg_3' });
    const early = buildAssistantMessage({ id: 'msg_15' });
    apply('message.updated', { sessionID: 'ses_1', info: late });
    apply('message.updated', { sessionID: 'ses_1', info: early });
    expect(messages().map((m) => m.info.id)).toEqual(['msg_1', 'msg_15', 'msg_2', 'msg_3']);
    expect(messages().find((m) => m.info.id === 'msg_3')).toEqual({ info: late, parts: [] });
  });

  it('updates a known message and keeps its parts', () => {
    const completed = buildAssistantMessage({
      id: 'msg_2',
      time: { created: 2_000, completed: 3_000 },
      finish: 'stop',
    });
    apply('message.updated', { sessionID: 'ses_1', info: completed });
    expect(messages()[1]!.info).toBe(completed);
    expect(messages()[1]!.parts).toBe(transcript[1]!.parts);
    expect(messages()[0]).toBe(transcript[0]);
  });
});

describe('session status', () => {
  it('session.status sets the status of one session', () => {
    queryClient.setQueryData<Record<string, SessionStatus>>(statusKey, { ses_2: { type: 'busy' } });
    apply('session.status', { sessionID: 'ses_1', status: { type: 'busy' } });
    expect(queryClient.getQueryData(statusKey)).toEqual({ ses_1: { type: 'busy' }, ses_2: { type: 'busy' } });
  });

  it('session.idle marks the session idle', () => {
    queryClient.setQueryData<Record<string, SessionStatus>>(statusKey, { ses_1: { type: 'busy' } });
    apply('session.idle', { sessionID: 'ses_1' });
    expect(queryClient.getQueryData(statusKey)).toEqual({ ses_1: { type: 'idle' } });
  });
});

const windowOf = (sessions: Session[]): SessionListWindow => ({ sessions, limit: 50, complete: true });

describe('session list', () => {
  const older = buildSession({ id: 'ses_old', time: { created: 1, updated: 1_000 } });
  const newer = buildSession({ id: 'ses_new', time: { created: 1, updated: 5_000 } });

  it('session.created adds the session, newest first', () => {
    queryClient.setQueryData<SessionListWindow>(listKey, windowOf([newer, older]));
    const created = buildSession({ id: 'ses_created', time: { created: 9_000, updated: 9_000 } });
    apply('session.created', { sessionID: 'ses_created', info: created });
    expect(queryClient.getQueryData<SessionListWindow>(listKey)!.sessions.map((s) => s.id)).toEqual([
      'ses_created',
      'ses_new',
      'ses_old',
    ]);
  });

  it('session.created ignores child sessions (parentID)', () => {
    const list = windowOf([newer, older]);
    queryClient.setQueryData<SessionListWindow>(listKey, list);
    apply('session.created', {
      sessionID: 'ses_child',
      info: buildSession({ id: 'ses_child', parentID: 'ses_new', time: { created: 9_000, updated: 9_000 } }),
    });
    expect(queryClient.getQueryData(listKey)).toBe(list);
  });

  it('session.updated re-sorts a session that moved to the top without duplicating it', () => {
    queryClient.setQueryData<SessionListWindow>(listKey, windowOf([newer, older]));
    apply('session.updated', {
      sessionID: 'ses_old',
      info: { ...older, title: 'Renamed', time: { created: 1, updated: 8_000 } },
    });
    const list = queryClient.getQueryData<SessionListWindow>(listKey)!.sessions;
    expect(list.map((s) => [s.id, s.title])).toEqual([
      ['ses_old', 'Renamed'],
      ['ses_new', 'My session'],
    ]);
  });
});

describe('todo.updated', () => {
  it('sets the todos of the session', () => {
    const todos: Todo[] = [{ content: 'Write tests', status: 'in_progress', priority: 'high' }];
    apply('todo.updated', { sessionID: 'ses_1', todos });
    expect(queryClient.getQueryData(sessionKeys.todos(HOST, 'ses_1'))).toEqual(todos);
  });
});

it('reports events it does not handle', () => {
  expect(apply('permission.asked', { id: 'per_1' })).toBe(false);
  expect(apply('server.heartbeat', {})).toBe(false);
  expect(messages()).toBe(transcript);
});
