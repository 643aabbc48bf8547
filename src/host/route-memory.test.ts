import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildOpenworkHost, OPENWORK_URL, openworkError } from '@/testing/openwork';
import { createTestQueryClient } from '@/testing/render';
import { server } from '@/testing/server';
import { forgetHost } from './connections';
import { HostError } from './errors';
import * as openwork from './openwork';
import { whoamiQuery } from './queries';

const host = buildOpenworkHost();
const other = buildOpenworkHost({ id: 'host_other' });

/** Answers `GET path` on the host with `answer`, counting the requests that arrived. */
function counted(path: string, answer: () => Response): { count: () => number } {
  let count = 0;
  server.use(
    http.get(`${OPENWORK_URL}${path}`, () => {
      count += 1;
      return answer();
    }),
  );
  return { count: () => count };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('route memory: a route the host answered 404 not_found for is asked once', () => {
  it('a second call fails at once with the same 404, readable by isRouteMissing, and sends nothing', async () => {
    const whoami = counted('/whoami', () => openworkError(404, 'not_found', 'Not found'));

    const first = await failure(openwork.whoami(host));
    const second = await failure(openwork.whoami(host));

    expect(whoami.count()).toBe(1);
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(HostError);
      expect(openwork.isRouteMissing(error)).toBe(true);
      expect((error as HostError).message).toContain("GET /whoami is not offered by this host's version");
    }
    expect(openwork.isRouteKnownMissing(host.id, openwork.ROUTE_KEYS.whoami)).toBe(true);
  });

  it('is per host: another host is still asked', async () => {
    const whoami = counted('/whoami', () => openworkError(404, 'not_found', 'Not found'));
    await failure(openwork.whoami(host));
    await failure(openwork.whoami(other));
    expect(whoami.count()).toBe(2);
  });

  it('remembers nothing for a 404 about a thing rather than the route (skill_not_found), nor for other failures', async () => {
    const skillGet = counted('/workspace/ws_1/skills/gone', () =>
      openworkError(404, 'skill_not_found', 'Skill not found'),
    );
    const whoami = counted('/whoami', () => openworkError(500, 'internal_error', 'Boom'));
    await failure(openwork.getSkill(host, 'ws_1', 'gone'));
    await failure(openwork.getSkill(host, 'ws_1', 'gone'));
    await failure(openwork.whoami(host));
    await failure(openwork.whoami(host));
    expect(skillGet.count()).toBe(2);
    expect(whoami.count()).toBe(2);
  });

  it('keys a route by method and template, so every workspace and name share what was learnt', async () => {
    let deletes = 0;
    server.use(
      http.delete(`${OPENWORK_URL}/workspace/:id/skills/:name`, () => {
        deletes += 1;
        return openworkError(404, 'not_found', 'Not found');
      }),
    );
    await failure(openwork.deleteSkill(host, 'ws_1', 'one'));
    const again = await failure(openwork.deleteSkill(host, 'ws_2', 'two'));
    expect(deletes).toBe(1);
    expect(openwork.isRouteMissing(again)).toBe(true);
    // Listing skills is another route: still asked.
    const list = counted('/workspace/ws_1/skills', () => HttpResponse.json({ items: [] }));
    await expect(openwork.listSkills(host, 'ws_1')).resolves.toEqual([]);
    expect(list.count()).toBe(1);
  });

  it('is kept in localStorage (a page load does not ask again) and believed for one day only', async () => {
    const whoami = counted('/whoami', () => openworkError(404, 'not_found', 'Not found'));
    // The route is remembered at some moment between these two (a loaded machine may take a while).
    const before = Date.now();
    await failure(openwork.whoami(host));
    const after = Date.now();
    expect(localStorage.getItem('openwork-pwa.missing-routes')).toContain(`${host.id}:GET /whoami`);

    const now = after;
    expect(openwork.isRouteKnownMissing(host.id, 'GET /whoami', before + openwork.ROUTE_MEMORY_MS - 1)).toBe(true);
    expect(openwork.isRouteKnownMissing(host.id, 'GET /whoami', after + openwork.ROUTE_MEMORY_MS + 1)).toBe(false);

    // Learnt more than a day ago: the host may have been upgraded, so it is asked again.
    openwork.rememberMissingRoute(host.id, 'GET /whoami', now - openwork.ROUTE_MEMORY_MS - 1);
    await failure(openwork.whoami(host));
    expect(whoami.count()).toBe(2);
    openwork.pruneMissingRoutes(Date.now() + 2 * openwork.ROUTE_MEMORY_MS);
    expect(openwork.useMissingRoutesStore.getState().entries).toEqual({});
  });

  it('"Forget this host" forgets what was learnt of its routes', async () => {
    counted('/whoami', () => openworkError(404, 'not_found', 'Not found'));
    await failure(openwork.whoami(host));
    forgetHost(host.id);
    expect(openwork.isRouteKnownMissing(host.id, 'GET /whoami')).toBe(false);
  });
});

describe('whoamiQuery on a host without /whoami (the v0.7.1 line)', () => {
  it('reads as "no scope" (null), not an error, and later page loads (new query caches) ask nothing', async () => {
    const whoami = counted('/whoami', () => openworkError(404, 'not_found', 'Not found'));
    await expect(createTestQueryClient().fetchQuery(whoamiQuery(host))).resolves.toBeNull();
    await expect(createTestQueryClient().fetchQuery(whoamiQuery(host))).resolves.toBeNull();
    expect(whoami.count()).toBe(1);
  });

  it('still fails on other errors (a 401 is not "no route")', async () => {
    counted('/whoami', () => openworkError(401, 'unauthorized', 'Invalid bearer token'));
    const error = await failure(createTestQueryClient().fetchQuery(whoamiQuery(host)));
    expect((error as HostError).code).toBe('unauthorized');
  });
});
