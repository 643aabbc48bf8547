import type { HostEvent } from '@/domain';
import { opencodeEvent } from '@/testing/events';
import {
  answeredRequestId,
  navigatePathFrom,
  noticeFor,
  notificationSupport,
  sessionUrl,
  shouldNotify,
  type NoticeContext,
} from './notifications';

const context: NoticeContext = {
  hostId: 'host_1',
  hostName: 'Laptop',
  sessionTitle: (id) => (id === 'ses_1' ? 'Fix the build' : undefined),
  runUpdates: false,
};

function event(type: string, properties: Record<string, unknown>): HostEvent {
  return opencodeEvent(type, properties);
}

describe('noticeFor: permission requests and questions', () => {
  it('names the command, the session and the host of a bash request, and opens that session', () => {
    const notice = noticeFor(
      event('permission.asked', {
        id: 'per_1',
        sessionID: 'ses_1',
        permission: 'bash',
        patterns: ['echo hi > hi.txt'],
        metadata: { command: 'echo hi > hi.txt' },
        always: ['echo *'],
      }),
      context,
    );
    expect(notice).toEqual({
      title: 'Allow bash?',
      body: 'Run: echo hi > hi.txt\n“Fix the build” on Laptop',
      tag: 'openwork:host_1:request:per_1',
      data: { url: './#/s/ses_1?hostId=host_1' },
    });
  });

  it('names the file of an edit, and falls back when the session title is unknown', () => {
    const notice = noticeFor(
      event('permission.asked', {
        id: 'per_2',
        sessionID: 'ses_9',
        permission: 'edit',
        patterns: ['src/a.ts'],
        metadata: { filepath: '/w/src/a.ts' },
      }),
      context,
    );
    expect(notice?.title).toBe('Allow edit?');
    expect(notice?.body).toBe('Edit: src/a.ts\nA session on Laptop');
  });

  it('lists the patterns of other permissions and clips long ones', () => {
    const notice = noticeFor(
      event('permission.asked', {
        id: 'per_3',
        sessionID: 'ses_1',
        permission: 'webfetch',
        patterns: ['https://example.test/'.repeat(20)],
      }),
      context,
    );
    const [what] = notice?.body.split('\n') ?? [];
    expect(what).toMatch(/^webfetch: https:\/\/example\.test\//);
    expect(what?.length).toBe(160);
    expect(what?.endsWith('…')).toBe(true);
  });

  it('shows the first question with its header, and how many more', () => {
    const questions = [
      { header: 'Database', question: 'Which database should I use?', options: [] },
      { header: 'Port', question: 'Which port?', options: [] },
    ];
    const notice = noticeFor(event('question.asked', { id: 'que_1', sessionID: 'ses_1', questions }), context);
    expect(notice?.title).toBe('Question: Database');
    expect(notice?.body).toBe('Which database should I use? (+1 more)\n“Fix the build” on Laptop');
    expect(notice?.tag).toBe('openwork:host_1:request:que_1');
  });

  it('ignores malformed requests and unrelated events', () => {
    expect(noticeFor(event('permission.asked', { sessionID: 'ses_1', permission: 'bash' }), context)).toBeUndefined();
    expect(noticeFor(event('question.asked', { id: 'que_1' }), context)).toBeUndefined();
    expect(noticeFor(event('message.part.delta', { sessionID: 'ses_1' }), context)).toBeUndefined();
  });

  it('escapes ids in the URL it opens', () => {
    expect(sessionUrl('host 1', 'ses/1')).toBe('./#/s/ses%2F1?hostId=host%201');
  });
});

describe('noticeFor: finished and failed runs (per-host setting)', () => {
  const on = { ...context, runUpdates: true };

  it('stays quiet unless the host has the setting on', () => {
    expect(noticeFor(event('session.idle', { sessionID: 'ses_1' }), context)).toBeUndefined();
    expect(
      noticeFor(
        event('session.error', { sessionID: 'ses_1', error: { name: 'UnknownError', data: { message: 'boom' } } }),
        context,
      ),
    ).toBeUndefined();
  });

  it('tells a finished run and a failed one, with the reason', () => {
    expect(noticeFor(event('session.idle', { sessionID: 'ses_1' }), on)).toMatchObject({
      title: 'Run finished',
      body: '“Fix the build” on Laptop',
      tag: 'openwork:host_1:run:ses_1',
    });
    expect(
      noticeFor(
        event('session.error', { sessionID: 'ses_1', error: { name: 'APIError', data: { message: 'rate limited' } } }),
        on,
      ),
    ).toMatchObject({
      title: 'Run failed',
      body: 'rate limited\n“Fix the build” on Laptop',
    });
    expect(noticeFor(event('session.error', {}), on)).toMatchObject({
      title: 'Run failed',
      body: 'A session on Laptop',
      data: { url: './#/' },
    });
  });

  it('does not notify the user of their own Stop', () => {
    expect(
      noticeFor(event('session.error', { sessionID: 'ses_1', error: { name: 'MessageAbortedError', data: {} } }), on),
    ).toBeUndefined();
  });
});

describe('answeredRequestId', () => {
  it('finds the request a reply answers', () => {
    expect(
      answeredRequestId(event('permission.replied', { sessionID: 'ses_1', requestID: 'per_1', reply: 'once' })),
    ).toBe('per_1');
    expect(answeredRequestId(event('question.replied', { requestID: 'que_1' }))).toBe('que_1');
    expect(answeredRequestId(event('question.rejected', { requestID: 'que_2' }))).toBe('que_2');
    expect(answeredRequestId(event('permission.asked', { id: 'per_1' }))).toBeUndefined();
  });
});

describe('shouldNotify', () => {
  it('needs the switch on, the permission granted and the page hidden', () => {
    expect(shouldNotify({ enabled: true, permission: 'granted', visibility: 'hidden' })).toBe(true);
    expect(shouldNotify({ enabled: true, permission: 'granted', visibility: 'visible' })).toBe(false);
    expect(shouldNotify({ enabled: false, permission: 'granted', visibility: 'hidden' })).toBe(false);
    expect(shouldNotify({ enabled: true, permission: 'default', visibility: 'hidden' })).toBe(false);
    expect(shouldNotify({ enabled: true, permission: 'denied', visibility: 'hidden' })).toBe(false);
  });
});

describe('notificationSupport', () => {
  const android = { secureContext: true, ios: false, standalone: false, notificationApi: true, serviceWorker: true };
  const iphoneTab = { secureContext: true, ios: true, standalone: false, notificationApi: false, serviceWorker: true };

  it('says why notifications cannot work here', () => {
    expect(
      notificationSupport(
        { ...android, secureContext: false, notificationApi: false, serviceWorker: false },
        undefined,
      ),
    ).toBe('insecure');
    expect(notificationSupport(iphoneTab, undefined)).toBe('install-first');
    expect(notificationSupport({ ...android, notificationApi: false }, undefined)).toBe('unsupported');
    expect(notificationSupport({ ...android, serviceWorker: false }, 'default')).toBe('unsupported');
  });

  it('follows the browser permission where they can', () => {
    expect(notificationSupport(android, 'default')).toBe('ask');
    expect(notificationSupport(android, 'granted')).toBe('granted');
    expect(notificationSupport(android, 'denied')).toBe('denied');
    expect(notificationSupport({ ...iphoneTab, standalone: true, notificationApi: true }, 'default')).toBe('ask');
  });
});

describe('navigatePathFrom', () => {
  const origin = 'https://app.test';

  it('turns the service worker message into the hash route to open', () => {
    expect(
      navigatePathFrom({ type: 'openwork:navigate', url: 'https://app.test/#/s/ses_1?hostId=host_1' }, origin),
    ).toBe('/s/ses_1?hostId=host_1');
    expect(navigatePathFrom({ type: 'openwork:navigate', url: 'https://app.test/' }, origin)).toBe('/');
  });

  it('ignores other messages, other origins and non-URLs', () => {
    expect(navigatePathFrom({ type: 'SKIP_WAITING' }, origin)).toBeUndefined();
    expect(navigatePathFrom({ type: 'openwork:navigate', url: 'https://evil.test/#/s/x' }, origin)).toBeUndefined();
    expect(navigatePathFrom({ type: 'openwork:navigate', url: 'not a url' }, origin)).toBeUndefined();
    expect(navigatePathFrom('openwork:navigate', origin)).toBeUndefined();
  });
});
