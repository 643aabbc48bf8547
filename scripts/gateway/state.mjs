// state.mjs: what the push gateway keeps between runs, in one folder (mode 0700, files 0600):
// the VAPID key pair, the subscriptions, the requests already pushed (so a restart does not push
// them again) and, when no credential comes from the environment, the last credential a device
// presented that the host accepted (so a restart resumes watching).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';

/**
 * A stored subscription.
 * @typedef {object} StoredSubscription
 * @property {string} id opaque, random
 * @property {{endpoint: string, expirationTime?: number | null, keys: {p256dh: string, auth: string}}} subscription
 *   what the browser's PushSubscription.toJSON() gave
 * @property {string} host the paired host URL, as the app has it
 * @property {string} [directory] workspace directory (direct OpenCode)
 * @property {string} [workspaceId] OpenWork workspace id
 * @property {{runs: boolean}} options runs: also push when a run finishes or fails
 * @property {number} createdAt ms since epoch
 * @property {number} [lastPushAt] ms since epoch of the last push sent to it
 * @property {string} [userAgent] the subscribing browser's User-Agent, to tell devices apart
 */

/**
 * Reads a JSON file of the state folder, or `fallback` when it does not exist yet.
 * @throws {Error} when the file exists but is not JSON (named, so the user can remove it)
 */
function readJson(file, fallback) {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`push gateway: ${file} is not valid JSON (${error.message}); fix or delete it and start again`);
  }
}

/** Writes atomically (temp file + rename) with mode 0600, so a crash never leaves half a file. */
function writeJson(file, value) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/**
 * Opens (creating on first use) the gateway's state folder.
 * @param {string} dir the folder; made with mode 0700 (an existing one is tightened to 0700)
 * @returns the store: VAPID keys, subscriptions, pushed requests and the watch credential
 * @throws {Error} when a state file is not valid JSON
 */
export function openState(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const files = {
    vapid: join(dir, 'vapid.json'),
    subscriptions: join(dir, 'subscriptions.json'),
    pushed: join(dir, 'pushed.json'),
    credential: join(dir, 'credential.json'),
  };

  /** @type {{publicKey: string, privateKey: string}} */
  let vapid = readJson(files.vapid, undefined);
  if (!vapid?.publicKey || !vapid?.privateKey) {
    vapid = webpush.generateVAPIDKeys();
    writeJson(files.vapid, vapid);
  }

  /** @type {StoredSubscription[]} */
  const subscriptions = readJson(files.subscriptions, { items: [] }).items ?? [];
  /**
   * requestID → its session, the watch it came from, the subscriptions that got its push
   * (`subscriptions`: a withdrawal goes to them) and those it was settled for, pushed or not
   * (`handled`: suppressed while the app was visible counts; a re-sync skips them).
   * @type {Record<string, {sessionID: string, watchKey: string, subscriptions: string[], handled: string[]}>}
   */
  const pushed = readJson(files.pushed, { requests: {} }).requests ?? {};

  const saveSubscriptions = () => writeJson(files.subscriptions, { items: subscriptions });
  const savePushed = () => writeJson(files.pushed, { requests: pushed });

  return {
    dir,
    files,
    /** The VAPID key pair (base64url: uncompressed P-256 public point, 32-byte private key). */
    vapid,
    /** @returns {StoredSubscription[]} every subscription (a copy of the list) */
    list: () => [...subscriptions],
    /** @returns {StoredSubscription | undefined} */
    get: (id) => subscriptions.find((s) => s.id === id),
    /**
     * Adds a subscription, or updates the one with the same endpoint (same id, options replaced).
     * @param {Omit<StoredSubscription, 'id' | 'createdAt'>} input
     * @returns {{record: StoredSubscription, created: boolean}}
     */
    upsert(input) {
      const existing = subscriptions.find((s) => s.subscription.endpoint === input.subscription.endpoint);
      if (existing) {
        Object.assign(existing, input, { id: existing.id, createdAt: existing.createdAt });
        saveSubscriptions();
        return { record: existing, created: false };
      }
      const record = { ...input, id: `sub_${randomBytes(12).toString('base64url')}`, createdAt: Date.now() };
      subscriptions.push(record);
      saveSubscriptions();
      return { record, created: true };
    },
    /** Replaces fields of a subscription and persists. @returns {StoredSubscription | undefined} */
    update(id, patch) {
      const record = subscriptions.find((s) => s.id === id);
      if (!record) return undefined;
      Object.assign(record, patch);
      saveSubscriptions();
      return record;
    },
    /** Removes a subscription (and its share of pushed requests). @returns {boolean} whether it existed */
    remove(id) {
      const index = subscriptions.findIndex((s) => s.id === id);
      if (index === -1) return false;
      subscriptions.splice(index, 1);
      saveSubscriptions();
      for (const entry of Object.values(pushed)) {
        entry.subscriptions = entry.subscriptions.filter((s) => s !== id);
        entry.handled = (entry.handled ?? []).filter((s) => s !== id);
      }
      savePushed();
      return true;
    },
    /** requestID → who got its push; mutate through markPushed / forgetRequest. */
    pushed,
    /**
     * Notes that the push for `requestID` was settled for `subscriptionId`: sent (`got` true) or
     * suppressed (`got` false: no withdrawal follows, and a re-sync does not push it again).
     */
    markPushed(requestID, sessionID, watchKey, subscriptionId, got) {
      const entry = (pushed[requestID] ??= { sessionID, watchKey, subscriptions: [], handled: [] });
      entry.handled ??= [];
      if (!entry.handled.includes(subscriptionId)) entry.handled.push(subscriptionId);
      if (got && !entry.subscriptions.includes(subscriptionId)) entry.subscriptions.push(subscriptionId);
      savePushed();
    },
    /** Forgets a request (answered or gone). */
    forgetRequest(requestID) {
      if (!(requestID in pushed)) return;
      delete pushed[requestID];
      savePushed();
    },
    /** @returns {string | undefined} the stored watch credential (a full Authorization header value) */
    credential: () => readJson(files.credential, {}).authorization,
    /** Keeps the credential a device presented and the host accepted (mode 0600). */
    saveCredential(authorization) {
      writeJson(files.credential, { authorization, savedAt: Date.now() });
    },
  };
}

/** @typedef {ReturnType<typeof openState>} GatewayState */
