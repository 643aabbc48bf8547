// gateway.mjs: the push gateway's core. It watches the event stream of the host `npm start`
// proxies (one stream per workspace that has subscriptions), turns the events that need a person
// into pushes (permission, question, and per device a run that finished or failed), withdraws a
// pushed request once it is answered anywhere, and after every reconnection re-syncs from the
// host's pending lists so nothing is pushed twice and nothing answered meanwhile stays on a phone.
import { buildPayload } from './payload.mjs';
import { createPresence, createPusher } from './push.mjs';
import { openState } from './state.mjs';
import { watchEvents } from './watcher.mjs';

/** Every call to the host is bounded (ms). */
const HOST_TIMEOUT_MS = 10_000;

/**
 * The kind of host at `target`: an OpenWork host answers `GET /health` with JSON `ok: true`;
 * anything else is taken for OpenCode.
 * @param {string} target the host URL `--proxy` names
 * @returns {Promise<'openwork' | 'opencode'>}
 * @throws {Error} when the host does not answer at all (the caller retries later)
 */
export async function probeHostKind(target) {
  const response = await fetch(new URL('/health', target), { signal: AbortSignal.timeout(HOST_TIMEOUT_MS) });
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    return response.ok && body?.ok === true ? 'openwork' : 'opencode';
  } catch {
    // Not JSON (OpenCode answers unknown paths with its web UI): not an OpenWork host.
    return 'opencode';
  }
}

/**
 * Creates the gateway (does not listen: `routes.mjs` serves it; call `start()` to resume watching).
 *
 * @param {object} options
 * @param {string} options.target the proxied host URL (`--proxy`)
 * @param {string} options.stateDir the state folder
 * @param {string} [options.envAuthorization] a watch credential from the environment (never logged)
 * @param {string} [options.subject] VAPID subject (a mailto: or https: URL naming who runs it; default a local mailto:)
 * @param {(line: string) => void} [options.log]
 * @param {import('./push.mjs').SendNotification} [options.send] web-push's sendNotification (tests replace it)
 */
export function createGateway({
  target,
  stateDir,
  envAuthorization,
  subject = 'mailto:gateway@localhost',
  log = console.log,
  send,
}) {
  const base = target.replace(/\/+$/, '');
  const state = openState(stateDir);
  const presence = createPresence();
  // A dropped subscription may have been the last of its workspace: stop watching it then.
  const pusher = createPusher({
    state,
    presence,
    subject,
    log,
    ...(send ? { send } : {}),
    onDropped: () => pruneWatches(),
  });
  /** @type {Promise<'openwork' | 'opencode'> | undefined} */
  let kindPromise;
  /** @type {Map<string, {stop: () => void, reconnect: () => void, status: {host: string, directory?: string, workspaceId?: string, state: string, since: number}}>} */
  const watches = new Map();
  /** sessionID → title (promise, so a title is fetched once) */
  const titles = new Map();
  /** `${watchKey}|${sessionID}` of sessions seen busy: idle after busy is "done" */
  const busy = new Set();
  /** `${requestID}|${subscriptionId}` being pushed now, so an event and a re-sync never both push */
  const inflight = new Set();
  /** requestIDs answered while their push was still on its way: withdrawn once that push is sent */
  const settledInFlight = new Set();

  const credential = () => envAuthorization || state.credential();
  const secrets = () => [credential()].filter(Boolean);
  const authHeaders = () => {
    const value = credential();
    return value ? { authorization: value } : {};
  };

  function hostKind() {
    kindPromise ??= probeHostKind(base).catch((error) => {
      kindPromise = undefined;
      throw new Error(
        `the proxied host ${base} does not answer (${error?.cause?.code ?? error.message}); start it, then try again`,
      );
    });
    return kindPromise;
  }

  /** Where OpenCode is for a subscription: the engine route an OpenWork host hands out, or OpenCode itself. */
  function watchFor(sub) {
    if (sub.workspaceId) {
      const api = `${base}/w/${encodeURIComponent(sub.workspaceId)}/opencode`;
      return { key: `openwork:${sub.workspaceId}`, api, query: '', directoryHeader: {} };
    }
    const directory = sub.directory ?? '';
    return {
      key: `opencode:${directory}`,
      api: base,
      query: directory ? `?directory=${encodeURIComponent(directory)}` : '',
      directoryHeader: directory ? { 'x-opencode-directory': encodeURIComponent(directory) } : {},
    };
  }

  /** GET on the workspace's OpenCode, JSON. @throws {Error} naming the path and status */
  async function getJson(watch, path) {
    const response = await fetch(`${watch.api}${path}${watch.query}`, {
      headers: { accept: 'application/json', ...authHeaders(), ...watch.directoryHeader },
      signal: AbortSignal.timeout(HOST_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  }

  function sessionTitle(watch, sessionID) {
    if (!sessionID) return Promise.resolve(undefined);
    const cacheKey = `${watch.key}|${sessionID}`;
    if (!titles.has(cacheKey)) {
      titles.set(
        cacheKey,
        getJson(watch, `/session/${encodeURIComponent(sessionID)}`).then(
          (session) => (typeof session?.title === 'string' ? session.title : undefined),
          (error) => {
            titles.delete(cacheKey);
            log(`push: no session title for ${sessionID} (${error.message}); the push names no session`);
            return undefined;
          },
        ),
      );
    }
    return titles.get(cacheKey);
  }

  const subsOf = (key) => state.list().filter((s) => watchFor(s).key === key);

  /** Pushes a permission or question to every subscription of the watch that has not had it. */
  async function pushRequest(watch, kind, request) {
    const requestID = request.id;
    const sessionID = String(request.sessionID ?? '');
    if (!requestID) return;
    const entry = state.pushed[requestID];
    const due = subsOf(watch.key).filter(
      (s) => !entry?.handled?.includes(s.id) && !inflight.has(`${requestID}|${s.id}`),
    );
    if (due.length === 0) return;
    for (const s of due) inflight.add(`${requestID}|${s.id}`);
    const title = await sessionTitle(watch, sessionID);
    await Promise.all(
      due.map(async (sub) => {
        const payload = buildPayload({
          kind,
          host: sub.host,
          sessionID,
          sessionTitle: title,
          [kind]: request,
          secrets: secrets(),
          at: Date.now(),
        });
        const outcome = await pusher.push(sub, payload);
        inflight.delete(`${requestID}|${sub.id}`);
        if (outcome === 'sent' || outcome === 'suppressed')
          state.markPushed(requestID, sessionID, watch.key, sub.id, outcome === 'sent');
      }),
    );
    if (settledInFlight.delete(requestID)) await withdraw(requestID);
  }

  /** Tells the devices that got a request's push that it is settled, and forgets it. */
  async function withdraw(requestID) {
    if ([...inflight].some((key) => key.startsWith(`${requestID}|`))) settledInFlight.add(requestID);
    const entry = state.pushed[requestID];
    if (!entry) return;
    state.forgetRequest(requestID);
    const subs = entry.subscriptions.map((id) => state.get(id)).filter(Boolean);
    if (subs.length === 0) return;
    const watch = watchFor(subs[0]);
    const title = await sessionTitle(watch, entry.sessionID);
    await Promise.all(
      subs.map((sub) =>
        pusher.push(
          sub,
          buildPayload({
            kind: 'withdraw',
            host: sub.host,
            sessionID: entry.sessionID,
            sessionTitle: title,
            requestID,
            secrets: secrets(),
            at: Date.now(),
          }),
        ),
      ),
    );
  }

  /** A run ended: `done` or `failed`, to the subscriptions that asked for runs. */
  async function pushRun(watch, kind, sessionID, error) {
    const subs = subsOf(watch.key).filter((s) => s.options?.runs);
    if (subs.length === 0) return;
    const title = await sessionTitle(watch, sessionID);
    await Promise.all(
      subs.map((sub) =>
        pusher.push(
          sub,
          buildPayload({
            kind,
            host: sub.host,
            sessionID,
            sessionTitle: title,
            error,
            secrets: secrets(),
            at: Date.now(),
          }),
        ),
      ),
    );
  }

  function onEvent(watch, event) {
    const p = event.properties ?? {};
    const sessionID = typeof p.sessionID === 'string' ? p.sessionID : '';
    const busyKey = `${watch.key}|${sessionID}`;
    let work;
    switch (event.type) {
      case 'permission.asked':
        work = pushRequest(watch, 'permission', p);
        break;
      case 'question.asked':
        work = pushRequest(watch, 'question', p);
        break;
      case 'permission.replied':
      case 'question.replied':
      case 'question.rejected':
        if (typeof p.requestID === 'string') work = withdraw(p.requestID);
        break;
      case 'session.status':
        if (p.status?.type === 'busy') busy.add(busyKey);
        else if (p.status?.type === 'idle' && busy.delete(busyKey)) work = pushRun(watch, 'done', sessionID);
        break;
      case 'session.idle':
        if (busy.delete(busyKey)) work = pushRun(watch, 'done', sessionID);
        break;
      case 'session.error': {
        busy.delete(busyKey);
        const message = p.error?.data?.message ?? p.error?.name;
        work = pushRun(watch, 'failed', sessionID, typeof message === 'string' ? message : undefined);
        break;
      }
      case 'session.updated':
        // A renamed session: the next push fetches the title again.
        if (sessionID) titles.delete(`${watch.key}|${sessionID}`);
        break;
      default:
        break;
    }
    work?.catch((error) => log(`push: handling ${event.type} failed: ${error.message}`));
  }

  /** After a (re)connection: push what is pending and not yet pushed, withdraw what went meanwhile. */
  async function resync(watch) {
    const [permissions, questions] = await Promise.all([getJson(watch, '/permission'), getJson(watch, '/question')]);
    const pending = new Set();
    for (const request of Array.isArray(permissions) ? permissions : []) {
      pending.add(request.id);
      await pushRequest(watch, 'permission', request);
    }
    for (const request of Array.isArray(questions) ? questions : []) {
      pending.add(request.id);
      await pushRequest(watch, 'question', request);
    }
    for (const [requestID, entry] of Object.entries(state.pushed))
      if (entry.watchKey === watch.key && !pending.has(requestID)) await withdraw(requestID);
  }

  /** Starts watching the workspace of `sub` unless it is already watched. */
  function ensureWatch(sub) {
    const watch = watchFor(sub);
    if (watches.has(watch.key)) return;
    const status = {
      host: sub.host,
      ...(sub.directory ? { directory: sub.directory } : {}),
      ...(sub.workspaceId ? { workspaceId: sub.workspaceId } : {}),
      state: 'connecting',
      since: Date.now(),
    };
    const handle = watchEvents({
      url: `${watch.api}/event${watch.query}`,
      headers: () => ({ ...authHeaders(), ...watch.directoryHeader }),
      onEvent: (event) => onEvent(watch, event),
      onOpen: () => resync(watch).catch((error) => log(`push: re-sync of ${watch.key} failed: ${error.message}`)),
      onState: (next) => {
        if (next !== status.state) Object.assign(status, { state: next, since: Date.now() });
      },
      log,
    });
    watches.set(watch.key, { ...handle, status });
    log(`push: watching ${watch.api}/event${watch.query ? ` for ${sub.directory}` : ''}`);
  }

  /** Stops watching workspaces no subscription needs any more. */
  function pruneWatches() {
    const needed = new Set(state.list().map((s) => watchFor(s).key));
    for (const [key, handle] of watches)
      if (!needed.has(key)) {
        handle.stop();
        watches.delete(key);
      }
  }

  return {
    state,
    presence,
    pusher,
    base,
    hostKind,
    /**
     * Asks the host whether it accepts `authorization` (a cheap authenticated GET: OpenWork
     * `GET /workspaces`, OpenCode `GET /session/status`).
     * @returns {Promise<boolean>}
     * @throws {Error} when the host does not answer (not the same as refusing)
     */
    async accepts(authorization) {
      const kind = await hostKind();
      const path = kind === 'openwork' ? '/workspaces' : '/session/status';
      const response = await fetch(`${base}${path}`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(HOST_TIMEOUT_MS),
        redirect: 'error',
      });
      // Only the status matters; the body (small JSON) is read so the connection can be reused.
      await response.arrayBuffer();
      if (response.status === 401 || response.status === 403) return false;
      if (!response.ok) throw new Error(`the host answered GET ${path} with ${response.status}`);
      return true;
    },
    /** A device presented `authorization` and the host took it: keep it for watching when the environment gives none. */
    offerCredential(authorization) {
      if (envAuthorization || !authorization || authorization === state.credential()) return;
      state.saveCredential(authorization);
      for (const handle of watches.values()) handle.reconnect();
    },
    ensureWatch,
    pruneWatches,
    /** Sends a `test` push (presence ignored). */
    test: (sub) =>
      pusher.push(sub, buildPayload({ kind: 'test', host: sub.host, sessionID: '', at: Date.now() }), {
        ignorePresence: true,
      }),
    /** `GET /push/status` */
    status: () => ({
      watching: [...watches.values()].map((w) => ({ ...w.status })),
      outcomes: { ...pusher.outcomes },
      recent: pusher.recent.slice(0, 20),
    }),
    /** Resumes watching every subscribed workspace (after a restart). */
    start() {
      for (const sub of state.list()) ensureWatch(sub);
    },
    stop() {
      for (const handle of watches.values()) handle.stop();
      watches.clear();
    },
  };
}
