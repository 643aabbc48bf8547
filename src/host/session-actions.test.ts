/**
 * The session-action host calls against MSW: what each sends, how its answer is read (OpenCode's
 * `file` as the path, the revert state kept), and that a wrong shape is a `bad-response` that names
 * the route. Also the providers reader the usage line and the model picker share.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildHost, buildSession } from '@/testing/builders';
import { server } from '@/testing/server';
import { HostError } from './errors';
import { contextLimitOf, readHostProviders } from './providers';
import { fetchSessionDiff, fetchShareEnabled, revertSession } from './session-actions';

const host = buildHost({ id: 'host_actions' });
const BASE = host.opencode.baseUrl;

describe('fetchSessionDiff', () => {
  it("asks for one message's diff when given one, and reads OpenCode's `file` as the path", async () => {
    let asked = '';
    server.use(
      http.get(`${BASE}/session/ses_1/diff`, ({ request }) => {
        asked = new URL(request.url).searchParams.get('messageID') ?? '';
        return HttpResponse.json([
          { file: 'notes.txt', patch: '+hi', additions: 1, deletions: 0, status: 'added' },
          { patch: 'no path' },
        ]);
      }),
    );
    expect(await fetchSessionDiff(host, 'ses_1', 'msg_1')).toEqual([
      { path: 'notes.txt', status: 'added', additions: 1, deletions: 0, patch: '+hi' },
    ]);
    expect(asked).toBe('msg_1');
  });

  it('an answer that is not a list is a bad-response naming the route', async () => {
    server.use(http.get(`${BASE}/session/ses_1/diff`, () => HttpResponse.json({ files: [] })));
    const error = await fetchSessionDiff(host, 'ses_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe('bad-response');
    expect((error as HostError).message).toContain('GET /session/{id}/diff');
  });
});

describe('revertSession', () => {
  it('sends the message (and part) to revert to and returns the session with its revert point', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/session/ses_1/revert`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(buildSession({ id: 'ses_1', revert: { messageID: 'msg_3' } }));
      }),
    );
    const session = await revertSession(host, 'ses_1', 'msg_3', 'prt_1');
    expect(body).toEqual({ messageID: 'msg_3', partID: 'prt_1' });
    expect(session.revert?.messageID).toBe('msg_3');
  });

  it('a host that refuses (the run is busy) is an error with its status', async () => {
    server.use(
      http.post(`${BASE}/session/ses_1/revert`, () =>
        HttpResponse.json({ name: 'BusyError', data: { message: 'Session is busy' } }, { status: 409 }),
      ),
    );
    await expect(revertSession(host, 'ses_1', 'msg_3')).rejects.toBeInstanceOf(HostError);
  });
});

describe('fetchShareEnabled', () => {
  it('is false only when the config says share "disabled"', async () => {
    server.use(http.get(`${BASE}/config`, () => HttpResponse.json({ share: 'disabled' })));
    expect(await fetchShareEnabled(host)).toBe(false);
    server.use(http.get(`${BASE}/config`, () => HttpResponse.json({})));
    expect(await fetchShareEnabled(host)).toBe(true);
  });
});

describe('readHostProviders', () => {
  it("reads each model's context limit and the defaults; unknown limits read as unknown", () => {
    const providers = readHostProviders({
      providers: [
        { id: 'mock', name: 'Mock', models: { 'mock-model': { name: 'Mock Model', limit: { context: 128000 } } } },
        { name: 'no id' },
      ],
      default: { mock: 'mock-model' },
    });
    expect(providers.defaults).toEqual({ mock: 'mock-model' });
    expect(providers.providers).toHaveLength(1);
    expect(contextLimitOf(providers, 'mock', 'mock-model')).toBe(128000);
    expect(contextLimitOf(providers, 'mock', 'other')).toBeUndefined();
  });

  it('an answer without a providers list is a bad-response', () => {
    expect(() => readHostProviders([])).toThrow(HostError);
  });
});
