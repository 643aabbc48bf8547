import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPresence, createPusher, PRESENCE_LAPSE_MS } from './push.mjs';
import { openState } from './state.mjs';

let dir;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-push-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** web-push's sendNotification as the push service answers: `statuses` in turn (201 when empty). */
function fakeSend(statuses = []) {
  const calls = [];
  const send = async (subscription, body, options) => {
    calls.push({ subscription, payload: JSON.parse(body), options });
    const statusCode = statuses.shift() ?? 201;
    if (statusCode >= 400)
      throw Object.assign(new Error('Received unexpected response code'), { statusCode, body: 'nope' });
    return { statusCode };
  };
  return { send, calls };
}

function setup(statuses) {
  let now = 1_000_000;
  const clock = { advance: (ms) => (now += ms) };
  const state = openState(join(dir, 'state'));
  const presence = createPresence(() => now);
  const lines = [];
  const fake = fakeSend(statuses);
  const pusher = createPusher({
    state,
    presence,
    subject: 'mailto:t@example.test',
    log: (l) => lines.push(l),
    send: fake.send,
  });
  const sub = state.upsert({
    subscription: { endpoint: 'https://push.example.test/a', keys: { p256dh: 'p', auth: 'a' } },
    host: 'https://h/host',
    options: { runs: false },
  }).record;
  return { state, presence, pusher, sub, clock, lines, calls: fake.calls };
}

const permission = { kind: 'permission', requestID: 'per_1', title: 't', body: 'b' };

describe('presence', () => {
  it('suppresses pushes while the app is visible, and again pushes 45 s after the last "visible"', async () => {
    const { presence, pusher, sub, clock, calls } = setup();
    presence.set(sub.id, true);
    expect(await pusher.push(sub, permission)).toBe('suppressed');
    clock.advance(PRESENCE_LAPSE_MS - 1);
    expect(await pusher.push(sub, permission)).toBe('suppressed');
    clock.advance(1);
    expect(await pusher.push(sub, permission)).toBe('sent');
    expect(calls).toHaveLength(1);
    expect(pusher.outcomes).toMatchObject({ suppressed: 2, sent: 1 });
  });

  it('pushes at once after the app says it is hidden, and a test push ignores presence', async () => {
    const { presence, pusher, sub } = setup();
    presence.set(sub.id, true);
    expect(await pusher.push(sub, { kind: 'test' }, { ignorePresence: true })).toBe('sent');
    presence.set(sub.id, false);
    expect(await pusher.push(sub, permission)).toBe('sent');
  });
});

describe('sending', () => {
  it('sends urgent, with a TTL and a topic from the request', async () => {
    const { pusher, sub, calls, state } = setup();
    await pusher.push(sub, permission);
    expect(calls[0].options).toMatchObject({ urgency: 'high', TTL: 3600, topic: 'per_1' });
    expect(calls[0].options.vapidDetails.publicKey).toBe(state.vapid.publicKey);
    expect(state.get(sub.id)?.lastPushAt).toEqual(expect.any(Number));
  });

  it('drops a subscription the push service answers 410 for', async () => {
    const { pusher, sub, state, lines } = setup([410]);
    expect(await pusher.push(sub, permission)).toBe('expired');
    expect(state.get(sub.id)).toBeUndefined();
    expect(openState(join(dir, 'state')).list()).toEqual([]);
    expect(lines.at(-1)).toMatch(/expired.*status 410.*dropped/);
  });

  it('counts failures with their status and says in the log when a push service keeps failing', async () => {
    const { pusher, sub, state, lines } = setup([500, 503]);
    expect(await pusher.push(sub, permission)).toBe('failed');
    expect(await pusher.push(sub, permission)).toBe('failed');
    expect(state.get(sub.id)).toBeDefined();
    expect(pusher.outcomes.failed).toBe(2);
    expect(pusher.recent[0]).toMatchObject({ outcome: 'failed', status: 503 });
    expect(lines.at(-1)).toMatch(/failed 2 times in a row/);
  });
});
