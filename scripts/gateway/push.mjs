// push.mjs: sends one push to one subscription with web-push (RFC 8291 encryption, RFC 8292
// VAPID), honours presence (no push to a device whose app is visible), and records an outcome per
// push: sent, suppressed, expired (404/410: the subscription is dropped) or failed (with status).
// Every outcome is logged on one line and counted; a push service that fails again and again says
// so in the log each time, with the count.
import webpush from 'web-push';
import { topicFor } from './payload.mjs';

/** A device that said "visible" counts as visible this long after, unless it says "hidden" (ms). */
export const PRESENCE_LAPSE_MS = 45_000;
/** How long a push service keeps an undelivered push (seconds). */
export const PUSH_TTL_SECONDS = 3600;
const RECENT = 50;

/**
 * Presence per subscription: visible until 45 s after the last `visible: true`, or until `visible: false`.
 * @param {() => number} [now] clock in ms (tests pass their own)
 */
export function createPresence(now = Date.now) {
  /** @type {Map<string, number>} subscription id → visible until (ms since epoch) */
  const until = new Map();
  return {
    /** Records what the app said (POST /push/presence). */
    set(id, visible) {
      if (visible) until.set(id, now() + PRESENCE_LAPSE_MS);
      else until.delete(id);
    },
    /** @returns {boolean} whether the device's app is visible now */
    isVisible(id) {
      const at = until.get(id);
      return at !== undefined && now() < at;
    },
    forget(id) {
      until.delete(id);
    },
  };
}

/** @typedef {typeof webpush.sendNotification} SendNotification */

/**
 * The sender.
 * @param {object} deps
 * @param {import('./state.mjs').GatewayState} deps.state
 * @param {ReturnType<typeof createPresence>} deps.presence
 * @param {string} deps.subject VAPID `sub` claim (a mailto: or https: URL)
 * @param {(line: string) => void} [deps.log]
 * @param {SendNotification} [deps.send] web-push's sendNotification (tests replace it)
 * @param {(id: string) => void} [deps.onDropped] after a subscription the push service forgot was removed
 */
export function createPusher({
  state,
  presence,
  subject,
  log = console.log,
  send = webpush.sendNotification,
  onDropped,
}) {
  const outcomes = { sent: 0, suppressed: 0, expired: 0, failed: 0 };
  /** @type {{at: number, kind: string, outcome: string, status?: number}[]} */
  const recent = [];
  /** endpoint origin → consecutive failures */
  const failing = new Map();

  function record(kind, outcome, subscriptionId, status, detail) {
    outcomes[outcome] += 1;
    recent.unshift({ at: Date.now(), kind, outcome, ...(status !== undefined ? { status } : {}) });
    recent.length = Math.min(recent.length, RECENT);
    log(
      `push ${outcome}: ${kind} → ${subscriptionId}${status !== undefined ? ` (status ${status})` : ''}${detail ? ` ${detail}` : ''}`,
    );
  }

  return {
    outcomes,
    recent,
    /**
     * Sends `payload` to a subscription unless its app is visible (`ignorePresence` for kind test).
     * Never throws: the outcome says what happened.
     * @param {import('./state.mjs').StoredSubscription} sub
     * @param {{kind: string, requestID?: string}} payload the built payload (see payload.mjs)
     * @param {{ignorePresence?: boolean}} [options]
     * @returns {Promise<'sent' | 'suppressed' | 'expired' | 'failed'>}
     */
    async push(sub, payload, { ignorePresence = false } = {}) {
      if (!ignorePresence && presence.isVisible(sub.id)) {
        record(payload.kind, 'suppressed', sub.id, undefined, '(app visible)');
        return 'suppressed';
      }
      const origin = safeOrigin(sub.subscription.endpoint);
      const urgent = payload.kind === 'permission' || payload.kind === 'question';
      try {
        const result = await send(sub.subscription, JSON.stringify(payload), {
          vapidDetails: { subject, publicKey: state.vapid.publicKey, privateKey: state.vapid.privateKey },
          TTL: PUSH_TTL_SECONDS,
          urgency: urgent ? 'high' : 'normal',
          ...(payload.requestID ? { topic: topicFor(payload.requestID) } : {}),
          timeout: 10_000,
        });
        failing.delete(origin);
        state.update(sub.id, { lastPushAt: Date.now() });
        record(payload.kind, 'sent', sub.id, result.statusCode);
        return 'sent';
      } catch (error) {
        const status = typeof error?.statusCode === 'number' ? error.statusCode : undefined;
        if (status === 404 || status === 410) {
          state.remove(sub.id);
          presence.forget(sub.id);
          onDropped?.(sub.id);
          record(
            payload.kind,
            'expired',
            sub.id,
            status,
            '(the push service no longer knows it: subscription dropped)',
          );
          return 'expired';
        }
        const count = (failing.get(origin) ?? 0) + 1;
        failing.set(origin, count);
        const why = status !== undefined ? String(error.body ?? '').slice(0, 120) : String(error?.message ?? error);
        record(
          payload.kind,
          'failed',
          sub.id,
          status,
          `from ${origin}: ${why}${count > 1 ? ` (failed ${count} times in a row: check the push service and this machine's network)` : ''}`,
        );
        return 'failed';
      }
    },
  };
}

function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid endpoint';
  }
}
