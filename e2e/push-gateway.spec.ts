/**
 * The push gateway (`npm start -- --proxy <host>`) against a real `opencode serve` with a password
 * and the scripted model, pushing to a fake push service that checks VAPID and decrypts each push
 * itself: a permission request reaches a subscribed device exactly once and names the command, an
 * answer elsewhere withdraws it, a visible app gets no push, a 410 drops the subscription, a
 * restart keeps subscriptions and resumes watching, and wrong credentials or bodies are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hostApi, startGateway } from './fixtures/gateway.mjs';
import type { Device, PushPayload as Payload } from './push-sw';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';
import { startOpenworkHost } from './fixtures/openwork-host.mjs';
import { startPushService } from './fixtures/push-service.mjs';

type Gateway = Awaited<ReturnType<typeof startGateway>>;
interface Status {
  watching: { host: string; directory?: string; state: string }[];
  outcomes: { sent: number; suppressed: number; expired: number; failed: number };
}

const PASSWORD = 'push-gateway-e2e-password';
let llm: Awaited<ReturnType<typeof startMockLlm>>;
let opencode: Awaited<ReturnType<typeof startOpencode>>;
let pushService: Awaited<ReturnType<typeof startPushService>>;
let gateway: Gateway;
let stateDir: string;
let auth: string;
let device: Device;
let deviceId: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function start(port = 0): Promise<Gateway> {
  return startGateway({ proxy: opencode.url, stateDir, caFile: pushService.caFile, port });
}

/** A call to the gateway's own routes. */
async function call(method: string, route: string, body?: unknown, authorization: string | undefined = auth) {
  const response = await fetch(`${gateway.url}${route}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function subscribe(target: Device, extra: Record<string, unknown> = {}, authorization = auth) {
  return call(
    'POST',
    '/push/subscriptions',
    { subscription: target.subscription, host: gateway.hostUrl, directory: opencode.workspaceDir, ...extra },
    authorization,
  );
}

/** The host API through the gateway's /host proxy, with the device's credential: what the app does. */
function host(method: string, route: string, body?: unknown): Promise<unknown> {
  return hostApi(gateway, auth, opencode.workspaceDir)(method, route, body);
}

/** Starts a run whose agent asks to run `command`; resolves with the session id. */
async function askToRun(title: string, command: string): Promise<string> {
  const session = (await host('POST', '/session', { title })) as { id: string };
  await host('POST', `/session/${session.id}/prompt_async`, {
    parts: [{ type: 'text', text: `please run the command \`${command}\`` }],
  });
  return session.id;
}

async function pendingPermission(sessionID: string): Promise<string> {
  return waitFor('the permission request', async () => {
    const list = (await host('GET', `/permission?directory=${encodeURIComponent(opencode.workspaceDir)}`)) as {
      id: string;
      sessionID: string;
    }[];
    return list.find((p) => p.sessionID === sessionID)?.id;
  });
}

const status = async () => (await call('GET', '/push/status')).body as Status;
const payloads = (target: Device) => target.received.map((push) => push.payload as Payload);

beforeAll(async () => {
  llm = await startMockLlm();
  opencode = await startOpencode({ llm, password: PASSWORD });
  auth = opencode.headers.Authorization ?? '';
  pushService = await startPushService();
  stateDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'owpwa-gateway-')), 'state');
  gateway = await start();
  device = pushService.subscribe();
  const subscribed = await subscribe(device);
  expect(subscribed.status).toBe(201);
  deviceId = subscribed.body.id;
  await waitFor('the watch to be live', async () =>
    (await status()).watching[0]?.state === 'live' ? true : undefined,
  );
});

afterAll(async () => {
  await gateway?.stop();
  await pushService?.close();
  await opencode?.stop();
  await llm?.close();
  if (stateDir) rmSync(path.dirname(stateDir), { recursive: true, force: true });
});

describe('push gateway', () => {
  it('hands out its VAPID key and refuses a credential the host rejects or a malformed body', async () => {
    const key = await call('GET', '/push/vapid-public-key');
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);

    const wrong = await subscribe(
      pushService.subscribe(),
      {},
      `Basic ${Buffer.from('opencode:wrong').toString('base64')}`,
    );
    expect(wrong).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    // No Authorization header at all.
    expect((await call('GET', '/push/subscriptions', undefined, '')).status).toBe(401);

    const notJson = await call('POST', '/push/subscriptions', '{"subscription":');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'bad-request' } });
    expect(notJson.body.message).toMatch(/not JSON/);
    const noKeys = await call('POST', '/push/subscriptions', {
      subscription: { endpoint: `${pushService.origin}/push/x` },
      host: gateway.hostUrl,
    });
    expect(noKeys.status).toBe(400);
    expect(noKeys.body.message).toMatch(/p256dh/);
    const foreign = await subscribe(pushService.subscribe(), { host: 'http://127.0.0.1:1/elsewhere' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/host/);
    // Subscribing the same endpoint again keeps its id.
    expect(await subscribe(device)).toEqual({ status: 200, body: { id: deviceId } });
  });

  it('pushes a permission request once, naming the command, and withdraws it once answered elsewhere', async () => {
    expect((await call('PATCH', `/push/subscriptions/${deviceId}`, { options: { runs: true } })).status).toBe(200);
    const before = device.received.length;
    const sessionID = await askToRun('Fix the login bug', 'echo pushed > pushed.txt');
    const push = await device.next({ after: before });
    const asked = push.payload as Payload;
    expect(asked).toMatchObject({ kind: 'permission', host: gateway.hostUrl, sessionID, title: 'Run needs you: bash' });
    expect(asked.body).toContain('echo pushed > pushed.txt');
    expect(asked.body).toContain('Fix the login bug');
    expect(JSON.stringify(asked)).not.toContain(PASSWORD);
    expect(push.headers).toMatchObject({ urgency: 'high', ttl: '3600' });
    expect(push.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);

    // Answered through the host, as another device would: the phone's notification is withdrawn.
    await host('POST', `/permission/${asked.requestID}/reply`, { reply: 'once' });
    const withdrawn = (await device.next({ after: before + 1 })).payload as Payload;
    expect(withdrawn).toMatchObject({ kind: 'withdraw', requestID: asked.requestID, sessionID });
    const done = (await device.next({ after: before + 2 })).payload as Payload;
    expect(done).toMatchObject({ kind: 'done', sessionID });
    await sleep(500);
    expect(
      payloads(device)
        .filter((p) => p.requestID === asked.requestID)
        .map((p) => p.kind),
    ).toEqual(['permission', 'withdraw']);
    expect((await call('PATCH', `/push/subscriptions/${deviceId}`, { options: { runs: false } })).status).toBe(200);
  });

  it('sends nothing to a device whose app is visible, and counts it suppressed', async () => {
    const suppressedBefore = (await status()).outcomes.suppressed;
    const before = device.received.length;
    expect((await call('POST', '/push/presence', { id: deviceId, visible: true })).status).toBe(204);
    const sessionID = await askToRun('Visible app', 'echo seen > seen.txt');
    const requestID = await pendingPermission(sessionID);
    await waitFor('a suppressed outcome', async () =>
      (await status()).outcomes.suppressed > suppressedBefore ? true : undefined,
    );
    await host('POST', `/permission/${requestID}/reply`, { reply: 'reject' });
    await sleep(1000);
    // Neither the request nor its withdrawal: the device never got the request.
    expect(device.received.length).toBe(before);
    expect((await call('POST', '/push/presence', { id: deviceId, visible: false })).status).toBe(204);
  });

  it('drops a subscription the push service answers 410 for', async () => {
    const gone = pushService.subscribe();
    const { body } = await subscribe(gone);
    pushService.answer(gone.subscription.endpoint, 410);
    expect((await call('POST', `/push/subscriptions/${body.id}/test`)).status).toBe(202);
    await waitFor('the subscription to be dropped', async () => {
      const list = (await call('GET', '/push/subscriptions')).body as { items: { id: string }[] };
      return list.items.some((item) => item.id === body.id) ? undefined : true;
    });
    expect((await status()).outcomes.expired).toBeGreaterThanOrEqual(1);
    expect((await call('DELETE', `/push/subscriptions/${body.id}`)).status).toBe(404);
  });

  it('keeps subscriptions across a restart and resumes watching with the credential it kept', async () => {
    const port = Number(new URL(gateway.url).port);
    await gateway.stop();
    gateway = await start(port);
    const list = (await call('GET', '/push/subscriptions')).body as { items: { id: string; host: string }[] };
    expect(list.items.map((item) => item.id)).toContain(deviceId);
    const before = device.received.length;
    const sessionID = await askToRun('After a restart', 'echo again > again.txt');
    const asked = (await device.next({ after: before })).payload as Payload;
    expect(asked).toMatchObject({ kind: 'permission', sessionID });
    expect(asked.body).toContain('echo again > again.txt');
    await host('POST', `/permission/${asked.requestID}/reply`, { reply: 'reject' });
    expect(((await device.next({ after: before + 1 })).payload as Payload).kind).toBe('withdraw');
    expect(pushService.rejected.filter((r) => r.status !== 410)).toEqual([]);
  });
});

describe('push gateway beside an OpenWork host', () => {
  let openwork: Awaited<ReturnType<typeof startOpenworkHost>>;
  let owGateway: Gateway;
  let owState: string;

  beforeAll(async () => {
    // The host fixture in front of global setup's OpenCode: the gateway watches the OpenCode route
    // the host hands out for the workspace, with the host's bearer token.
    openwork = await startOpenworkHost({
      workspaces: [{ name: 'Push', path: inject('workspaceDir'), opencodeUrl: inject('opencodeUrl') }],
    });
    owState = path.join(mkdtempSync(path.join(os.tmpdir(), 'owpwa-gateway-ow-')), 'state');
    owGateway = await startGateway({ proxy: openwork.url, stateDir: owState, caFile: pushService.caFile });
  });

  afterAll(async () => {
    await owGateway?.stop();
    await openwork?.close();
    if (owState) rmSync(path.dirname(owState), { recursive: true, force: true });
  });

  it('checks the token with the host, watches the workspace engine and pushes its permission requests', async () => {
    const workspaceId = openwork.workspaces[0]?.id ?? '';
    const bearer = `Bearer ${openwork.token}`;
    const phone = pushService.subscribe();
    const post = (authorization: string, extra: Record<string, unknown> = {}) =>
      fetch(`${owGateway.url}/push/subscriptions`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ subscription: phone.subscription, host: owGateway.hostUrl, workspaceId, ...extra }),
      });
    expect((await post('Bearer not-the-token')).status).toBe(401);
    expect((await post(bearer, { workspaceId: undefined })).status).toBe(400);
    expect((await post(bearer)).status).toBe(201);

    const engine = `${owGateway.hostUrl}/w/${encodeURIComponent(workspaceId)}/opencode`;
    const api = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${engine}${route}`, {
        method,
        headers: { authorization: bearer, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) throw new Error(`${method} ${route} → ${response.status}`);
      const text = await response.text();
      return text ? JSON.parse(text) : undefined;
    };
    const session = (await api('POST', '/session', { title: 'Through OpenWork' })) as { id: string };
    await api('POST', `/session/${session.id}/prompt_async`, {
      parts: [{ type: 'text', text: 'please run the command `echo ow > ow-push.txt`' }],
    });
    const asked = (await phone.next()).payload as Payload;
    expect(asked).toMatchObject({ kind: 'permission', sessionID: session.id, host: owGateway.hostUrl });
    expect(asked.body).toContain('echo ow > ow-push.txt');
    expect(asked.body).toContain('Through OpenWork');
    await api('POST', `/permission/${asked.requestID}/reply`, { reply: 'reject' });
    expect((await phone.next({ after: 1 })).payload).toMatchObject({ kind: 'withdraw', requestID: asked.requestID });
  });
});
