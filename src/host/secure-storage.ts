/**
 * Encrypted persistence for a zustand `persist` store: the fields that hold secrets are sealed
 * with AES-GCM (256-bit, fresh 96-bit IV per write) under a non-extractable WebCrypto key that
 * lives in IndexedDB; `localStorage` only ever holds the ciphertext. Used for the paired hosts
 * (their URLs, workspaces and credentials).
 *
 * What this protects against, and what it does not (docs/security.md, "Stored credentials"):
 * - It keeps tokens out of anything that reads `localStorage` as text: a glance at DevTools,
 *   profile backups or sync tools that copy localStorage files, disk forensics of those files,
 *   an extension or tool that dumps storage. The key cannot be exported, so a copy of the
 *   ciphertext alone is useless.
 * - It does NOT protect against script running in this origin (XSS, a malicious dependency):
 *   such script can use the key to decrypt, or read the tokens from memory. The CSP is what
 *   limits that. Nor against someone with the unlocked device and the browser open.
 *
 * When IndexedDB or WebCrypto is missing (old browsers, an http page on a LAN address, which is
 * not a secure context, some private modes), it falls back to plain JSON and says why in
 * {@link StorageProtection}, which the Hosts screen shows. It never logs.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';

/** How a store is kept on this device. */
export type StorageProtection =
  /** Not known yet: the key is being loaded. */
  | { mode: 'checking' }
  /** Sealed with AES-GCM under a non-extractable key. */
  | { mode: 'encrypted'; unreadable?: string }
  /** Plain JSON, because encryption is not available here (`reason` says why, for people). */
  | { mode: 'plaintext'; reason: string; unreadable?: string };

/**
 * The `localStorage` value (format 2): `state` holds the fields left readable, `sealed` the rest
 * as AES-GCM ciphertext; or, in the fallback, `state` holds everything and `plaintext` says why.
 */
interface RawValue {
  version: number;
  state: Record<string, unknown>;
  sealed?: { alg: 'AES-GCM'; iv: string; data: string };
  plaintext?: string;
}

/** Where the key lives and how long to wait for it. */
export interface SecureStorageOptions<S> {
  /** The IndexedDB record holding this store's key (database `openwork-pwa.keys`, store `keys`). */
  keyId: string;
  /** Fields stored readable (no secret in them); every other field is sealed. */
  plainFields: readonly (keyof S & string)[];
  /** Told whenever the protection is known or changes (for the UI; never logged). */
  onProtection?: (protection: StorageProtection) => void;
  /** Test seams; default to the globals. */
  storage?: Storage;
  indexedDB?: IDBFactory | undefined;
  subtle?: SubtleCrypto | undefined;
  /** Gives up on IndexedDB after this many ms (default 10,000) and falls back. */
  keyTimeoutMs?: number;
}

/** The IndexedDB database and object store that hold the keys. */
export const KEY_DATABASE = 'openwork-pwa.keys';
const KEY_STORE = 'keys';

/** Either a key, or the reason (for people) why there is none. */
type KeyResult = { key: CryptoKey } | { reason: string };

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function unbase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Duck-typed, because test environments may not share the `CryptoKey` global with the store. */
function isCryptoKey(value: unknown): value is CryptoKey {
  return (
    typeof value === 'object' && value !== null && 'algorithm' in value && 'usages' in value && 'extractable' in value
  );
}

function openKeyDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = idb.open(KEY_DATABASE, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(KEY_STORE)) open.result.createObjectStore(KEY_STORE);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

/**
 * Reads this store's key, or creates it (exported for tests that seal records under it before any
 * store was saved; the push records the service worker reads use the same key, see push-store.ts): a fresh AES-GCM 256 key with `extractable: false`, put
 * only if no other tab put one meanwhile (get-then-put in one readwrite transaction).
 */
export async function loadOrCreateKey(idb: IDBFactory, subtle: SubtleCrypto, keyId: string): Promise<CryptoKey> {
  const db = await openKeyDatabase(idb);
  try {
    const existing: unknown = await request(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(keyId));
    if (isCryptoKey(existing)) return existing;
    const fresh = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const store = db.transaction(KEY_STORE, 'readwrite').objectStore(KEY_STORE);
    const raced: unknown = await request(store.get(keyId));
    if (isCryptoKey(raced)) return raced;
    await request(store.put(fresh, keyId));
    return fresh;
  } finally {
    db.close();
  }
}

/** The error's name (`InvalidStateError`, `QuotaExceededError`…): never its message or data. */
function describe(error: unknown): string {
  // Duck-typed: a DOMException is not an `Error` instance in every environment.
  const name =
    typeof error === 'object' && error !== null && 'name' in error ? (error as { name: unknown }).name : undefined;
  return typeof name === 'string' && name && name !== 'Error' ? name : 'an error';
}

/** Why encryption cannot work here, or undefined when it may. Words for the Hosts screen. */
function unavailableReason(idb: IDBFactory | undefined, subtle: SubtleCrypto | undefined): string | undefined {
  if (!subtle) {
    return globalThis.isSecureContext === false
      ? 'this page is not a secure context (an http:// address other than localhost), and browsers offer WebCrypto only to https:// pages'
      : 'this browser has no WebCrypto (crypto.subtle)';
  }
  if (!idb) return 'this browser offers no IndexedDB here (some private browsing modes turn it off)';
  return undefined;
}

/**
 * A zustand `PersistStorage` that seals every field of the state except `plainFields`. All
 * operations run in order on one queue, so a slow encryption never lets an older state overwrite
 * a newer one. `getItem` never rejects: unreadable data comes back as "nothing stored" and is
 * reported through `onProtection` (`unreadable`).
 *
 * Reads format 2 (sealed or plaintext fallback) and the plain JSON zustand wrote before (format
 * 1, `{state, version}`), which the store's `migrate` then re-writes sealed. A plaintext value
 * found when encryption is available is re-written sealed at once.
 */
export function createSecureStorage<S extends object>(options: SecureStorageOptions<S>): PersistStorage<S> {
  const storage = options.storage ?? globalThis.localStorage;
  const idb = 'indexedDB' in options ? options.indexedDB : globalThis.indexedDB;
  const subtle = 'subtle' in options ? options.subtle : globalThis.crypto?.subtle;
  const plain = new Set<string>(options.plainFields);
  const aad = new TextEncoder().encode(`openwork-pwa:${options.keyId}:v2`);
  let protection: StorageProtection = { mode: 'checking' };
  let keyPromise: Promise<KeyResult> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const report = (next: StorageProtection) => {
    protection = next;
    options.onProtection?.(next);
  };
  const markUnreadable = (why: string) => report({ ...protection, unreadable: why } as StorageProtection);

  const key = (): Promise<KeyResult> => {
    keyPromise ??= (async (): Promise<KeyResult> => {
      const reason = unavailableReason(idb, subtle);
      if (reason || !idb || !subtle) return { reason: reason ?? 'encryption is unavailable' };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<KeyResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ reason: 'IndexedDB did not answer in time' }),
          options.keyTimeoutMs ?? 10_000,
        );
      });
      try {
        return await Promise.race([
          loadOrCreateKey(idb, subtle, options.keyId).then((k): KeyResult => ({ key: k })),
          timeout,
        ]);
      } catch (error) {
        return {
          reason: `IndexedDB could not keep the key (${describe(error)}; private browsing modes often refuse it)`,
        };
      } finally {
        clearTimeout(timer);
      }
    })().then((result) => {
      report('key' in result ? { mode: 'encrypted' } : { mode: 'plaintext', reason: result.reason });
      return result;
    });
    return keyPromise;
  };

  const enqueue = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };

  const split = (state: S): { clear: Record<string, unknown>; secret: Record<string, unknown> } => {
    const clear: Record<string, unknown> = {};
    const secret: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(state)) (plain.has(field) ? clear : secret)[field] = value;
    return { clear, secret };
  };

  const write = async (name: string, value: StorageValue<S>): Promise<void> => {
    const result = await key();
    const { clear, secret } = split(value.state);
    if ('key' in result && subtle) {
      try {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = await subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: aad },
          result.key,
          new TextEncoder().encode(JSON.stringify(secret)),
        );
        const raw: RawValue = {
          version: value.version ?? 0,
          state: clear,
          sealed: { alg: 'AES-GCM', iv: base64(iv), data: base64(new Uint8Array(data)) },
        };
        storage.setItem(name, JSON.stringify(raw));
        return;
      } catch (error) {
        // Should not happen with a key that loaded; rather than lose the user's hosts, keep them
        // in plain text and say so on the Hosts screen.
        report({ mode: 'plaintext', reason: `encryption failed (${describe(error)})` });
      }
    }
    const reason = protection.mode === 'plaintext' ? protection.reason : 'encryption is unavailable';
    const raw: RawValue = { version: value.version ?? 0, state: { ...clear, ...secret }, plaintext: reason };
    storage.setItem(name, JSON.stringify(raw));
  };

  const read = async (name: string): Promise<StorageValue<S> | null> => {
    const text = storage.getItem(name);
    const result = await key();
    if (text === null) return null;
    let raw: RawValue;
    try {
      raw = JSON.parse(text) as RawValue;
    } catch {
      // Damaged JSON: nothing usable; say so rather than crash the app at start.
      markUnreadable('the saved data was damaged');
      return null;
    }
    if (typeof raw !== 'object' || raw === null || typeof raw.state !== 'object' || raw.state === null) {
      markUnreadable('the saved data was damaged');
      return null;
    }
    const version = typeof raw.version === 'number' ? raw.version : 0;
    if (!raw.sealed) {
      const value = { state: raw.state as S, version };
      // Plain text from before encryption (or from a fallback): seal it now that we can.
      if ('key' in result) void enqueue(() => write(name, value));
      return value;
    }
    if (!('key' in result) || !subtle) {
      markUnreadable(
        `the saved hosts are encrypted and ${'reason' in result ? result.reason : 'encryption is unavailable'}`,
      );
      return null;
    }
    try {
      const plainBytes = await subtle.decrypt(
        { name: 'AES-GCM', iv: unbase64(raw.sealed.iv), additionalData: aad },
        result.key,
        unbase64(raw.sealed.data),
      );
      const secret = JSON.parse(new TextDecoder().decode(plainBytes)) as Record<string, unknown>;
      return { state: { ...raw.state, ...secret } as S, version };
    } catch {
      // Wrong key (the IndexedDB key was deleted while localStorage stayed) or altered data.
      markUnreadable(
        'the key that encrypted the saved hosts is gone (site data was partly cleared) or the data was altered',
      );
      return null;
    }
  };

  return {
    getItem: (name) => enqueue(() => read(name)),
    setItem: (name, value) => enqueue(() => write(name, value)),
    removeItem: (name) => enqueue(async () => storage.removeItem(name)),
  };
}
