// routes.mjs: the push gateway's HTTP routes on the app's origin (connect-style middleware for the
// server `npm start` runs). Every error is JSON `{error, message}` whose message names the check
// that failed; bodies are JSON of at most MAX_BODY_BYTES.

/** Largest request body accepted (bytes): a subscription is well under 1 KB. */
export const MAX_BODY_BYTES = 16 * 1024;

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
const badRequest = (message) => new HttpError(400, 'bad-request', message);

function send(res, status, body) {
  if (body === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Reads a JSON object body. @throws {HttpError} 413 past the limit, 400 when not a JSON object */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, 'too-large', `the body is over ${MAX_BODY_BYTES} bytes; send only the subscription`);
    chunks.push(chunk);
  }
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('the body is not JSON; send application/json');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be a JSON object');
  return body;
}

function base64urlBytes(value) {
  return typeof value === 'string' && /^[A-Za-z0-9_-]+={0,2}$/.test(value)
    ? Buffer.from(value, 'base64url').length
    : -1;
}

/** Checks a PushSubscription.toJSON(). @throws {HttpError} 400 naming the field */
function readSubscription(value) {
  if (!value || typeof value !== 'object') throw badRequest('subscription is missing: send PushSubscription.toJSON()');
  let endpoint;
  try {
    endpoint = new URL(value.endpoint);
  } catch {
    throw badRequest('subscription.endpoint is not a URL');
  }
  if (endpoint.protocol !== 'https:') throw badRequest('subscription.endpoint must be an https URL (a push service)');
  if (base64urlBytes(value.keys?.p256dh) !== 65)
    throw badRequest('subscription.keys.p256dh must be a base64url P-256 public key (65 bytes)');
  if (base64urlBytes(value.keys?.auth) !== 16)
    throw badRequest('subscription.keys.auth must be a base64url 16-byte secret');
  const expirationTime = typeof value.expirationTime === 'number' ? value.expirationTime : null;
  return { endpoint: endpoint.href, expirationTime, keys: { p256dh: value.keys.p256dh, auth: value.keys.auth } };
}

/** `options.runs`, when given, must be a boolean. */
function readOptions(value, fallback) {
  if (value === undefined) return fallback;
  if (!value || typeof value !== 'object' || (value.runs !== undefined && typeof value.runs !== 'boolean'))
    throw badRequest('options must be {"runs": boolean}');
  return { runs: value.runs ?? fallback.runs };
}

/**
 * The routes.
 * @param {ReturnType<typeof import('./gateway.mjs').createGateway>} gateway
 * @param {{hostPrefix: string}} options hostPrefix: where the host is mounted on this origin (`/host`)
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void}
 */
export function pushRoutes(gateway, { hostPrefix }) {
  /** A host URL is ours when it is this origin's host mount (any address of this machine) or the proxied URL itself. */
  function isOurHost(host) {
    let url;
    try {
      url = new URL(host);
    } catch {
      return false;
    }
    const path = url.pathname.replace(/\/+$/, '');
    return path === hostPrefix || `${url.origin}${path}` === gateway.base;
  }

  /** The request's Authorization, checked with the host. @throws {HttpError} 401 when refused, 502 when the host is down */
  async function authorize(req) {
    const authorization = req.headers.authorization;
    let ok;
    try {
      ok = await gateway.accepts(authorization);
    } catch (error) {
      throw new HttpError(502, 'host-unreachable', `could not check the credential with the host: ${error.message}`);
    }
    if (!ok)
      throw new HttpError(
        401,
        'unauthorized',
        authorization
          ? 'the host refused this Authorization header; pair again with a valid token or password'
          : 'no Authorization header: send the one the app sends to the host',
      );
    return authorization;
  }

  const find = (id) => {
    const sub = gateway.state.get(id);
    if (!sub) throw new HttpError(404, 'not-found', `no subscription ${id} (removed, or expired at the push service)`);
    return sub;
  };

  async function handle(req, res, path) {
    const method = req.method ?? 'GET';
    if (path === '/push/vapid-public-key' && method === 'GET')
      return send(res, 200, { publicKey: gateway.state.vapid.publicKey });
    if (path === '/push/status' && method === 'GET') return send(res, 200, gateway.status());
    if (path === '/push/presence' && method === 'POST') {
      const body = await readBody(req);
      if (typeof body.id !== 'string' || typeof body.visible !== 'boolean')
        throw badRequest('presence must be {"id": "<subscription id>", "visible": boolean}');
      find(body.id);
      gateway.presence.set(body.id, body.visible);
      return send(res, 204);
    }
    if (path === '/push/subscriptions' && method === 'POST') {
      const body = await readBody(req);
      const subscription = readSubscription(body.subscription);
      if (typeof body.host !== 'string' || !isOurHost(body.host))
        throw badRequest(`host must be the host this gateway proxies (<this origin>${hostPrefix})`);
      if (body.directory !== undefined && (typeof body.directory !== 'string' || !body.directory))
        throw badRequest('directory, when given, must be a non-empty string');
      if (body.workspaceId !== undefined && (typeof body.workspaceId !== 'string' || !body.workspaceId))
        throw badRequest('workspaceId, when given, must be a non-empty string');
      const kind = await gateway.hostKind().catch((error) => {
        throw new HttpError(502, 'host-unreachable', error.message);
      });
      if (kind === 'openwork' && !body.workspaceId) throw badRequest('workspaceId is required for an OpenWork host');
      const options = readOptions(body.options, { runs: false });
      const authorization = await authorize(req);
      const userAgent =
        typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 200) : undefined;
      const { record, created } = gateway.state.upsert({
        subscription,
        host: body.host,
        ...(kind === 'opencode' && body.directory ? { directory: body.directory } : {}),
        ...(kind === 'openwork' ? { workspaceId: body.workspaceId } : {}),
        options,
        ...(userAgent ? { userAgent } : {}),
      });
      gateway.offerCredential(authorization);
      gateway.ensureWatch(record);
      return send(res, created ? 201 : 200, { id: record.id });
    }
    if (path === '/push/subscriptions' && method === 'GET') {
      await authorize(req);
      const items = gateway.state.list().map((s) => ({
        id: s.id,
        host: s.host,
        createdAt: s.createdAt,
        ...(s.lastPushAt ? { lastPushAt: s.lastPushAt } : {}),
        ...(s.userAgent ? { userAgent: s.userAgent } : {}),
      }));
      return send(res, 200, { items });
    }
    const match = /^\/push\/subscriptions\/([A-Za-z0-9_-]+)(\/test)?$/.exec(path);
    if (match) {
      const [, id, test] = match;
      if (test && method === 'POST') {
        await authorize(req);
        const sub = find(id);
        gateway.test(sub).catch((error) => console.error(`push: test push failed: ${error.message}`));
        return send(res, 202, { id });
      }
      if (!test && method === 'PATCH') {
        const body = await readBody(req);
        await authorize(req);
        const sub = find(id);
        gateway.state.update(id, { options: readOptions(body.options, sub.options) });
        return send(res, 200, { id });
      }
      if (!test && method === 'DELETE') {
        await authorize(req);
        find(id);
        gateway.state.remove(id);
        gateway.presence.forget(id);
        gateway.pruneWatches();
        return send(res, 204);
      }
    }
    throw new HttpError(
      405,
      'method-not-allowed',
      `${method} ${path} is not a push route; see the push contract in the README`,
    );
  }

  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/push' && !path.startsWith('/push/')) return next();
    handle(req, res, path).catch((error) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.code, message: error.message });
      console.error(`push: ${req.method} ${path} failed:`, error);
      send(res, 500, { error: 'internal', message: `the gateway failed on ${req.method} ${path}: ${error.message}` });
    });
  };
}
