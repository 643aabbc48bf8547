import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildHost } from '@/testing/builders';
import { server } from '@/testing/server';
import { fetchMessagePage, nextCursorOf } from './messages';

const host = buildHost({ id: 'host_messages' });
const BASE = host.opencode.baseUrl;
const message = { info: { id: 'msg_1', sessionID: 'ses_1', role: 'user', time: { created: 1 } }, parts: [] };

describe('nextCursorOf', () => {
  it('reads X-Next-Cursor first, else the before= of the rel="next" Link target', () => {
    expect(nextCursorOf(new Headers({ 'x-next-cursor': 'abc', link: '<http://x/?before=zzz>; rel="next"' }))).toBe(
      'abc',
    );
    expect(
      nextCursorOf(
        new Headers({ link: '<http://x/?limit=5>; rel="prev", </s/m?limit=50&before=eyJ9%3D>; rel="next"' }),
      ),
    ).toBe('eyJ9=');
  });

  it('no cursor from no headers, a Link without next, an empty or an oversized value', () => {
    expect(nextCursorOf(new Headers())).toBeUndefined();
    expect(nextCursorOf(new Headers({ link: '<http://x/?before=a>; rel="prev"' }))).toBeUndefined();
    expect(nextCursorOf(new Headers({ 'x-next-cursor': '  ' }))).toBeUndefined();
    expect(nextCursorOf(new Headers({ 'x-next-cursor': 'a'.repeat(5_000) }))).toBeUndefined();
    expect(nextCursorOf(new Headers({ link: '<http://[bad>; rel="next"' }))).toBeUndefined();
  });
});

describe('fetchMessagePage', () => {
  it('sends limit and before, returns the messages, how many were sent and the cursor', async () => {
    let asked = '';
    server.use(
      http.get(`${BASE}/session/ses_1/message`, ({ request }) => {
        asked = new URL(request.url).search;
        return HttpResponse.json([message, { broken: true }], { headers: { 'x-next-cursor': 'next-one' } });
      }),
    );
    const page = await fetchMessagePage(host, 'ses_1', { limit: 50, before: 'c1' });
    expect(new URLSearchParams(asked).get('limit')).toBe('50');
    expect(new URLSearchParams(asked).get('before')).toBe('c1');
    expect(page.messages.map((m) => m.info.id)).toEqual(['msg_1']);
    expect(page.sent).toBe(2);
    expect(page.nextCursor).toBe('next-one');
  });

  it('a refused cursor is a HostError with status 400', async () => {
    server.use(
      http.get(`${BASE}/session/ses_1/message`, () => HttpResponse.json({ _tag: 'BadRequest' }, { status: 400 })),
    );
    await expect(fetchMessagePage(host, 'ses_1', { limit: 50, before: 'stale' })).rejects.toMatchObject({
      name: 'HostError',
      status: 400,
    });
  });
});
