import { describe, expect, it } from 'vitest';
import type { HostEvent, PermissionRequest, QuestionRequest } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import { buildPermission } from '@/testing/builders';
import { countBySession, reducePermissions, reduceQuestions } from './inbox';

const asked = (properties: Record<string, unknown>): HostEvent => opencodeEvent('permission.asked', properties);
const replied = (requestID: string, sessionID = 'ses_1'): HostEvent =>
  opencodeEvent('permission.replied', { sessionID, requestID, reply: 'once' });

function buildQuestion(overrides: Partial<QuestionRequest> = {}): QuestionRequest {
  return {
    id: 'que_1',
    sessionID: 'ses_1',
    questions: [
      { question: 'Which database?', header: 'Database', options: [{ label: 'Postgres', description: 'relational' }] },
    ],
    ...overrides,
  };
}

describe('reducePermissions', () => {
  it('adds a permission.asked request to the inbox', () => {
    const request = buildPermission();
    const next = reducePermissions([], asked({ ...request }));
    expect(next).toEqual([request]);
  });

  it('does not duplicate a request asked twice (e.g. after a reconnect re-list)', () => {
    const request = buildPermission();
    const once = reducePermissions([], asked({ ...request }));
    const twice = reducePermissions(once, asked({ ...request }));
    expect(twice).toHaveLength(1);
    expect(twice).toBe(once);
  });

  it('keeps the order in which requests were asked', () => {
    let state: PermissionRequest[] = [];
    state = reducePermissions(state, asked({ ...buildPermission({ id: 'per_1' }) }));
    state = reducePermissions(state, asked({ ...buildPermission({ id: 'per_2', permission: 'bash' }) }));
    expect(state.map((p) => p.id)).toEqual(['per_1', 'per_2']);
  });

  it('removes a request on permission.replied', () => {
    const state = [buildPermission({ id: 'per_1' }), buildPermission({ id: 'per_2' })];
    expect(reducePermissions(state, replied('per_1')).map((p) => p.id)).toEqual(['per_2']);
  });

  it('returns the same array for a reply to an unknown id', () => {
    const state = [buildPermission({ id: 'per_1' })];
    expect(reducePermissions(state, replied('per_unknown'))).toBe(state);
  });

  it.each([
    ['no id', { sessionID: 'ses_1', permission: 'edit' }],
    ['no sessionID', { id: 'per_1', permission: 'edit' }],
    ['no permission type', { id: 'per_1', sessionID: 'ses_1' }],
    ['a numeric id', { id: 7, sessionID: 'ses_1', permission: 'edit' }],
  ])('ignores a malformed asked event with %s', (_label, properties) => {
    const state: PermissionRequest[] = [];
    expect(reducePermissions(state, asked(properties))).toBe(state);
  });

  it('fills missing patterns, always and metadata with empty defaults', () => {
    const [request] = reducePermissions(
      [],
      asked({ id: 'per_1', sessionID: 'ses_1', permission: 'bash', metadata: null, always: 'oops' }),
    );
    expect(request).toMatchObject({
      id: 'per_1',
      sessionID: 'ses_1',
      permission: 'bash',
      patterns: [],
      always: [],
      metadata: {},
    });
  });

  it('leaves the inbox untouched for other events', () => {
    const state = [buildPermission()];
    expect(reducePermissions(state, opencodeEvent('session.idle', { sessionID: 'ses_1' }))).toBe(state);
  });
});

describe('reduceQuestions', () => {
  it('adds a question.asked request once', () => {
    const question = buildQuestion();
    const once = reduceQuestions([], opencodeEvent('question.asked', { ...question }));
    expect(once).toEqual([question]);
    expect(reduceQuestions(once, opencodeEvent('question.asked', { ...question }))).toBe(once);
  });

  it('ignores a question.asked without questions', () => {
    const state: QuestionRequest[] = [];
    expect(reduceQuestions(state, opencodeEvent('question.asked', { id: 'que_1', sessionID: 'ses_1' }))).toBe(state);
  });

  it.each(['question.replied', 'question.rejected'])('removes the request on %s', (type) => {
    const state = [buildQuestion({ id: 'que_1' }), buildQuestion({ id: 'que_2' })];
    expect(
      reduceQuestions(state, opencodeEvent(type, { sessionID: 'ses_1', requestID: 'que_1' })).map((q) => q.id),
    ).toEqual(['que_2']);
  });

  it('returns the same array when a reply names an unknown question', () => {
    const state = [buildQuestion()];
    expect(reduceQuestions(state, opencodeEvent('question.replied', { sessionID: 'ses_1', requestID: 'que_x' }))).toBe(
      state,
    );
  });
});

describe('countBySession', () => {
  it('counts pending permissions and questions per session', () => {
    const permissions = [
      buildPermission({ id: 'per_1', sessionID: 'ses_a' }),
      buildPermission({ id: 'per_2', sessionID: 'ses_a' }),
      buildPermission({ id: 'per_3', sessionID: 'ses_b' }),
    ];
    const questions = [
      buildQuestion({ id: 'que_1', sessionID: 'ses_b' }),
      buildQuestion({ id: 'que_2', sessionID: 'ses_c' }),
    ];
    expect(countBySession(permissions, questions)).toEqual({ ses_a: 2, ses_b: 2, ses_c: 1 });
  });

  it('is empty when nothing is pending', () => {
    expect(countBySession([], [])).toEqual({});
  });
});
