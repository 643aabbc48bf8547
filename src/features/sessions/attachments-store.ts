/**
 * The composer's attachments per host and session (photos as data URLs, workspace files as
 * `file://` parts), kept in IndexedDB so they survive a failed send and a reload. Not in
 * localStorage with the text: a few photos would exceed its quota (about 5 MB per origin).
 *
 * Database `openwork-pwa.attachments` (version 1), object store `drafts`, key
 * `"<hostId>:<sessionId>"`, value `DraftAttachment[]`.
 */
import type { FilePartInput } from '@/host';

/** One attachment of a draft: the file part to send, and an id to remove it by. */
export interface DraftAttachment {
  /** Unique within the draft (for list keys and removal). */
  id: string;
  /** `image` for a photo (shown as a thumbnail), `file` for a workspace file (a chip). */
  kind: 'image' | 'file';
  /** The part sent to the host. */
  part: FilePartInput;
}

const DB_NAME = 'openwork-pwa.attachments';
const STORE = 'drafts';

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`Could not open IndexedDB ${DB_NAME}`));
  }).catch((error: unknown) => {
    // Let the next call try again (private mode may refuse once, a blocked upgrade may clear).
    opening = undefined;
    throw error;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const request = act(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB ${DB_NAME} request failed`));
  });
}

function isAttachment(value: unknown): value is DraftAttachment {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Partial<DraftAttachment>;
  return (
    typeof item.id === 'string' &&
    (item.kind === 'image' || item.kind === 'file') &&
    typeof item.part?.url === 'string' &&
    typeof item.part.mime === 'string'
  );
}

const key = (hostId: string, sessionId: string) => `${hostId}:${sessionId}`;

/**
 * The stored attachments of a draft (`[]` when none). Entries of another shape are skipped.
 *
 * @throws {Error} when IndexedDB cannot be opened (private mode in some browsers).
 */
export async function loadAttachments(hostId: string, sessionId: string): Promise<DraftAttachment[]> {
  const stored: unknown = await run('readonly', (store) => store.get(key(hostId, sessionId)));
  return Array.isArray(stored) ? stored.filter(isAttachment) : [];
}

/**
 * Stores the attachments of a draft; an empty list deletes the entry.
 *
 * @throws {Error} when IndexedDB refuses the write (quota, private mode).
 */
export async function saveAttachments(hostId: string, sessionId: string, items: DraftAttachment[]): Promise<void> {
  if (items.length === 0) await run('readwrite', (store) => store.delete(key(hostId, sessionId)));
  else await run('readwrite', (store) => store.put(items, key(hostId, sessionId)));
}

/**
 * Deletes every stored attachment of a host (on "Forget this host").
 *
 * @throws {Error} when IndexedDB cannot be opened.
 */
export async function forgetAttachments(hostId: string): Promise<void> {
  const prefix = `${hostId}:`;
  await run('readwrite', (store) => store.delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
}

/**
 * Deletes the stored attachments of every host not in `pairedHostIds` (hosts forgotten while
 * the composer was not loaded).
 *
 * @throws {Error} when IndexedDB cannot be opened.
 */
export async function pruneAttachments(pairedHostIds: readonly string[]): Promise<void> {
  const keys = await run('readonly', (store) => store.getAllKeys());
  const stale = keys.filter((k) => typeof k === 'string' && !pairedHostIds.some((id) => k.startsWith(`${id}:`)));
  for (const k of stale) await run('readwrite', (store) => store.delete(k));
}
