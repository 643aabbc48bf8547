/**
 * A scripted OpenCode-like host on 127.0.0.1 for the benchmarks: it answers what the app needs to
 * pair and open sessions, and streams events the bench script pushes.
 *
 * Routes (a subset of the OpenCode server API):
 * - `GET /health` → 404 (not an OpenWork host), `GET /global/health` → `{healthy: true, version: 'bench'}`
 * - `GET /session[?roots=true][&limit=N]` → the sessions (newest first), `GET /session/status` → `{}` or what was set
 * - `GET /session/:id/message[?limit=N[&before=CURSOR]]` → `[{info, parts}]`, oldest first, paged
 *   as OpenCode 1.18 does: `limit` keeps the newest N (before the cursor's message); while older
 *   messages remain, `X-Next-Cursor: CURSOR` and `Link: <…?limit=N&before=CURSOR>; rel="next"`
 *   (both exposed to CORS) name the page before. The cursor is opaque (base64url of the page's
 *   first message `{id, time}`, as OpenCode's is); `before` without `limit`, or a cursor that
 *   names no message, is a 400 `{"_tag":"BadRequest"}`. Without `limit`, the whole transcript.
 * - `GET /session/:id/todo` → `[]`, `GET /permission` → pending requests, `GET /question` → `[]`,
 *   `GET /config` → `{}`
 * - composer lists: `GET /command`, `GET /agent`, `GET /config/providers`, `GET /path`, and
 *   `GET /find/file?query=&limit=` (the `files` option, every query character in order, at most
 *   `limit`), from the `steering` option
 * - `GET /event` → Server-Sent Events: `server.connected` first, then what `emit*` sends, and a
 *   `server.heartbeat` every `heartbeatMs` (OpenCode: 10 s)
 * CORS for any origin (the Origin is echoed), preflight `OPTIONS` → 204.
 *
 * The host applies what it emits to its own state (session list, messages, text deltas, pending
 * permissions), so a refetch by the app returns what the events said.
 *
 * Usage:
 *   const host = await startSseHost({ sessions: makeSessions(20) });
 *   host.emit({ type: 'permission.asked', properties: {...} });
 *   await host.emitMany(events);            // as fast as the socket takes them
 *   await host.emitPaced(events, 2000);     // 2,000 events per second
 *   await host.close();
 */
import { createServer } from 'node:http';

/** @typedef {{type: string, properties: Record<string, unknown>}} HostEvent */

const ALLOWED_HEADERS = 'authorization, content-type, x-opencode-directory';

/**
 * Starts a host.
 * @param {object} [options]
 * @param {object[]} [options.sessions] OpenCode `Session` objects
 * @param {Record<string, object[]>} [options.messages] `{sessionID: [{info, parts}]}`
 * @param {Record<string, object>} [options.statuses] `GET /session/status` body
 * @param {number} [options.heartbeatMs] 0 turns heartbeats off (default 10,000)
 * @param {number} [options.port] default: any free port
 * @param {{files?: string[], commands?: object[], agents?: object[], providers?: object}} [options.steering]
 *   what the composer's `/`, `@` and agent/model lists get (default: empty lists)
 */
export async function startSseHost({
  sessions = [],
  messages = {},
  statuses = {},
  heartbeatMs = 10_000,
  port = 0,
  steering = {},
} = {}) {
  const state = {
    sessions: [...sessions],
    messages: new Map(Object.entries(messages)),
    statuses: { ...statuses },
    permissions: new Map(),
  };
  /** @type {Set<import('node:http').ServerResponse>} */
  const clients = new Set();
  /** Every request: `{method, path, at}` (epoch ms), to count polling. */
  const requests = [];
  const clientWaiters = [];

  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname, at: Date.now() });
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-expose-headers', 'Link, X-Next-Cursor');
      // Lets the page's resource timing report sizes (transferSize) for this cross-origin host.
      res.setHeader('timing-allow-origin', origin);
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const path = url.pathname;
    if (path === '/health') return json(res, 404, { error: 'not found' });
    if (path === '/global/health') return json(res, 200, { healthy: true, version: 'bench' });
    if (path === '/event' && req.method === 'GET') return openStream(req, res);
    if (req.method !== 'GET') {
      // Replies and prompts are accepted and ignored: the benches drive the host themselves.
      req.resume();
      return json(res, 200, true);
    }
    if (path === '/session') {
      // As OpenCode 1.18: `roots=true` only sessions without a parent, `limit=N` the newest N.
      const roots = url.searchParams.get('roots') === 'true';
      const limit = Number(url.searchParams.get('limit')) || Infinity;
      const listed = roots ? state.sessions.filter((s) => !s.parentID) : state.sessions;
      return json(res, 200, [...listed].sort((a, b) => b.time.updated - a.time.updated).slice(0, limit));
    }
    if (path === '/session/status') return json(res, 200, state.statuses);
    if (path === '/permission') return json(res, 200, [...state.permissions.values()]);
    if (path === '/question') return json(res, 200, []);
    if (path === '/config') return json(res, 200, {});
    if (path === '/command') return json(res, 200, steering.commands ?? []);
    if (path === '/agent') return json(res, 200, steering.agents ?? []);
    if (path === '/config/providers') return json(res, 200, steering.providers ?? { providers: [], default: {} });
    if (path === '/path') return json(res, 200, { directory: '/bench/workspace', worktree: '/bench/workspace' });
    if (path === '/find/file') {
      const query = (url.searchParams.get('query') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const inOrder = (file) => {
        let from = 0;
        for (const char of query) {
          from = file.indexOf(char, from) + 1;
          if (from === 0) return false;
        }
        return true;
      };
      return json(res, 200, (steering.files ?? []).filter((f) => inOrder(f.toLowerCase())).slice(0, limit));
    }
    const match = /^\/session\/([^/]+)\/(message|todo)$/.exec(path);
    if (match) {
      const [, sessionID, what] = match;
      if (what === 'todo') return json(res, 200, []);
      const id = decodeURIComponent(sessionID);
      const list = state.messages.get(id) ?? [];
      const before = url.searchParams.get('before');
      const limitParam = url.searchParams.get('limit');
      if (limitParam === null) {
        if (before !== null) return json(res, 400, { _tag: 'BadRequest' });
        return json(res, 200, messagesBody(id, list));
      }
      const limit = Number(limitParam);
      if (!Number.isInteger(limit) || limit < 0) return json(res, 400, { _tag: 'BadRequest' });
      // OpenCode answers limit=0 with everything.
      if (limit === 0) return json(res, 200, messagesBody(id, list));
      let end = list.length;
      if (before !== null) {
        const cursor = readCursor(before);
        end = cursor ? list.findIndex((m) => m.info.id === cursor.id) : -1;
        if (end === -1) return json(res, 400, { _tag: 'BadRequest' });
      }
      const start = Math.max(0, end - limit);
      if (start > 0) {
        const cursor = makeCursor(list[start]);
        const next = `http://${req.headers.host ?? '127.0.0.1'}${path}?limit=${limit}&before=${cursor}`;
        res.setHeader('link', `<${next}>; rel="next"`);
        res.setHeader('x-next-cursor', cursor);
      }
      return json(res, 200, JSON.stringify(list.slice(start, end)));
    }
    const session = /^\/session\/([^/]+)$/.exec(path);
    if (session) {
      const found = state.sessions.find((s) => s.id === decodeURIComponent(session[1]));
      return found
        ? json(res, 200, found)
        : json(res, 404, { name: 'NotFoundError', data: { message: 'no such session' } });
    }
    return json(res, 404, { name: 'NotFoundError', data: { message: `no route ${path}` } });
  });

  function openStream(req, res) {
    req.socket.setNoDelay(true);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(frame({ type: 'server.connected', properties: {} }));
    clients.add(res);
    const heartbeat =
      heartbeatMs > 0
        ? setInterval(() => res.write(frame({ type: 'server.heartbeat', properties: {} })), heartbeatMs)
        : undefined;
    req.on('close', () => {
      clearInterval(heartbeat);
      clients.delete(res);
    });
    for (const waiter of clientWaiters.splice(0)) waiter();
  }

  /**
   * The JSON of a whole transcript, kept until it changes: a 13 MB transcript takes the host
   * ~100 ms to serialise, which is the host's time, not the app's.
   */
  const bodies = new Map();
  function messagesBody(id, list) {
    const cached = bodies.get(id);
    if (cached?.list === list) return cached.body;
    const body = JSON.stringify(list);
    bodies.set(id, { list, body });
    return body;
  }

  /** Applies an event to the host's state, as OpenCode's own store would have changed. */
  function apply(event) {
    const p = event.properties ?? {};
    if (typeof p.sessionID === 'string' && event.type.startsWith('message.')) bodies.delete(p.sessionID);
    switch (event.type) {
      case 'permission.asked':
        state.permissions.set(p.id, p);
        break;
      case 'permission.replied':
        state.permissions.delete(p.requestID);
        break;
      case 'session.status':
        state.statuses[p.sessionID] = p.status;
        break;
      case 'session.created':
      case 'session.updated':
        state.sessions = [p.info, ...state.sessions.filter((s) => s.id !== p.info.id)];
        break;
      case 'message.part.delta': {
        const message = state.messages.get(p.sessionID)?.find((m) => m.info.id === p.messageID);
        const part = message?.parts.find((x) => x.id === p.partID);
        if (part) part[p.field] = (part[p.field] ?? '') + p.delta;
        break;
      }
      default:
        break;
    }
  }

  /** Writes a chunk to every client; resolves when every socket took it (backpressure). */
  function writeAll(chunk) {
    const waits = [];
    for (const res of clients) {
      if (!res.write(chunk)) waits.push(new Promise((resolve) => res.once('drain', resolve)));
    }
    return waits.length ? Promise.all(waits) : undefined;
  }

  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    state,
    requests,
    /** Number of open event streams. */
    get clientCount() {
      return clients.size;
    },
    /** Resolves once at least `count` event streams are open, or after `timeoutMs` (false). */
    async waitForClients(count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (clients.size < count) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => {
          clientWaiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return true;
    },
    /** Replaces a session's messages. */
    setMessages(sessionID, list) {
      state.messages.set(sessionID, list);
      bodies.delete(sessionID);
    },
    /** Serialises a session's transcript now, so the first request does not pay for it. */
    warm(sessionID) {
      messagesBody(sessionID, state.messages.get(sessionID) ?? []);
    },
    /**
     * Sends one event to every open stream now. Returns the send time (epoch ms, taken right
     * before the write).
     * @param {HostEvent} event
     */
    emit(event) {
      apply(event);
      const sentAt = Date.now();
      writeAll(frame(event));
      return sentAt;
    },
    /**
     * Sends events as fast as the sockets take them, `chunk` events per write.
     * @returns {Promise<{firstSentAt: number, lastSentAt: number}>} epoch ms of the first and last write
     */
    async emitMany(events, { chunk = 100 } = {}) {
      let firstSentAt = 0;
      let lastSentAt = 0;
      for (let i = 0; i < events.length; i += chunk) {
        const slice = events.slice(i, i + chunk);
        slice.forEach(apply);
        const text = slice.map(frame).join('');
        lastSentAt = Date.now();
        firstSentAt ||= lastSentAt;
        const wait = writeAll(text);
        if (wait) await wait;
        // Let the socket flush between chunks, as a server producing events would.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { firstSentAt, lastSentAt };
    },
    /**
     * Sends events at `perSecond`, writing what is due every few milliseconds.
     * @returns {Promise<{firstSentAt: number, lastSentAt: number}>}
     */
    async emitPaced(events, perSecond, { tickMs = 5 } = {}) {
      const start = Date.now();
      let sent = 0;
      let lastSentAt = start;
      while (sent < events.length) {
        const due = Math.min(events.length, Math.floor(((Date.now() - start) * perSecond) / 1000) + 1);
        if (due > sent) {
          const slice = events.slice(sent, due);
          slice.forEach(apply);
          lastSentAt = Date.now();
          const wait = writeAll(slice.map(frame).join(''));
          if (wait) await wait;
          sent = due;
        }
        await new Promise((resolve) => setTimeout(resolve, tickMs));
      }
      return { firstSentAt: start, lastSentAt };
    },
    /** Closes every stream and the server. */
    async close() {
      for (const res of clients) res.end();
      clients.clear();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** OpenCode's paging cursor: base64url of `{id, time}` of the first message of a page. */
function makeCursor(message) {
  return Buffer.from(JSON.stringify({ id: message.info.id, time: message.info.time?.created ?? 0 })).toString(
    'base64url',
  );
}

/** The `{id, time}` a cursor names, or undefined for anything else. */
function readCursor(cursor) {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return value && typeof value.id === 'string' ? value : undefined;
  } catch {
    // Not base64 JSON: not one of ours, which the route answers with a 400.
    return undefined;
  }
}

/** One SSE message: OpenCode sends each event as a single `data:` line of JSON. */
function frame(event) {
  return `data: ${JSON.stringify(event)}\n\n`;
}

// `node bench/sse-host.mjs [sessions]`: a host to point a dev server at by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { makeSessions } = await import('./lib/data.mjs');
  const host = await startSseHost({ sessions: makeSessions(Number(process.argv[2] ?? 20)) });
  console.log(`sse-host: ${host.url} (Ctrl-C to stop)`);
}
