/**
 * One live connection per paired host: the OpenCode SDK client (`@opencode-ai/sdk/v2/client`)
 * and the single event stream. Features get the client from here and never see URLs or tokens.
 */
import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2/client';
import { create } from 'zustand';
import { opencodeAuthorization } from './auth';
import type { HostEvent } from '@/domain';
import type { StreamStatus } from './event-stream';
import type { HostReachability } from './host-watch';
import { useHostsStore } from './hosts-store';
import { authorizedFetch } from './http';
import type { PairedHost } from './types';
import { withTimeouts } from './timeouts';
import { openHostStream, type StreamHandle } from './stream-client';
import { joinUrl } from './url';
import { forgetMissingRoutes } from './openwork/route-memory';

/** Listener for one host's events, decoded ({@link HostEvent}; `unknown` ones are not passed on). */
export type HostEventListener = (event: HostEvent) => void;
/** Listener for (re)connects; `afterGap` is true after a drop. */
export type HostOpenListener = (afterGap: boolean) => void;
/**
 * Listener for an OpenWork host answering again after it was down. `streamLive` says whether the
 * engine's event stream stayed open meanwhile: when it did not, it is reconnecting now and will
 * call its {@link HostOpenListener} with `afterGap` once it is back.
 */
export type HostRecoverListener = (streamLive: boolean) => void;

/** How many frames of a host's stream the app did not use, since the page loaded. */
export interface UnknownEventCount {
  /** Frames that broke their format's promise (not JSON, no type, a required field missing). */
  malformed: number;
  /** Well-formed frames of a type the app has no use for. */
  unused: number;
  /** The wire type of the last malformed frame, when it had one. */
  lastMalformedType?: string;
}

const unknownCounts = new Map<string, UnknownEventCount>();

/** The unknown-frame counts of a host (zeros when none arrived). For diagnostics and tests. */
export function unknownEventCount(hostId: string): UnknownEventCount {
  return unknownCounts.get(hostId) ?? { malformed: 0, unused: 0 };
}

function countUnknown(hostId: string, event: Extract<HostEvent, { kind: 'unknown' }>): void {
  const count = unknownCounts.get(hostId) ?? { malformed: 0, unused: 0 };
  if (event.malformed) {
    count.malformed += 1;
    if (event.type) count.lastMalformedType = event.type;
  } else count.unused += 1;
  unknownCounts.set(hostId, count);
}

interface Connection {
  key: string;
  client: OpencodeClient;
  stream: StreamHandle;
  /** OpenWork hosts only: whether the host itself answers (the stream only covers the engine). */
  watch: WatchHandle | undefined;
  listeners: Set<HostEventListener>;
  openListeners: Set<HostOpenListener>;
  recoverListeners: Set<HostRecoverListener>;
}

const connections = new Map<string, Connection>();

interface StatusState {
  /** The engine's event stream, per host id. */
  byHost: Record<string, StreamStatus>;
  /** Whether the OpenWork host itself answers, per host id (absent for direct OpenCode). */
  reachability: Record<string, HostReachability>;
}

/** Connection status per host id, for the chrome. */
export const useConnectionStatusStore = create<StatusState>()(() => ({ byHost: {}, reachability: {} }));

/** Shared objects, so the selectors below return stable values (React requires it). */
const IDLE: StreamStatus = { state: 'idle' };
const UNKNOWN: HostReachability = { state: 'unknown' };

/** The event-stream status of a host (`idle` when not connected). */
export function useConnectionStatus(hostId: string | undefined): StreamStatus {
  return useConnectionStatusStore((state) => (hostId ? state.byHost[hostId] : undefined) ?? IDLE);
}

/** The event-stream status of every connected host, by host id (a host missing from it is idle). */
export function useConnectionStatuses(): Readonly<Record<string, StreamStatus>> {
  return useConnectionStatusStore((state) => state.byHost);
}

/**
 * Whether an OpenWork host itself answers its `GET /health` (`unknown` before the first check,
 * and always for a direct OpenCode host, whose health the event stream already shows).
 */
export function useHostReachability(hostId: string | undefined): HostReachability {
  return useConnectionStatusStore((state) => (hostId ? state.reachability[hostId] : undefined) ?? UNKNOWN);
}

/** The last known reachability of a host, outside React (`unknown` when not watched). */
export function hostReachability(hostId: string): HostReachability {
  return useConnectionStatusStore.getState().reachability[hostId] ?? UNKNOWN;
}

/**
 * What a connection depends on. Credentials are in it so a new token rebuilds the client; the
 * key lives only in this module's memory, never in storage or a log.
 */
function connectionKey(host: PairedHost): string {
  return JSON.stringify([host.url, host.kind, host.opencode, host.credentials]);
}

function buildClient(host: PairedHost): OpencodeClient {
  // Sent only to the OpenCode target's origin, and only when that is the paired origin.
  const fetchWithAuth = authorizedFetch(opencodeAuthorization(host));
  // Every SDK call is bounded in time and never follows a redirect (timeouts.ts). The event stream
  // builds its own (in the stream worker) from the same Authorization, without the time bound: it
  // is meant to stay open, and event-stream.ts watches its heartbeats.
  return createOpencodeClient({
    baseUrl: host.opencode.baseUrl,
    fetch: withTimeouts(fetchWithAuth),
    ...(host.opencode.directory ? { directory: host.opencode.directory } : {}),
  });
}

function eventUrl(host: PairedHost): string {
  const url = new URL(joinUrl(host.opencode.baseUrl, '/event'));
  if (host.opencode.directory) url.searchParams.set('directory', host.opencode.directory);
  return url.toString();
}

function ensure(host: PairedHost): Connection {
  const key = connectionKey(host);
  const existing = connections.get(host.id);
  if (existing && existing.key === key) return existing;
  if (existing) {
    existing.stream.stop();
    existing.watch?.stop();
  }
  const client = buildClient(host);
  const listeners = existing?.listeners ?? new Set<HostEventListener>();
  const openListeners = existing?.openListeners ?? new Set<HostOpenListener>();
  const recoverListeners = existing?.recoverListeners ?? new Set<HostRecoverListener>();
  const watch = host.kind === 'openwork' ? buildWatch(host, () => connection, recoverListeners) : undefined;
  const stream = openHostStream(eventUrl(host), opencodeAuthorization(host), {
    onEvents: (events) => {
      for (const event of events) {
        if (event.kind === 'unknown') countUnknown(host.id, event);
        else listeners.forEach((listener) => listener(event));
      }
    },
    onOpen: (afterGap) => openListeners.forEach((listener) => listener(afterGap)),
    onStatus: (status) => {
      useConnectionStatusStore.setState((state) => ({ byHost: { ...state.byHost, [host.id]: status } }));
      // A dropped stream may be the host's outage rather than the engine's: find out now, so
      // the chrome names the right part at once instead of at the next poll.
      if (status.state === 'reconnecting' || status.state === 'error') watch?.checkNow();
    },
  });
  const connection: Connection = { key, client, stream, watch, listeners, openListeners, recoverListeners };
  connections.set(host.id, connection);
  return connection;
}

/** What the connection uses of a {@link import('./host-watch').HostWatch}. */
interface WatchHandle {
  start(): void;
  stop(): void;
  checkNow(): void;
}

/**
 * The watch on an OpenWork host's `GET /health`. Its code loads on first use (a direct OpenCode
 * host never needs it, and the first screen stays smaller); calls made meanwhile are kept and
 * applied once it is there.
 */
function buildWatch(
  host: PairedHost,
  connection: () => Connection,
  recoverListeners: Set<HostRecoverListener>,
): WatchHandle {
  let real: WatchHandle | undefined;
  let started = false;
  let stopped = false;
  let checkWanted = false;
  import('./host-watch')
    .then(({ HostWatch }) => {
      if (stopped) return;
      real = new HostWatch({
        url: joinUrl(host.url, '/health'),
        // The route needs no auth: nothing is attached (authorizedFetch without credentials strips any).
        fetch: authorizedFetch(undefined),
        onStatus: (status) =>
          useConnectionStatusStore.setState((state) => ({
            reachability: { ...state.reachability, [host.id]: status },
          })),
        onRecover: () => {
          const { stream } = connection();
          const streamLive = stream.current.state === 'live';
          // Through the host's proxy the stream went down with it: do not let it wait out its backoff.
          if (!streamLive) stream.reconnectNow('host answers again');
          recoverListeners.forEach((listener) => listener(streamLive));
        },
      });
      if (started) real.start();
      if (checkWanted) real.checkNow();
    })
    .catch((error: unknown) => {
      // Without the watch the app still works; it only cannot tell the host's outage from the engine's.
      console.warn('host watch: its code could not be loaded', error);
    });
  return {
    start() {
      started = true;
      real?.start();
    },
    stop() {
      stopped = true;
      real?.stop();
    },
    checkNow() {
      if (real) real.checkNow();
      else checkWanted = true;
    },
  };
}

/**
 * The OpenCode SDK client for a paired host: base URL, directory and Authorization (sent only to
 * the OpenCode origin) are already applied. The SDK returns `{data, error, response}`; pass the
 * call through {@link unwrap} to get data or a `HostError`.
 */
export function opencodeFor(host: PairedHost): OpencodeClient {
  return ensure(host).client;
}

/**
 * Starts (or keeps) the host's event stream, and for an OpenWork host the watch on its
 * `GET /health`, and subscribes to them: `onEvent` for each event, `onOpen` on each (re)connect of
 * the stream, `onRecover` when an OpenWork host answers again after it was down.
 * Returns an unsubscribe function; stream and watch stop with {@link disconnectHost}.
 */
export function subscribeHost(
  host: PairedHost,
  onEvent: HostEventListener,
  onOpen?: HostOpenListener,
  onRecover?: HostRecoverListener,
): () => void {
  const connection = ensure(host);
  connection.listeners.add(onEvent);
  if (onOpen) connection.openListeners.add(onOpen);
  if (onRecover) connection.recoverListeners.add(onRecover);
  connection.stream.start();
  connection.watch?.start();
  return () => {
    connection.listeners.delete(onEvent);
    if (onOpen) connection.openListeners.delete(onOpen);
    if (onRecover) connection.recoverListeners.delete(onRecover);
  };
}

/** Reconnects a host's stream now and checks the OpenWork host's health now (a "retry" tap). */
export function reconnectHost(hostId: string): void {
  const connection = connections.get(hostId);
  connection?.stream.reconnectNow('retry tapped');
  connection?.watch?.checkNow();
}

/**
 * Checks now whether an OpenWork host answers (a request to it just failed as unreachable, timed
 * out or answered 5xx), instead of at the next poll. Does nothing for a direct OpenCode host or
 * one that is not connected.
 */
export function checkHostNow(hostId: string): void {
  connections.get(hostId)?.watch?.checkNow();
}

/** Stops a host's stream and drops its client (on "forget", or when its settings change). */
export function disconnectHost(hostId: string): void {
  unknownCounts.delete(hostId);
  const connection = connections.get(hostId);
  connection?.stream.stop();
  connection?.watch?.stop();
  connections.delete(hostId);
  useConnectionStatusStore.setState((state) => {
    const byHost = { ...state.byHost };
    const reachability = { ...state.reachability };
    delete byHost[hostId];
    delete reachability[hostId];
    return { byHost, reachability };
  });
}

/** Called after a host was forgotten, with its id: clear what else this device kept of it. */
export type HostForgottenListener = (hostId: string) => void;

const forgottenListeners = new Set<HostForgottenListener>();

/**
 * Registers a listener for {@link forgetHost}. The app composes the features' clean-up here
 * (query cache subtree, drafts, notification settings): the host boundary knows no feature.
 * Returns the unsubscribe function.
 */
export function onHostForgotten(listener: HostForgottenListener): () => void {
  forgottenListeners.add(listener);
  return () => {
    forgottenListeners.delete(listener);
  };
}

/**
 * "Forget this host": stops its event stream and drops its SDK client (which held the token),
 * deletes the host and its credentials from the (encrypted) hosts store and what was learnt of
 * its missing routes, then tells every
 * {@link onHostForgotten} listener so the rest of its data goes too.
 */
export function forgetHost(hostId: string): void {
  disconnectHost(hostId);
  useHostsStore.getState().forget(hostId);
  forgetMissingRoutes(hostId);
  for (const listener of forgottenListeners) listener(hostId);
}
