/**
 * What the service worker needs to know about each paired host, kept where a worker can read it:
 * IndexedDB (`openwork-pwa.push`). The paired hosts themselves are sealed in `localStorage`, which
 * a service worker cannot read, so each host is written here too when it is paired or changed
 * ({@link syncPushHosts}) and removed on Forget ({@link removePushHost}).
 *
 * Stores:
 * - `hosts`: per host id, the host's URL, kind, OpenCode target and credentials, sealed with
 *   AES-GCM under the same non-extractable key as the paired hosts (database `openwork-pwa.keys`,
 *   record `hosts`), so nothing readable as text holds a token;
 * - `prefs`: per host id, the push choices (answer from the notification, run updates) and the
 *   gateway's subscription id; no secret;
 * - `attempts`: one record per request answered from a notification, written before the reply is
 *   sent, so a second tap or a retried event never sends a second reply;
 * - `log`: what pushes arrived and what was answered from a notification, for the decision log and
 *   the "While you were away" summary (newest 200 kept).
 */
import type { HostCredentials, HostKind, OpencodeTarget, PairedHost } from './types';

/** The IndexedDB database of the push state. */
export const PUSH_DATABASE = 'openwork-pwa.push';
const HOSTS = 'hosts';
const PREFS = 'prefs';
const ATTEMPTS = 'attempts';
const LOG = 'log';
const LOG_LIMIT = 200;
/** Same key as the paired hosts (secure-storage keyId `hosts`), another additional-data label. */
const KEY_ID = 'hosts';
const AAD = new TextEncoder().encode('openwork-pwa:push-host:v1');

/** A paired host as the service worker sees it: enough to send one reply with its credential. */
export interface PushHostRecord {
  hostId: string;
  name: string;
  /** The paired URL (what the gateway's payload names as `host`). */
  url: string;
  kind: HostKind;
  workspaceId?: string;
  opencode: OpencodeTarget;
  credentials: HostCredentials;
}

/** The push choices of one host on this device. */
export interface PushPrefs {
  /** Offer "Allow once" and "Reject" on a permission notification (default true). */
  answerFromNotification: boolean;
  /** Also push when a run finishes or fails (default false). */
  runs: boolean;
  /** The gateway's id of this device's subscription for the host, when subscribed. */
  subscriptionId?: string;
}

/** Defaults for a host with no stored choices. */
export const DEFAULT_PUSH_PREFS: PushPrefs = { answerFromNotification: true, runs: false };

/** One line of the push log. `at` is epoch ms. */
export interface PushLogEntry {
  at: number;
  hostId: string;
  hostName: string;
  sessionID: string;
  requestID?: string;
  /** `received`: a push arrived; `answered`: a reply was sent (or tried) from a notification. */
  type: 'received' | 'answered';
  /** The payload's kind (`permission`, `question`, `done`, `failed`, `withdraw`, `test`). */
  kind: string;
  title: string;
  body: string;
  /** For `answered`: `once` or `reject`. */
  answer?: string;
  /** For `answered`: `sent`, `answered-elsewhere` or `failed`. */
  outcome?: 'sent' | 'answered-elsewhere' | 'failed';
  detail?: string;
  /** Set once the app copied this answer into its decision log. */
  merged?: boolean;
}

/**
 * The key database and record of the paired hosts' key (see secure-storage.ts, which creates it).
 * Read here rather than imported: sharing that module with this lazily loaded one would split it
 * into a chunk of its own on the first screen, which has no budget left for it.
 */
const KEY_DATABASE = 'openwork-pwa.keys';
const KEY_STORE = 'keys';

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function unbase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/**
 * The paired hosts' non-extractable AES-GCM key. The app creates it when it first saves the
 * hosts; without it nothing is sealed here.
 * @throws {Error} when there is no key (the hosts are kept in plain text on this device).
 */
async function loadKey(): Promise<CryptoKey> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = idb().open(KEY_DATABASE, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(KEY_STORE)) open.result.createObjectStore(KEY_STORE);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open the key database'));
  });
  try {
    const key: unknown = await request(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(KEY_ID));
    if (typeof key !== 'object' || key === null || !('algorithm' in key))
      throw new Error(
        'No encryption key for the paired hosts on this device, so they are not kept for the service worker; encryption may be unavailable here.',
      );
    return key as CryptoKey;
  } finally {
    db.close();
  }
}

interface SealedRow {
  hostId: string;
  iv: string;
  data: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function idb(): IDBFactory {
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available here, so push settings cannot be kept.');
  return globalThis.indexedDB;
}

function subtle(): SubtleCrypto {
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is not available here (not a secure context).');
  return globalThis.crypto.subtle;
}

function openPushDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = idb().open(PUSH_DATABASE, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      for (const name of [HOSTS, PREFS, ATTEMPTS]) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      if (!db.objectStoreNames.contains(LOG)) db.createObjectStore(LOG, { autoIncrement: true });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

async function withDb<T>(run: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await openPushDatabase();
  try {
    return await run(db);
  } finally {
    db.close();
  }
}

function recordOf(host: PairedHost): PushHostRecord {
  return {
    hostId: host.id,
    name: host.name,
    url: host.url,
    kind: host.kind,
    ...(host.workspaceId ? { workspaceId: host.workspaceId } : {}),
    opencode: host.opencode,
    credentials: host.credentials,
  };
}

async function seal(record: PushHostRecord): Promise<SealedRow> {
  const key = await loadKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: AAD },
    key,
    new TextEncoder().encode(JSON.stringify(record)),
  );
  return { hostId: record.hostId, iv: base64(iv), data: base64(new Uint8Array(data)) };
}

async function unseal(row: SealedRow, key: CryptoKey): Promise<PushHostRecord> {
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: unbase64(row.iv), additionalData: AAD },
    key,
    unbase64(row.data),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as PushHostRecord;
}

/**
 * Writes every paired host's record and removes the records of hosts no longer paired (and their
 * prefs). Called whenever the paired hosts change.
 * @throws {Error} when IndexedDB or WebCrypto is unavailable here.
 */
export async function syncPushHosts(hosts: readonly PairedHost[]): Promise<void> {
  const rows = await Promise.all(hosts.map((host) => seal(recordOf(host))));
  await withDb(async (db) => {
    const tx = db.transaction([HOSTS, PREFS], 'readwrite');
    const store = tx.objectStore(HOSTS);
    const keep = new Set(rows.map((row) => row.hostId));
    const existing = (await request(store.getAllKeys())).map(String);
    for (const id of existing) {
      if (keep.has(id)) continue;
      store.delete(id);
      tx.objectStore(PREFS).delete(id);
    }
    for (const row of rows) store.put(row, row.hostId);
    await done(tx);
  });
}

/** Removes one host's record and push choices (on Forget). */
export async function removePushHost(hostId: string): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction([HOSTS, PREFS], 'readwrite');
    tx.objectStore(HOSTS).delete(hostId);
    tx.objectStore(PREFS).delete(hostId);
    await done(tx);
  });
}

/**
 * Every host record this device keeps for the service worker, decrypted. A record that no longer
 * decrypts (its key was cleared with site data) is skipped: the app writes it again when it opens.
 */
export async function readPushHosts(): Promise<PushHostRecord[]> {
  const rows = await withDb((db) =>
    request(db.transaction(HOSTS, 'readonly').objectStore(HOSTS).getAll() as IDBRequest<SealedRow[]>),
  );
  if (rows.length === 0) return [];
  const key = await loadKey();
  const records: PushHostRecord[] = [];
  for (const row of rows) {
    try {
      records.push(await unseal(row, key));
    } catch (error) {
      console.warn(
        `push: the stored record of host ${row.hostId} could not be decrypted; open the app to renew it`,
        error,
      );
    }
  }
  return records;
}

/**
 * The host record a push names by its URL (`payload.host`), preferring the host this device
 * subscribed for when several workspaces of one OpenWork host share the URL.
 */
export async function findPushHost(url: string): Promise<PushHostRecord | undefined> {
  const matches = (await readPushHosts()).filter((record) => record.url === url);
  if (matches.length <= 1) return matches[0];
  for (const record of matches) if ((await readPushPrefs(record.hostId)).subscriptionId) return record;
  return matches[0];
}

/** The push choices of a host ({@link DEFAULT_PUSH_PREFS} when none are stored). */
export async function readPushPrefs(hostId: string): Promise<PushPrefs> {
  const stored = await withDb((db) =>
    request(
      db.transaction(PREFS, 'readonly').objectStore(PREFS).get(hostId) as IDBRequest<Partial<PushPrefs> | undefined>,
    ),
  );
  return { ...DEFAULT_PUSH_PREFS, ...stored };
}

/** Changes some of a host's push choices; returns them all. `subscriptionId: undefined` removes it. */
export async function writePushPrefs(hostId: string, patch: Partial<PushPrefs>): Promise<PushPrefs> {
  return withDb(async (db) => {
    const tx = db.transaction(PREFS, 'readwrite');
    const store = tx.objectStore(PREFS);
    const stored = (await request(store.get(hostId) as IDBRequest<Partial<PushPrefs> | undefined>)) ?? {};
    const next: PushPrefs = { ...DEFAULT_PUSH_PREFS, ...stored, ...patch };
    if (next.subscriptionId === undefined) delete next.subscriptionId;
    store.put(next, hostId);
    await done(tx);
    return next;
  });
}

/**
 * Records that a reply to `requestId` of `hostId` is about to be sent from a notification, unless
 * one was recorded before. Get and put run in one readwrite transaction, so two taps racing each
 * other cannot both win. Returns true when this caller may send.
 */
export async function claimReplyAttempt(hostId: string, requestId: string, reply: string): Promise<boolean> {
  return withDb(async (db) => {
    const tx = db.transaction(ATTEMPTS, 'readwrite');
    const store = tx.objectStore(ATTEMPTS);
    const key = `${hostId}:${requestId}`;
    const existing: unknown = await request(store.get(key));
    if (existing !== undefined) {
      await done(tx);
      return false;
    }
    store.put({ at: Date.now(), reply }, key);
    await done(tx);
    return true;
  });
}

/** Adds a line to the push log, dropping the oldest beyond 200. */
export async function appendPushLog(entry: PushLogEntry): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction(LOG, 'readwrite');
    const store = tx.objectStore(LOG);
    store.add(entry);
    const keys = await request(store.getAllKeys());
    for (const key of keys.slice(0, Math.max(0, keys.length - LOG_LIMIT))) store.delete(key);
    await done(tx);
  });
}

/** The push log's lines at or after `sinceMs` (epoch ms), oldest first. */
export async function readPushLog(sinceMs = 0): Promise<PushLogEntry[]> {
  const all = await withDb((db) =>
    request(db.transaction(LOG, 'readonly').objectStore(LOG).getAll() as IDBRequest<PushLogEntry[]>),
  );
  return all.filter((entry) => entry.at >= sinceMs);
}

/**
 * The answers sent from notifications that the app has not copied into its decision log yet, each
 * marked as copied in the same transaction (so two tabs do not both copy one).
 */
export async function takeUnmergedAnswers(): Promise<PushLogEntry[]> {
  return withDb(async (db) => {
    const tx = db.transaction(LOG, 'readwrite');
    const store = tx.objectStore(LOG);
    const keys = await request(store.getAllKeys());
    const taken: PushLogEntry[] = [];
    for (const key of keys) {
      const entry = (await request(store.get(key))) as PushLogEntry | undefined;
      if (!entry || entry.type !== 'answered' || entry.merged) continue;
      taken.push(entry);
      store.put({ ...entry, merged: true }, key);
    }
    await done(tx);
    return taken;
  });
}

/** Deletes the whole push database (tests, and "clear site data" equivalents). */
export function deletePushDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const del = idb().deleteDatabase(PUSH_DATABASE);
    del.onsuccess = () => resolve();
    del.onerror = () => reject(del.error ?? new Error('IndexedDB did not delete the push database'));
  });
}
