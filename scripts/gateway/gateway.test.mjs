import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from './gateway.mjs';

// The host: an OpenCode server at HOST (MSW), whose event stream the test writes to and whose
// pending lists it sets; pushes are recorded instead of sent.
const HOST = 'http://127.0.0.1:4096';
const DIRECTORY = '/home/dev/project';
const encoder = new TextEncoder();
let streams = [];
let pending = { permission: [], question: [] };
let seenAuthorization = [];

const server = setupServer(
  http.get(`${HOST}/health`, () => new HttpResponse('<html>', { headers: { 'content-type': 'text/html' } })),
  http.get(`${HOST}/session/status`, ({ request }) =>
    request.headers.get('authorization') === 'Basic good'
      ? HttpResponse.json({})
      : new HttpResponse(null, { status: 401 }),
  ),
  http.get(`${HOST}/session/:id`, ({ params }) => HttpResponse.json({ id: params.id, title: `Title of ${params.id}` })),
  http.get(`${HOST}/permission`, () => HttpResponse.json(pending.permission)),
  http.get(`${HOST}/question`, () => HttpResponse.json(pending.question)),
  http.get(`${HOST}/event`, ({ request }) => {
    seenAuthorization.push(request.headers.get('authorization'));
    const stream = new ReadableStream({
      start(controller) {
        streams.push(controller);
        controller.enqueue(encoder.encode('data: {"type":"server.connected","properties":{}}\n\n'));
      },
    });
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let dir;
let gateway;
let sent;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-core-test-'));
  streams = [];
  pending = { permission: [], question: [] };
  seenAuthorization = [];
  sent = [];
  gateway = createGateway({
    target: HOST,
    stateDir: join(dir, 'state'),
    log: () => {},
    send: async (subscription, body) => {
      sent.push({ endpoint: subscription.endpoint, payload: JSON.parse(body) });
      return { statusCode: 201 };
    },
  });
});
afterEach(() => {
  gateway.stop();
  rmSync(dir, { recursive: true, force: true });
});

const emit = (type, properties) =>
  streams.at(-1).enqueue(encoder.encode(`data: ${JSON.stringify({ type, properties })}\n\n`));
const until = (check) => expect.poll(check, { timeout: 3000, interval: 20 });

function subscribe(n, runs = false) {
  const { record } = gateway.state.upsert({
    subscription: { endpoint: `https://push.example.test/${n}`, keys: { p256dh: 'p', auth: 'a' } },
    host: `${HOST}/host`,
    directory: DIRECTORY,
    options: { runs },
  });
  gateway.offerCredential('Basic good');
  gateway.ensureWatch(record);
  return record;
}
const kinds = (n) =>
  sent.filter((s) => s.endpoint.endsWith(`/${n}`)).map((s) => `${s.payload.kind}:${s.payload.requestID ?? ''}`);

describe('the gateway core', () => {
  it('asks the host whether it accepts a credential', async () => {
    expect(await gateway.accepts('Basic good')).toBe(true);
    expect(await gateway.accepts('Basic bad')).toBe(false);
  });

  it('pushes a question once with its text and session title, and withdraws it when replied', async () => {
    subscribe(1);
    await until(() => streams.length).toBe(1);
    emit('question.asked', {
      id: 'que_1',
      sessionID: 'ses_a',
      questions: [{ header: 'Branch', question: 'Which branch?', options: [] }],
    });
    emit('question.asked', { id: 'que_1', sessionID: 'ses_a', questions: [] });
    await until(() => kinds(1)).toEqual(['question:que_1']);
    expect(sent[0].payload).toMatchObject({
      title: 'Question: Branch',
      body: expect.stringContaining('Title of ses_a'),
    });
    expect(seenAuthorization).toEqual(['Basic good']);
    emit('question.replied', { sessionID: 'ses_a', requestID: 'que_1' });
    await until(() => kinds(1)).toEqual(['question:que_1', 'withdraw:que_1']);
  });

  it('after a reconnection pushes only what is new and withdraws what was answered meanwhile', async () => {
    subscribe(1);
    await until(() => streams.length).toBe(1);
    emit('permission.asked', { id: 'per_old', sessionID: 'ses_a', permission: 'bash', metadata: { command: 'ls' } });
    await until(() => kinds(1)).toEqual(['permission:per_old']);
    // While the stream is down, per_old is answered and per_new asked.
    pending.permission = [{ id: 'per_new', sessionID: 'ses_b', permission: 'bash', metadata: { command: 'make' } }];
    streams[0].close();
    await until(() => kinds(1)).toEqual(['permission:per_old', 'permission:per_new', 'withdraw:per_old']);
    expect(streams.length).toBe(2);
    // A third connection lists per_new again: no second push.
    streams[1].close();
    await until(() => streams.length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(kinds(1)).toEqual(['permission:per_old', 'permission:per_new', 'withdraw:per_old']);
  });

  it('says a run finished (idle after busy) or failed only to devices that asked for runs', async () => {
    subscribe(1, true);
    subscribe(2, false);
    await until(() => streams.length).toBe(1);
    emit('session.idle', { sessionID: 'ses_a' });
    emit('session.status', { sessionID: 'ses_a', status: { type: 'busy' } });
    emit('session.status', { sessionID: 'ses_a', status: { type: 'idle' } });
    emit('session.idle', { sessionID: 'ses_a' });
    emit('session.error', { sessionID: 'ses_a', error: { name: 'APIError', data: { message: 'Rate limited' } } });
    await until(() => kinds(1)).toEqual(['done:', 'failed:']);
    expect(sent.find((s) => s.payload.kind === 'failed').payload.body).toContain('Rate limited');
    expect(kinds(2)).toEqual([]);
  });
});
