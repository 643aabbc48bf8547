/**
 * The service worker's push and notification-tap handlers against a fake worker scope, the real
 * IndexedDB push store (fake-indexeddb) and MSW as the host.
 */
import 'fake-indexeddb/auto';
import { http, HttpResponse } from 'msw';
import {
  appendPushLog,
  claimReplyAttempt,
  findPushHost,
  readPushPrefs,
  replyFromNotification,
  type PushHostRecord,
} from '@/host/worker';
import { deletePushDatabase, readPushLog, syncPushHosts, writePushPrefs } from '@/host/push-store';
import { loadOrCreateKey } from '@/host/secure-storage';
import { buildHost } from '@/testing/builders';
import { server } from '@/testing/server';
import { handleNotificationClick, handlePush, type PushWorkerDeps } from './handlers';
import type { PushNotice } from './push-notice';

const SCOPE = 'https://app.test/';
const HOST_URL = 'http://127.0.0.1:4096';
const host = buildHost({
  id: 'host_1',
  name: 'Laptop',
  url: HOST_URL,
  credentials: { token: 'secret' },
  opencode: { baseUrl: HOST_URL, auth: 'basic', directory: '/home/dev/project' },
});

interface Shown {
  title: string;
  options: PushNotice['options'];
}

function worker() {
  const shown: Shown[] = [];
  const clients = {
    matchAll: vi.fn(() => Promise.resolve([])),
    openWindow: vi.fn((url: string) => Promise.resolve(url)),
  };
  const deps: PushWorkerDeps = {
    registration: {
      scope: SCOPE,
      showNotification: (title, options) => {
        shown.push({ title, options });
        return Promise.resolve();
      },
    },
    clients,
    store: { findHost: findPushHost, readPrefs: readPushPrefs, claim: claimReplyAttempt, appendLog: appendPushLog },
    reply: (record: PushHostRecord, id, reply) => replyFromNotification(record, id, reply),
  };
  return { deps, shown, clients };
}

function payload(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'permission',
    host: HOST_URL,
    sessionID: 'ses_1',
    requestID: 'per_1',
    title: 'Run needs you: bash',
    body: 'npm test — Fix the login bug',
    at: 1_000,
    ...overrides,
  };
}

/** Counts the replies the fake host receives, and answers them with `status`. */
function hostReplies(status = 200) {
  const bodies: unknown[] = [];
  const headers: (string | null)[] = [];
  const directories: (string | null)[] = [];
  server.use(
    http.post(`${HOST_URL}/permission/:id/reply`, async ({ request }) => {
      bodies.push(await request.json());
      headers.push(request.headers.get('authorization'));
      directories.push(new URL(request.url).searchParams.get('directory'));
      return status === 200
        ? HttpResponse.json(true)
        : HttpResponse.json(
            { _tag: 'PermissionNotFoundError', message: 'Permission request not found: per_1' },
            { status },
          );
    }),
  );
  return { bodies, headers, directories };
}

beforeEach(async () => {
  await deletePushDatabase();
  // The app creates the hosts' key when it first saves them.
  await loadOrCreateKey(indexedDB, crypto.subtle, 'hosts');
  await syncPushHosts([host]);
});

describe('push', () => {
  it('shows a permission request with Allow once and Reject, tagged by the request, opening its session', async () => {
    const { deps, shown } = worker();
    await handlePush(deps, payload());
    expect(shown).toHaveLength(1);
    const [notice] = shown;
    expect(notice?.title).toBe('Run needs you: bash');
    expect(notice?.options.body).toBe('npm test — Fix the login bug');
    expect(notice?.options.tag).toBe('openwork:host_1:request:per_1');
    expect(notice?.options.actions?.map((a) => a.action)).toEqual(['allow-once', 'reject']);
    expect(notice?.options.data.url).toBe('./#/s/ses_1?hostId=host_1');
  });

  it('offers no actions when the device turned "Answer from the notification" off, nor for a question', async () => {
    await writePushPrefs('host_1', { answerFromNotification: false });
    const { deps, shown } = worker();
    await handlePush(deps, payload());
    await writePushPrefs('host_1', { answerFromNotification: true });
    await handlePush(deps, payload({ kind: 'question', requestID: 'que_1', title: 'Question: Which DB?' }));
    expect(shown.map((n) => n.options.actions)).toEqual([undefined, undefined]);
    expect(shown[1]?.options.tag).toBe('openwork:host_1:request:que_1');
  });

  it('a withdrawal replaces the request with a silent "Answered" notification under the same tag', async () => {
    const { deps, shown } = worker();
    await handlePush(deps, payload());
    await handlePush(deps, payload({ kind: 'withdraw', title: '', body: 'Answered on another device' }));
    expect(shown[1]).toMatchObject({ title: 'Answered', options: { tag: shown[0]?.options.tag, silent: true } });
    expect(shown[1]?.options.actions).toBeUndefined();
  });

  it('shows run and test pushes plainly, and something generic for a payload that is not ours', async () => {
    const { deps, shown } = worker();
    await handlePush(deps, payload({ kind: 'done', requestID: undefined, title: 'Run finished' }));
    await handlePush(deps, { hello: 'world' });
    expect(shown.map((n) => n.title)).toEqual(['Run finished', 'OpenWork']);
    expect(shown[0]?.options.actions).toBeUndefined();
  });

  it('logs what arrived for the summary', async () => {
    const { deps } = worker();
    await handlePush(deps, payload());
    expect(await readPushLog()).toMatchObject([{ type: 'received', kind: 'permission', requestID: 'per_1' }]);
  });
});

describe('notificationclick', () => {
  async function shownPermission() {
    const w = worker();
    await handlePush(w.deps, payload());
    return { ...w, data: w.shown[0]?.options.data };
  }

  it('allow-once sends one reply with the stored credential and directory, then confirms', async () => {
    const replies = hostReplies();
    const { deps, shown, data } = await shownPermission();
    await handleNotificationClick(deps, 'allow-once', data);
    expect(replies.bodies).toEqual([{ reply: 'once' }]);
    expect(replies.headers[0]).toBe(`Basic ${btoa('opencode:secret')}`);
    expect(replies.directories).toEqual(['/home/dev/project']);
    expect(shown[1]).toMatchObject({ title: 'Allowed once', options: { tag: 'openwork:host_1:request:per_1:answer' } });
    expect(await readPushLog()).toContainEqual(
      expect.objectContaining({ type: 'answered', answer: 'once', outcome: 'sent', requestID: 'per_1' }),
    );
  });

  it('a second tap or a retried event sends nothing more', async () => {
    const replies = hostReplies();
    const { deps, data } = await shownPermission();
    await Promise.all([
      handleNotificationClick(deps, 'allow-once', data),
      handleNotificationClick(deps, 'allow-once', data),
    ]);
    await handleNotificationClick(deps, 'reject', data);
    expect(replies.bodies).toEqual([{ reply: 'once' }]);
  });

  it('reject sends reject', async () => {
    const replies = hostReplies();
    const { deps, shown, data } = await shownPermission();
    await handleNotificationClick(deps, 'reject', data);
    expect(replies.bodies).toEqual([{ reply: 'reject' }]);
    expect(shown[1]?.title).toBe('Rejected');
  });

  it('a 404 says it was answered elsewhere', async () => {
    hostReplies(404);
    const { deps, shown, data } = await shownPermission();
    await handleNotificationClick(deps, 'allow-once', data);
    expect(shown[1]?.title).toBe('Already answered elsewhere');
    expect(await readPushLog()).toContainEqual(expect.objectContaining({ outcome: 'answered-elsewhere' }));
  });

  it('a failure says the answer was not delivered and that the request waits in the inbox', async () => {
    hostReplies(500);
    const { deps, shown, data } = await shownPermission();
    await handleNotificationClick(deps, 'allow-once', data);
    expect(shown[1]?.title).toBe('Your answer was not delivered');
    expect(shown[1]?.options.body).toMatch(/answered 500.*waits in the app's inbox/s);
  });

  it('a tap on the body opens the app on the session without replying', async () => {
    const replies = hostReplies();
    const { deps, clients, data } = await shownPermission();
    await handleNotificationClick(deps, '', data);
    expect(clients.openWindow).toHaveBeenCalledWith('https://app.test/#/s/ses_1?hostId=host_1');
    expect(replies.bodies).toEqual([]);
  });
});
