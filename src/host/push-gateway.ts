/**
 * The push routes of the gateway that served this app (`npm start`): same origin as the app, so
 * every URL here is `location.origin` + `/push/…`. The gateway watches the host for this device
 * and sends Web Push; the app subscribes, changes options, reports whether it is visible and asks
 * for a test. Calls that act for a host carry the same `Authorization` the app sends to that host,
 * which the gateway checks with the host; it is only ever sent when the host is reached through
 * this same origin (the gateway's `/host` proxy), so a credential never leaves its origin.
 */
import { openworkAuthorization, opencodeAuthorization } from './auth';
import { HostError } from './errors';
import { attempt, authorizedFetch, requestJson, type Authorization } from './http';
import { readPushPrefs, removePushHost } from './push-store';
import type { PairedHost } from './types';

/** Options a subscription carries. */
export interface PushOptions {
  /** Also push when a run finishes or fails. */
  runs: boolean;
}

/** `PushSubscription.toJSON()`: what the gateway needs to reach this device. */
export interface PushSubscriptionJson {
  endpoint?: string;
  expirationTime?: number | null;
  keys?: Record<string, string>;
}

/** Why push cannot be set up through this origin. */
export type GatewayUnavailable =
  /** `GET /push/vapid-public-key` answered 404 or not JSON: a plain static server, not the gateway. */
  | 'no-gateway'
  /** The host is on another origin than the gateway, so the gateway does not proxy it. */
  | 'other-origin';

function origin(): string {
  return globalThis.location.origin;
}

/** The host's credential as the gateway must see it, for the gateway's own origin only. */
function gatewayAuthorization(host: PairedHost): Authorization | undefined {
  const auth =
    host.kind === 'openwork' ? openworkAuthorization(host.url, host.credentials) : opencodeAuthorization(host);
  return auth && auth.origin === origin() ? auth : undefined;
}

/** True when `host` is reached through this app's origin (the gateway's `/host` proxy). */
export function hostBehindGateway(host: PairedHost): boolean {
  try {
    return new URL(host.url).origin === origin();
  } catch {
    // Not a URL: not behind anything.
    return false;
  }
}

/**
 * The gateway's VAPID public key (base64url, an uncompressed P-256 point), or why there is none.
 * @throws {HostError} `unreachable`/`timeout` when this origin does not answer.
 */
export async function fetchVapidKey(): Promise<{ publicKey: string } | { unavailable: GatewayUnavailable }> {
  const result = await attempt((...args) => fetch(...args), `${origin()}/push/vapid-public-key`, {
    headers: { accept: 'application/json' },
  });
  if (result.type === 'timeout')
    throw new HostError('timeout', 'GET /push/vapid-public-key timed out.', 'Check the connection and try again.');
  if (result.type !== 'response')
    throw new HostError(
      'unreachable',
      'GET /push/vapid-public-key failed: the server of this app could not be reached.',
      'Check the connection and try again.',
    );
  const json = result.json as { publicKey?: unknown } | undefined;
  if (result.status === 200 && result.isJson && typeof json?.publicKey === 'string' && json.publicKey !== '')
    return { publicKey: json.publicKey };
  return { unavailable: 'no-gateway' };
}

function gatewayFetch(host: PairedHost): typeof fetch {
  if (!hostBehindGateway(host))
    throw new HostError(
      'bad-response',
      `${host.name} is not reached through this app's server, so its gateway cannot watch it.`,
      `Pair the host through this server (${origin()}/host) to get notifications when the app is closed.`,
    );
  return authorizedFetch(gatewayAuthorization(host));
}

function readId(body: unknown, what: string): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || id === '')
    throw new HostError(
      'bad-response',
      `${what} answered without a subscription id.`,
      'Update the gateway (npm start).',
    );
  return id;
}

/**
 * Subscribes this device for `host` (`POST /push/subscriptions`); returns the gateway's id.
 * @throws {HostError} `unauthorized` when the host rejected the credential, `bad-response` (400)
 *   naming the failed check, `bad-response` when the host is not behind this gateway.
 */
export async function createPushSubscription(
  host: PairedHost,
  subscription: PushSubscriptionJson,
  options: PushOptions,
): Promise<string> {
  const body = {
    subscription,
    host: host.url,
    ...(host.kind === 'opencode' && host.opencode.directory ? { directory: host.opencode.directory } : {}),
    ...(host.kind === 'openwork' ? { workspaceId: host.workspaceId } : {}),
    options,
  };
  const answer = await requestJson(gatewayFetch(host), `${origin()}/push/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readId(answer, 'POST /push/subscriptions');
}

/** Changes a subscription's options (`PATCH /push/subscriptions/:id`). @throws {HostError} */
export async function updatePushSubscription(host: PairedHost, id: string, options: PushOptions): Promise<void> {
  await requestJson(gatewayFetch(host), `${origin()}/push/subscriptions/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ options }),
  });
}

/** Removes a subscription (`DELETE /push/subscriptions/:id`); an unknown id (404) counts as removed. @throws {HostError} */
export async function deletePushSubscription(host: PairedHost, id: string): Promise<void> {
  try {
    await requestJson(gatewayFetch(host), `${origin()}/push/subscriptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  } catch (error) {
    if (error instanceof HostError && error.code === 'not-found') return;
    throw error;
  }
}

/** Asks the gateway for a `test` push to this subscription (`POST /push/subscriptions/:id/test`). @throws {HostError} */
export async function sendTestPush(host: PairedHost, id: string): Promise<void> {
  await requestJson(gatewayFetch(host), `${origin()}/push/subscriptions/${encodeURIComponent(id)}/test`, {
    method: 'POST',
  });
}

/**
 * Tells the gateway whether the app is on screen (`POST /push/presence`), so it holds pushes the
 * in-app notice already covers. `visible: false` is sent with `keepalive`, to outlive a closing page.
 * Best effort: a failure only means a push may arrive while the app is open.
 * @throws {HostError} when the gateway refuses.
 */
export async function sendPresence(id: string, visible: boolean): Promise<void> {
  await requestJson((...args) => fetch(...args), `${origin()}/push/presence`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, visible }),
    keepalive: !visible,
    timeoutMs: 5_000,
  });
}

/**
 * On Forget: removes the host's subscription at the gateway (with the credential the host still
 * had) and the host's record the service worker reads. Never throws: the host is forgotten on
 * this device either way, and a subscription left at the gateway can be removed from another
 * device (`GET /push/subscriptions`).
 */
export async function forgetPush(host: PairedHost): Promise<void> {
  // No IndexedDB (old browser, some private modes): nothing was ever subscribed or stored.
  if (!globalThis.indexedDB) return;
  try {
    const { subscriptionId } = await readPushPrefs(host.id);
    if (subscriptionId && hostBehindGateway(host)) await deletePushSubscription(host, subscriptionId);
  } catch (error) {
    console.warn(
      `push: could not remove ${host.name}'s subscription at the gateway; remove it from another device`,
      error,
    );
  }
  await removePushHost(host.id).catch((error: unknown) =>
    console.warn("push: could not remove the host's record from this device", error),
  );
}
