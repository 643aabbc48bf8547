/**
 * Which routes each OpenWork host lacks, learnt from its own 404 answers: an older host (the
 * v0.7.1 line) has no `/whoami`, no file routes, no skill get/delete and no engine reload, and
 * asking again on every page load only fills its logs. A route is remembered per host as
 * `METHOD template` (`GET /whoami`, `DELETE /workspace/{id}/skills/{name}`), kept in localStorage
 * for {@link ROUTE_MEMORY_MS} so an upgraded host is noticed within a day, and dropped when the
 * host is forgotten.
 */
import { createHostScopedStore } from '@/lib/host-scoped-store';
import { HostError } from '../errors';

/** How long a host's "no such route" is believed, in ms (one day): long enough to stop the noise, short enough to notice an upgrade. */
export const ROUTE_MEMORY_MS = 24 * 60 * 60_000;

/** The key of a route in the memory: `METHOD template`, e.g. `GET /whoami`. */
export type RouteKey = `${'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT'} /${string}`;

/** Routes the screens ask about before offering an action. */
export const ROUTE_KEYS = {
  whoami: 'GET /whoami',
  getSkill: 'GET /workspace/{id}/skills/{name}',
  deleteSkill: 'DELETE /workspace/{id}/skills/{name}',
  fileContent: 'GET /workspace/{id}/files/content',
  writeFileContent: 'POST /workspace/{id}/files/content',
  fileSessions: 'POST /workspace/{id}/files/sessions',
  engineReload: 'POST /workspace/{id}/engine/reload',
} as const satisfies Record<string, RouteKey>;

/** Per host and route key: the epoch ms the host answered that it has no such route. */
export const useMissingRoutesStore = createHostScopedStore<number>({
  name: 'openwork-pwa.missing-routes',
  version: 1,
  isValue: (value): value is number => typeof value === 'number' && Number.isFinite(value),
});

function learntAt(hostId: string, route: string): number | undefined {
  return useMissingRoutesStore.getState().get(hostId, route);
}

/** True when `learnt` (epoch ms) is recent enough to believe, at `now`. */
function stillBelieved(learnt: number | undefined, now: number): boolean {
  return learnt !== undefined && now - learnt < ROUTE_MEMORY_MS;
}

/** True when host `hostId` answered within the last day that it has no `route` (a {@link RouteKey}). */
export function isRouteKnownMissing(hostId: string, route: string, now = Date.now()): boolean {
  return stillBelieved(learntAt(hostId, route), now);
}

/** Remembers that host `hostId` has no `route` (it answered 404 `not_found`, or 404 without an OpenWork body). */
export function rememberMissingRoute(hostId: string, route: string, now = Date.now()): void {
  useMissingRoutesStore.getState().set(hostId, route, now);
}

/** Forgets what was learnt about one host's routes (on "Forget this host"), in memory and in storage. */
export function forgetMissingRoutes(hostId: string): void {
  useMissingRoutesStore.getState().forgetHost(hostId);
}

/** Drops what was learnt more than {@link ROUTE_MEMORY_MS} before `now` (run when the app loads). */
export function pruneMissingRoutes(now = Date.now()): void {
  const { entries } = useMissingRoutesStore.getState();
  const kept = Object.fromEntries(Object.entries(entries).filter(([, learnt]) => stillBelieved(learnt, now)));
  if (Object.keys(kept).length !== Object.keys(entries).length) useMissingRoutesStore.setState({ entries: kept });
}

pruneMissingRoutes();

/**
 * React hook: true while host `hostId` is known to lack `route`, so a screen can replace the
 * action with a line saying why. Re-renders when the memory changes. Entries are aged out when
 * the app loads ({@link pruneMissingRoutes}), so this only asks whether one is there.
 */
export function useRouteKnownMissing(hostId: string, route: string): boolean {
  return useMissingRoutesStore((state) => state.get(hostId, route) !== undefined);
}

/**
 * The error of a call to a route the host lacks: a 404 with the host's `not_found` body, so
 * `isRouteMissing` and every fallback treat it as they treat the host's own answer. `remembered`
 * says no request was sent this time.
 */
export function routeMissingError(what: string, body: unknown, remembered: boolean): HostError {
  return new HostError(
    'not-found',
    remembered
      ? `${what} is not offered by this host's version (it answered 404 earlier; not asked again).`
      : `${what} is not offered by this host's version (it answered 404).`,
    "This OpenWork host's version has no such route; update the host to use it from here.",
    { status: 404, body },
  );
}
