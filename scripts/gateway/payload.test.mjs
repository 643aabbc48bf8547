import { describe, expect, it } from 'vitest';
import { buildPayload, MAX_PAYLOAD_BYTES, topicFor } from './payload.mjs';

const host = 'https://192.168.1.20:4173/host';
const at = 1_800_000_000_000;

describe('buildPayload', () => {
  it('names the tool, the command, the session and the host of a permission request', () => {
    const payload = buildPayload({
      kind: 'permission',
      host,
      sessionID: 'ses_1',
      sessionTitle: 'Fix the login bug',
      permission: { id: 'per_1', permission: 'bash', patterns: ['npm test'], metadata: { command: 'npm test' } },
      at,
    });
    expect(payload).toEqual({
      kind: 'permission',
      host,
      sessionID: 'ses_1',
      requestID: 'per_1',
      title: 'Run needs you: bash',
      body: 'npm test — Fix the login bug · 192.168.1.20:4173',
      at,
    });
  });

  it('names the path of an edit and the question asked', () => {
    const edit = buildPayload({
      kind: 'permission',
      host,
      sessionID: 's',
      permission: { id: 'per_2', permission: 'edit', patterns: ['src/a.ts'], metadata: { filepath: '/repo/src/a.ts' } },
      at,
    });
    expect(edit.title).toBe('Run needs you: edit');
    expect(edit.body).toContain('/repo/src/a.ts');
    const question = buildPayload({
      kind: 'question',
      host,
      sessionID: 's',
      sessionTitle: 'Release',
      question: { id: 'que_1', questions: [{ header: 'Branch', question: 'Which branch do I release?' }] },
      at,
    });
    expect(question).toMatchObject({ requestID: 'que_1', title: 'Question: Branch' });
    expect(question.body).toBe('Which branch do I release? — Release · 192.168.1.20:4173');
  });

  it('says a run finished or failed, withdraws by request id, and tests', () => {
    expect(buildPayload({ kind: 'done', host, sessionID: 's', sessionTitle: 'Docs', at })).toMatchObject({
      title: 'Run finished',
      body: 'Docs · 192.168.1.20:4173',
    });
    const failed = buildPayload({ kind: 'failed', host, sessionID: 's', error: 'Rate limited', at });
    expect(failed.title).toBe('Run failed');
    expect(failed.body).toContain('Rate limited');
    const withdraw = buildPayload({ kind: 'withdraw', host, sessionID: 's', requestID: 'per_9', at });
    expect(withdraw).toMatchObject({ kind: 'withdraw', requestID: 'per_9' });
    expect(buildPayload({ kind: 'test', host, at })).toMatchObject({ kind: 'test', title: 'Test notification' });
  });

  it('shortens long commands and titles and stays within 3 KB', () => {
    const command = `node -e "${'x'.repeat(5000)}"`;
    const payload = buildPayload({
      kind: 'permission',
      host,
      sessionID: 's',
      sessionTitle: 'T'.repeat(500),
      permission: { id: 'per_3', permission: 'bash'.repeat(50), metadata: { command } },
      at,
    });
    expect(payload.title.length).toBeLessThanOrEqual(60);
    expect(payload.body.length).toBeLessThanOrEqual(240);
    expect(payload.body).toContain('…');
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  it('never carries the credential, a bearer token or a password in a URL', () => {
    const authorization = `Basic ${Buffer.from('opencode:hunter2-secret').toString('base64')}`;
    const payload = buildPayload({
      kind: 'permission',
      host,
      sessionID: 's',
      sessionTitle: 'Deploy with Bearer abcdef123456',
      permission: {
        id: 'per_4',
        permission: 'bash',
        metadata: {
          command: `curl -H "Authorization: ${authorization}" https://bot:hunter2-secret@example.test/ && echo hunter2-secret`,
        },
      },
      secrets: [authorization],
      at,
    });
    const text = JSON.stringify(payload);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain(authorization.slice(6));
    expect(text).not.toContain('abcdef123456');
    expect(payload.body).toContain('curl');
  });
});

describe('topicFor', () => {
  it('makes a Web Push Topic (≤ 32 URL-safe characters) that differs per request', () => {
    const a = topicFor('per_23bfde9d5001WQk8lK4N0LkG6L');
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(topicFor('per_23bfde9d5001WQk8lK4N0LkG6M')).not.toBe(a);
  });
});
