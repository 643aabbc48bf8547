/**
 * The OpenCode event adapter against real frames: `fixtures/opencode-frames.json` is what a real
 * `opencode serve` sent on `GET /event` while e2e/record-frames.mjs (`npm run record:frames`) drove
 * one session through a reply, two permissions, todos, two questions, a subagent, an abort, a
 * provider failure and the deletion. Then hand-made frames that break the format, which must be
 * counted as malformed and never throw, and the repairs the adapter makes.
 */
import { describe, expect, it } from 'vitest';
import type { EventOf, HostEvent, HostEventKind } from '@/domain';
import { decodeOpencodeEvent, decodeOpencodeFrame } from './opencode-events';
import recordingText from './fixtures/opencode-frames.json?raw';
import packageText from '../../package.json?raw';

interface WireFrame {
  id?: string;
  type: string;
  properties: Record<string, unknown>;
}

interface Recording {
  opencode: string;
  frames: WireFrame[];
}

const recording = JSON.parse(recordingText) as Recording;
const frames = recording.frames;

/** Decodes a frame the way the stream does: from its `data:` text. */
const decode = (frame: unknown): HostEvent => decodeOpencodeFrame(JSON.stringify(frame));

const framesOf = (type: string) => frames.filter((frame) => frame.type === type);

function firstFrame(type: string, where: (frame: WireFrame) => boolean = () => true): WireFrame {
  const frame = frames.find((f) => f.type === type && where(f));
  if (!frame) throw new Error(`the recording has no ${type} frame that matches: re-record with npm run record:frames`);
  return frame;
}

/** The decoded event, checked to be of `kind`. */
function decodedAs<K extends HostEventKind>(frame: WireFrame, kind: K): EventOf<K> {
  const event = decode(frame);
  expect(event.kind).toBe(kind);
  return event as EventOf<K>;
}

/** What each wire type the app uses becomes; any other type is `unknown` and not malformed. */
const KIND_OF: Record<string, HostEventKind> = {
  'server.connected': 'connected',
  'server.heartbeat': 'heartbeat',
  'session.created': 'session-updated',
  'session.updated': 'session-updated',
  'session.deleted': 'session-deleted',
  'session.status': 'session-status',
  'session.idle': 'session-idle',
  'session.error': 'session-error',
  'message.updated': 'message-updated',
  'message.removed': 'message-removed',
  'message.part.updated': 'part-updated',
  'message.part.removed': 'part-removed',
  'message.part.delta': 'part-delta',
  'permission.asked': 'permission-asked',
  'permission.replied': 'permission-replied',
  'question.asked': 'question-asked',
  'question.replied': 'question-settled',
  'question.rejected': 'question-settled',
  'todo.updated': 'todos-updated',
  'session.diff': 'session-diff',
};

/** Types the recording's scenario produces; a re-recording without one of them lost coverage. */
const RECORDED_TYPES = [
  'server.connected',
  'server.heartbeat',
  'session.created',
  'session.updated',
  'session.deleted',
  'session.status',
  'session.idle',
  'session.error',
  'message.updated',
  'message.part.updated',
  'message.part.delta',
  'permission.asked',
  'permission.replied',
  'question.asked',
  'question.replied',
  'question.rejected',
  'todo.updated',
  'session.diff',
  'file.watcher.updated',
];

describe('recorded OpenCode frames', () => {
  it('is a recording of the OpenCode version the app pins (else re-record with npm run record:frames)', () => {
    const pkg = JSON.parse(packageText) as { devDependencies: Record<string, string> };
    expect(recording.opencode).toBe(pkg.devDependencies['opencode-ai']);
  });

  it('covers every event the scenario is meant to record', () => {
    const types = new Set(frames.map((frame) => frame.type));
    expect(RECORDED_TYPES.filter((type) => !types.has(type))).toEqual([]);
  });

  it('no real frame is lost to a throw or counted as malformed', () => {
    const flagged: string[] = [];
    for (const [index, frame] of frames.entries()) {
      const event = decode(frame);
      if (event.kind === 'unknown' && event.malformed) flagged.push(`#${index} ${frame.type}`);
    }
    expect(flagged).toEqual([]);
  });

  it('each wire type becomes the event the app listens for; unused types are unknown, not malformed', () => {
    const seen = new Map<string, string>();
    for (const frame of frames) {
      const event = decode(frame);
      const got =
        event.kind === 'unknown'
          ? `unknown ${event.type ?? '(no type)'} malformed=${String(event.malformed)}`
          : event.kind;
      const want = KIND_OF[frame.type] ?? `unknown ${frame.type} malformed=false`;
      if (got !== want) seen.set(frame.type, `${want}, got ${got}`);
      else if (!seen.has(frame.type)) seen.set(frame.type, want);
    }
    const expected = new Map(
      [...seen.keys()].map((type) => [type, KIND_OF[type] ?? `unknown ${type} malformed=false`]),
    );
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(expected));
  });

  it('the stream being open is recognised (connected) and its heartbeats keep it alive', () => {
    expect(decode(firstFrame('server.connected'))).toEqual({ kind: 'connected' });
    for (const frame of framesOf('server.heartbeat')) expect(decode(frame)).toEqual({ kind: 'heartbeat' });
  });

  it("a streamed reply's text arrives as part-delta, and the deltas add up to the reply's final text", () => {
    const first = firstFrame('message.part.delta');
    const props = first.properties;
    expect(decode(first)).toEqual({
      kind: 'part-delta',
      sessionId: props.sessionID,
      messageId: props.messageID,
      partId: props.partID,
      field: 'text',
      delta: props.delta,
    });
    const streamed = framesOf('message.part.delta')
      .map((frame) => decode(frame))
      .filter((event): event is EventOf<'part-delta'> => event.kind === 'part-delta' && event.partId === props.partID)
      .map((event) => event.delta)
      .join('');
    const final = framesOf('message.part.updated')
      .map((frame) => decodedAs(frame, 'part-updated').part)
      .filter((part) => part.id === props.partID)
      .pop();
    expect(final?.type).toBe('text');
    expect(streamed).toBe(final?.type === 'text' ? final.text : undefined);
    expect(streamed).toMatch(/^Hello! This is the scripted model\./);
  });

  it('a request to edit a file shows which file, and can be answered by its id', () => {
    const frame = firstFrame('permission.asked', (f) => f.properties.permission === 'edit');
    const { request } = decodedAs(frame, 'permission-asked');
    expect(request).toMatchObject({
      id: frame.properties.id,
      sessionID: frame.properties.sessionID,
      permission: 'edit',
      patterns: ['notes.txt'],
    });
    expect(request.id).toMatch(/^per_/);
    expect(request.tool?.callID).toEqual(expect.any(String));
    expect(request.metadata).toMatchObject({ filepath: '/workspace/notes.txt' });
  });

  it('a request to run a command shows the command', () => {
    const { request } = decodedAs(
      firstFrame('permission.asked', (f) => f.properties.permission === 'bash'),
      'permission-asked',
    );
    expect(request).toMatchObject({ permission: 'bash', patterns: ['echo hi > hi.txt'] });
  });

  it('an answer to a permission (once, reject) clears that request', () => {
    const asked = framesOf('permission.asked').map((frame) => decodedAs(frame, 'permission-asked').request.id);
    const replied = framesOf('permission.replied').map((frame) => decodedAs(frame, 'permission-replied'));
    expect(replied).toEqual([
      { kind: 'permission-replied', requestId: asked[0], sessionId: expect.stringMatching(/^ses_/), reply: 'once' },
      { kind: 'permission-replied', requestId: asked[1], sessionId: expect.stringMatching(/^ses_/), reply: 'reject' },
    ]);
  });

  it('a session shows busy while it runs and idle when the run ends', () => {
    const statuses = framesOf('session.status').map((frame) => decodedAs(frame, 'session-status'));
    expect(new Set(statuses.map((event) => event.status.type))).toEqual(new Set(['busy', 'idle']));
    for (const [index, frame] of framesOf('session.status').entries()) {
      expect(statuses[index]).toEqual({
        kind: 'session-status',
        sessionId: frame.properties.sessionID,
        status: frame.properties.status,
      });
    }
    for (const frame of framesOf('session.idle'))
      expect(decode(frame)).toEqual({ kind: 'session-idle', sessionId: frame.properties.sessionID });
  });

  it("a message's role, time and error reach the transcript (message-updated)", () => {
    const messages = framesOf('message.updated').map((frame) => ({
      frame,
      event: decodedAs(frame, 'message-updated'),
    }));
    for (const { frame, event } of messages) expect(event.message).toEqual(frame.properties.info);
    expect(new Set(messages.map(({ event }) => event.message.role))).toEqual(new Set(['user', 'assistant']));
    const failed = messages
      .map(({ event }) => event.message)
      .find((message) => message.role === 'assistant' && message.error?.name === 'APIError');
    expect(failed?.role === 'assistant' ? failed.error?.data : undefined).toMatchObject({
      message: 'Scripted failure: the model refused this request',
    });
  });

  it('text, tool and step parts reach the transcript unchanged (part-updated)', () => {
    const parts = framesOf('message.part.updated').map((frame) => ({
      frame,
      part: decodedAs(frame, 'part-updated').part,
    }));
    for (const { frame, part } of parts) expect(part).toEqual(frame.properties.part);
    expect(new Set(parts.map(({ part }) => part.type))).toEqual(
      new Set(['text', 'tool', 'step-start', 'step-finish', 'patch']),
    );
    const toolStates = new Set(
      parts.flatMap(({ part }) => (part.type === 'tool' ? [`${part.tool}:${part.state.status}`] : [])),
    );
    for (const state of [
      'write:completed',
      'bash:error',
      'todowrite:completed',
      'question:completed',
      'question:error',
      'task:completed',
    ])
      expect(toolStates).toContain(state);
  });

  it('a new session (and a subagent child) appears as created; later changes update it', () => {
    const created = framesOf('session.created').map((frame) => decodedAs(frame, 'session-updated'));
    expect(created.map((event) => event.created)).toEqual([true, true]);
    const [root, child] = created.map((event) => event.session);
    expect(root?.parentID).toBeUndefined();
    expect(child?.parentID).toBe(root?.id);
    const updated = framesOf('session.updated').map((frame) => decodedAs(frame, 'session-updated'));
    expect(updated.every((event) => !event.created)).toBe(true);
    expect(updated.map((event) => event.session.title)).toContain('Mock session title');
  });

  it('a deleted session (and its subagent child) leaves the list', () => {
    const deleted = framesOf('session.deleted').map((frame) => decode(frame));
    const created = framesOf('session.created').map((frame) => decodedAs(frame, 'session-updated').session.id);
    expect(new Set(deleted)).toEqual(new Set(created.map((sessionId) => ({ kind: 'session-deleted', sessionId }))));
  });

  it("a run's failure and the user's own stop are told apart (session-error)", () => {
    const errors = framesOf('session.error').map((frame) => decodedAs(frame, 'session-error').error);
    expect(errors).toEqual([
      { name: 'MessageAbortedError', message: 'Aborted' },
      { name: 'APIError', message: 'Scripted failure: the model refused this request' },
    ]);
  });

  it("the agent's todo list arrives whole (todos-updated)", () => {
    const frame = firstFrame('todo.updated');
    expect(decode(frame)).toEqual({
      kind: 'todos-updated',
      sessionId: frame.properties.sessionID,
      todos: frame.properties.todos,
    });
    expect(decodedAs(frame, 'todos-updated').todos.map((todo) => todo.status)).toEqual([
      'completed',
      'in_progress',
      'pending',
    ]);
  });

  it("the agent's question shows its options, and an answer or dismissal clears it", () => {
    const asked = framesOf('question.asked').map((frame) => decodedAs(frame, 'question-asked').request);
    expect(asked[0]?.questions[0]).toMatchObject({
      question: 'Which colour should the button be?',
      header: 'Button colour',
    });
    expect(asked[0]?.questions[0]?.options.map((option) => option.label)).toEqual(['Blue', 'Green']);
    expect(decode(firstFrame('question.replied'))).toEqual({
      kind: 'question-settled',
      requestId: asked[0]?.id,
      sessionId: asked[0]?.sessionID,
      rejected: false,
    });
    expect(decode(firstFrame('question.rejected'))).toEqual({
      kind: 'question-settled',
      requestId: asked[1]?.id,
      sessionId: asked[1]?.sessionID,
      rejected: true,
    });
  });

  it('every recorded session.diff becomes the session-diff event of its session', () => {
    for (const frame of framesOf('session.diff'))
      expect(decodedAs(frame, 'session-diff').sessionId).toBe(frame.properties.sessionID);
  });

  it.each(['file.watcher.updated', 'file.edited', 'plugin.added', 'catalog.updated'])(
    '%s, which the app does not use, is unknown but not malformed',
    (type) => {
      for (const frame of framesOf(type)) expect(decode(frame)).toEqual({ kind: 'unknown', type, malformed: false });
    },
  );

  it('the same frames wrapped by /global/event ({directory, project, payload}) decode to the same events', () => {
    for (const frame of frames) {
      const envelope = { directory: '/workspace', project: 'prj_recorded', payload: frame };
      const bare = decodeOpencodeEvent(frame);
      expect(decodeOpencodeEvent(envelope)).toEqual(bare);
      expect(decode(envelope)).toEqual(bare);
    }
  });
});

describe('frames that break the format', () => {
  it.each([
    ['empty text', ''],
    ['truncated JSON', '{"type":"session.idle","properties":{'],
    ['an SSE line instead of its data', 'data: {"type":"server.connected"}'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a string', '"session.idle"'],
    ['true', 'true'],
    ['an empty list', '[]'],
    ['a list of frames', '[{"type":"server.connected","properties":{}}]'],
    ['an object without type', '{"properties":{"sessionID":"ses_1"}}'],
    ['a numeric type', '{"type":42,"properties":{}}'],
    ['an envelope whose payload has no type', '{"directory":"/workspace","payload":{"properties":{}}}'],
    ['an envelope whose payload is text', '{"directory":"/workspace","payload":"server.connected"}'],
  ])('%s is counted as malformed, not thrown', (_name, data) => {
    expect(() => decodeOpencodeFrame(data)).not.toThrow();
    expect(decodeOpencodeFrame(data)).toEqual({ kind: 'unknown', malformed: true });
  });

  const SES = 'ses_1';
  const MSG = 'msg_1';
  const PRT = 'prt_1';
  const delta = { sessionID: SES, messageID: MSG, partID: PRT, field: 'text', delta: 'Hi' };
  const part = { id: PRT, sessionID: SES, messageID: MSG, type: 'text', text: 'Hi' };
  const permission = { id: 'per_1', sessionID: SES, permission: 'edit', patterns: ['a.txt'], metadata: {}, always: [] };
  const question = { id: 'que_1', sessionID: SES, questions: [{ question: 'Which?', header: 'Pick', options: [] }] };
  const without = (value: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));

  it.each<[string, string, unknown]>([
    ['a delta without properties', 'message.part.delta', undefined],
    ['a delta whose properties are text', 'message.part.delta', 'Hi'],
    ['a delta whose properties are a list', 'message.part.delta', [delta]],
    ['a delta without partID', 'message.part.delta', without(delta, 'partID')],
    ['a delta without messageID', 'message.part.delta', without(delta, 'messageID')],
    ['a delta without sessionID', 'message.part.delta', without(delta, 'sessionID')],
    ['a delta without field', 'message.part.delta', without(delta, 'field')],
    ['a delta with a numeric delta', 'message.part.delta', { ...delta, delta: 42 }],
    ['a delta with a null delta', 'message.part.delta', { ...delta, delta: null }],
    ['a part update without a part', 'message.part.updated', { sessionID: SES }],
    ['a part update whose part is text', 'message.part.updated', { part: 'Hi' }],
    ['a part update whose part lacks an id', 'message.part.updated', { part: without(part, 'id') }],
    ['a part update whose part lacks a type', 'message.part.updated', { part: without(part, 'type') }],
    ['a part update whose part lacks messageID', 'message.part.updated', { part: without(part, 'messageID') }],
    ['a part update whose part lacks sessionID', 'message.part.updated', { part: without(part, 'sessionID') }],
    ['a part removal without partID', 'message.part.removed', { sessionID: SES, messageID: MSG }],
    ['a message update without info', 'message.updated', { sessionID: SES }],
    [
      'a message update whose info lacks sessionID',
      'message.updated',
      { info: { id: MSG, role: 'user', time: { created: 1 } } },
    ],
    [
      'a message update whose info lacks an id',
      'message.updated',
      { info: { sessionID: SES, role: 'user', time: { created: 1 } } },
    ],
    ['a message removal without messageID', 'message.removed', { sessionID: SES }],
    ['a session creation without info', 'session.created', { sessionID: SES }],
    [
      'a session update whose info lacks an id',
      'session.updated',
      { info: { title: 'x', time: { created: 1, updated: 1 } } },
    ],
    ['a session update whose info is text', 'session.updated', { info: SES }],
    ['a session deletion without any id', 'session.deleted', { info: { title: 'x' } }],
    ['a status without a status', 'session.status', { sessionID: SES }],
    ['a status whose status has no type', 'session.status', { sessionID: SES, status: { attempt: 1 } }],
    ['a status without sessionID', 'session.status', { status: { type: 'busy' } }],
    ['an idle without sessionID', 'session.idle', {}],
    ['an idle with an empty sessionID', 'session.idle', { sessionID: '' }],
    ['a permission request without id', 'permission.asked', without(permission, 'id')],
    ['a permission request without sessionID', 'permission.asked', without(permission, 'sessionID')],
    ['a permission request without its permission', 'permission.asked', without(permission, 'permission')],
    ['a permission reply without requestID', 'permission.replied', { sessionID: SES, reply: 'once' }],
    ['a question without questions', 'question.asked', without(question, 'questions')],
    ['a question whose questions are not a list', 'question.asked', { ...question, questions: { question: 'Which?' } }],
    ['a question without id', 'question.asked', without(question, 'id')],
    ['a question answer without requestID', 'question.replied', { sessionID: SES, answers: [] }],
    ['a question dismissal without requestID', 'question.rejected', { sessionID: SES }],
    ['todos that are not a list', 'todo.updated', { sessionID: SES, todos: { content: 'x', status: 'pending' } }],
    ['todos as text', 'todo.updated', { sessionID: SES, todos: 'buy milk' }],
    ['todos without sessionID', 'todo.updated', { todos: [] }],
  ])('%s is counted as malformed (with its wire type), not thrown', (_name, type, properties) => {
    const frame = properties === undefined ? { type } : { type, properties };
    expect(() => decode(frame)).not.toThrow();
    expect(decode(frame)).toEqual({ kind: 'unknown', type, malformed: true });
    expect(decodeOpencodeEvent({ directory: '/workspace', payload: frame })).toEqual({
      kind: 'unknown',
      type,
      malformed: true,
    });
  });

  it('a frame with every field of a delta but the wrong types never reaches the transcript as text', () => {
    const frame = {
      type: 'message.part.delta',
      properties: { sessionID: 1, messageID: {}, partID: [], field: null, delta: 7 },
    };
    expect(decode(frame)).toEqual({ kind: 'unknown', type: 'message.part.delta', malformed: true });
  });
});

describe('repairs', () => {
  it('a todo list with some broken items still shows the good ones', () => {
    const good = [
      { content: 'Read the README', status: 'completed', priority: 'high' },
      { content: 'Run the tests', status: 'pending', priority: 'low' },
    ];
    const frame = {
      type: 'todo.updated',
      properties: { sessionID: 'ses_1', todos: [good[0], null, 'buy milk', 42, ['x'], good[1]] },
    };
    expect(decode(frame)).toEqual({ kind: 'todos-updated', sessionId: 'ses_1', todos: good });
  });

  it('a todo without content or status still shows, as pending text', () => {
    const frame = {
      type: 'todo.updated',
      properties: { sessionID: 'ses_1', todos: [{ content: 7, priority: 'low' }] },
    };
    expect(decode(frame)).toEqual({
      kind: 'todos-updated',
      sessionId: 'ses_1',
      todos: [{ content: '7', status: 'pending', priority: 'low' }],
    });
  });

  it('an empty todo list clears the list', () => {
    expect(decode({ type: 'todo.updated', properties: { sessionID: 'ses_1', todos: [] } })).toEqual({
      kind: 'todos-updated',
      sessionId: 'ses_1',
      todos: [],
    });
  });

  it('a failure report without an error still tells the session it failed', () => {
    expect(decode({ type: 'session.error', properties: { sessionID: 'ses_1' } })).toEqual({
      kind: 'session-error',
      sessionId: 'ses_1',
    });
    expect(decode({ type: 'session.error', properties: { sessionID: 'ses_1', error: 'boom' } })).toEqual({
      kind: 'session-error',
      sessionId: 'ses_1',
    });
  });

  it('a failure outside any session is still reported', () => {
    expect(decode({ type: 'session.error', properties: {} })).toEqual({ kind: 'session-error' });
    expect(decode({ type: 'session.error' })).toEqual({ kind: 'session-error' });
  });

  it("a failure's name and message reach the user", () => {
    const frame = {
      type: 'session.error',
      properties: {
        sessionID: 'ses_1',
        error: { name: 'ProviderAuthError', data: { message: 'Invalid API key', providerID: 'mock' } },
      },
    };
    expect(decode(frame)).toEqual({
      kind: 'session-error',
      sessionId: 'ses_1',
      error: { name: 'ProviderAuthError', message: 'Invalid API key' },
    });
  });

  it('a failure with a name but no readable message shows the name only', () => {
    expect(
      decode({ type: 'session.error', properties: { sessionID: 'ses_1', error: { name: 'UnknownError' } } }),
    ).toEqual({
      kind: 'session-error',
      sessionId: 'ses_1',
      error: { name: 'UnknownError' },
    });
    expect(
      decode({
        type: 'session.error',
        properties: { sessionID: 'ses_1', error: { name: 'UnknownError', data: { message: 42 } } },
      }),
    ).toEqual({
      kind: 'session-error',
      sessionId: 'ses_1',
      error: { name: 'UnknownError' },
    });
  });

  it('a failure without a name is called Error', () => {
    expect(decode({ type: 'session.error', properties: { error: { data: { message: 'It broke' } } } })).toEqual({
      kind: 'session-error',
      error: { name: 'Error', message: 'It broke' },
    });
  });

  it('a permission reply with an unknown answer word still clears the request', () => {
    expect(
      decode({ type: 'permission.replied', properties: { sessionID: 'ses_1', requestID: 'per_1', reply: 'maybe' } }),
    ).toEqual({
      kind: 'permission-replied',
      sessionId: 'ses_1',
      requestId: 'per_1',
    });
  });

  it('a session deletion that names the session only by sessionID still removes it', () => {
    expect(decode({ type: 'session.deleted', properties: { sessionID: 'ses_1' } })).toEqual({
      kind: 'session-deleted',
      sessionId: 'ses_1',
    });
  });

  it('a permission request with missing lists still shows (empty patterns, no tool link)', () => {
    const event = decode({
      type: 'permission.asked',
      properties: {
        id: 'per_1',
        sessionID: 'ses_1',
        permission: 'bash',
        patterns: 'rm -rf',
        tool: { messageID: 'msg_1' },
      },
    });
    expect(event).toEqual({
      kind: 'permission-asked',
      request: expect.objectContaining({
        id: 'per_1',
        permission: 'bash',
        patterns: [],
        always: [],
        metadata: {},
        tool: undefined,
      }),
    });
  });

  it("a session's changed files arrive as session-diff, with OpenCode's `file` read as the path", () => {
    expect(
      decode({
        type: 'session.diff',
        properties: {
          sessionID: 'ses_1',
          diff: [
            { file: 'notes.txt', patch: '@@ -0,0 +1 @@\n+hi\n', additions: 1, deletions: 0, status: 'added' },
            { additions: 3 },
          ],
        },
      }),
    ).toEqual({
      kind: 'session-diff',
      sessionId: 'ses_1',
      files: [{ path: 'notes.txt', status: 'added', additions: 1, deletions: 0, patch: '@@ -0,0 +1 @@\n+hi\n' }],
    });
    expect(decode({ type: 'session.diff', properties: { sessionID: 'ses_1' } })).toEqual({
      kind: 'unknown',
      type: 'session.diff',
      malformed: true,
    });
  });

  it('a frame of a type the app does not know is ignored quietly, whatever its properties', () => {
    expect(decode({ type: 'lsp.client.diagnostics', properties: { path: '/workspace/a.ts' } })).toEqual({
      kind: 'unknown',
      type: 'lsp.client.diagnostics',
      malformed: false,
    });
    expect(decode({ type: 'installation.updated' })).toEqual({
      kind: 'unknown',
      type: 'installation.updated',
      malformed: false,
    });
  });
});
