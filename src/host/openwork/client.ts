/**
 * How every OpenWork call is made: only to the paired host URL, with `Authorization: Bearer
 * <token>` (plus `X-OpenWork-Host-Token` on owner routes when the user paired with the host
 * token), an `X-OpenWork-Client-Id` naming this device, a timeout, and a reader for the answer.
 * Nothing here trusts the answer's shape: each call passes a reader (see `answers.ts`).
 */
import { openworkAuthorization } from '../auth';
import { HostError } from '../errors';
import { authorizedFetch, requestJson } from '../http';
import type { PairedHost } from '../types';
import { joinUrl } from '../url';
import { isRouteMissing } from './errors';
import { isRouteKnownMissing, rememberMissingRoute, routeMissingError } from './route-memory';

/** How long a read may take, in ms. */
export const READ_TIMEOUT_MS = 10_000;

const CLIENT_ID_KEY = 'openwork-pwa.client-id';

/**
 * A device id sent as `X-OpenWork-Client-Id` (`pwa-` + 8 hex digits), so the host's approvals
 * and audit show who asked. Made once and kept in localStorage.
 */
export function clientId(): string {
  let id = localStorage.getItem(CLIENT_ID_KEY);
  if (!id) {
    id = `pwa-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(CLIENT_ID_KEY, id);
  }
  return id;
}

/**
 * A host route: `path` is what is requested (ids filled in and encoded); `template` names it in
 * messages with placeholders (`/workspace/{id}/skills`), so an error reads the same for every
 * workspace and quotes no file name.
 */
export interface Route {
  path: string;
  template: string;
}

/** A route under one workspace: `/workspace/<id><rest>`, named `/workspace/{id}<template>`. */
export function workspaceRoute(workspaceId: string, rest: string, template: string = rest): Route {
  return { path: `/workspace/${encodeURIComponent(workspaceId)}${rest}`, template: `/workspace/{id}${template}` };
}

/** Options of one {@link call}. */
export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** ms (default {@link READ_TIMEOUT_MS}); writes wait longer than the host's approval timeout. */
  timeoutMs?: number;
  /** Send the host token for owner routes (`/approvals`). */
  owner?: boolean;
  /**
   * The request changes something for the user (default: every method but GET), so a shape error
   * after it says the change may have been made. False for bookkeeping such as file sessions.
   */
  changes?: boolean;
  signal?: AbortSignal;
}

/**
 * Reads one answer into the app's shape. `what` names the request in errors
 * (`GET /workspace/{id}/skills`); `afterWrite` is true for a write the host accepted.
 *
 * @throws {HostError} `bad-response` when the answer has the wrong shape.
 */
export type Reader<T> = (body: unknown, what: string, afterWrite: boolean) => T;

/**
 * @throws {HostError} `not-found` when `host` is a direct OpenCode server (no request is sent).
 */
export function requireOpenwork(host: PairedHost): void {
  if (host.kind !== 'openwork') {
    throw new HostError(
      'not-found',
      `${host.name} is an OpenCode server, not an OpenWork host.`,
      'Pair with an OpenWork host to change files, skills, plugins, MCP servers and commands.',
    );
  }
}

/** The fetch for OpenWork calls: credentials for the host's origin only, never followed redirects. */
export function openworkFetch(host: PairedHost, owner = false): typeof fetch {
  return authorizedFetch(openworkAuthorization(host.url, host.credentials, { owner }));
}

/**
 * Sends one request to an OpenWork host and reads its JSON answer with `read`.
 *
 * A route the host answered 404 `not_found` for is remembered for this host and not requested
 * again for a day: the call then fails at once with the same 404 error.
 *
 * @throws {HostError} `not-found` for a direct OpenCode host, or (status 404, body `not_found`) for a
 *   route this host's version lacks; the status-mapped error of a failed
 *   answer (401 `unauthorized`, 403 `forbidden`, 404 `not-found`, 409 `conflict`, 5xx
 *   `server-error`, …) carrying the host's `{code, message, details}` body; `timeout`,
 *   `unreachable`; `bad-response` when the answer is not JSON or `read` rejects its shape.
 */
export async function call<T>(host: PairedHost, route: Route, options: CallOptions, read: Reader<T>): Promise<T> {
  requireOpenwork(host);
  const method = options.method ?? 'GET';
  const what = `${method} ${route.template}`;
  // A route this host answered 404 for is not asked again (see route-memory.ts).
  if (isRouteKnownMissing(host.id, what))
    throw routeMissingError(what, { code: 'not_found', message: 'Not found' }, true);
  const url = new URL(joinUrl(host.url, route.path));
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { 'x-openwork-client-id': clientId() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let body: unknown;
  try {
    body = await requestJson(openworkFetch(host, options.owner === true), url.toString(), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      timeoutMs: options.timeoutMs ?? READ_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!isRouteMissing(error)) throw error;
    rememberMissingRoute(host.id, what);
    throw routeMissingError(what, (error as HostError).body, false);
  }
  return read(body, what, options.changes ?? method !== 'GET');
}
