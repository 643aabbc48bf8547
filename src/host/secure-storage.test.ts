import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { createSecureStorage, KEY_DATABASE, type SecureStorageOptions, type StorageProtection } from './secure-storage';

const TOKEN = 'owt_0123456789abcdef0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
const KEY = 'test.hosts';

interface Saved {
  hosts: { id: string; url: string; credentials: { token?: string } }[];
  activeId: string | undefined;
}

const host = (id: string, token = TOKEN) => ({ id, url: 'http://10.0.0.5:8787', credentials: { token } });

/** A persisted store like the hosts store, on its own IndexedDB; resolves once hydrated. */
async function makeStore(options: Partial<SecureStorageOptions<Saved>> & { idb?: IDBFactory | undefined } = {}) {
  const protections: StorageProtection[] = [];
  const { idb, ...rest } = options;
  const storage = createSecureStorage<Saved>({
    keyId: 'hosts',
    plainFields: ['activeId'],
    onProtection: (p) => protections.push(p),
    indexedDB: idb,
    ...rest,
  });
  const store = create<Saved>()(
    persist(() => ({ hosts: [] as Saved['hosts'], activeId: undefined as string | undefined }), {
      name: KEY,
      version: 2,
      storage,
      migrate: (state) => state as Saved,
    }),
  );
  await vi.waitFor(() => expect(store.persist.hasHydrated()).toBe(true));
  return { store, protections, storage };
}

/** Waits until what is in localStorage satisfies `check`. */
async function stored(check: (raw: string) => boolean): Promise<string> {
  let raw = '';
  await vi.waitFor(() => {
    raw = localStorage.getItem(KEY) ?? '';
    expect(check(raw)).toBe(true);
  });
  return raw;
}

async function keyIn(idb: IDBFactory): Promise<CryptoKey | undefined> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = idb.open(KEY_DATABASE, 1);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
  });
  const value = await new Promise<unknown>((resolve) => {
    const req = db.transaction('keys', 'readonly').objectStore('keys').get('hosts');
    req.onsuccess = () => resolve(req.result);
  });
  db.close();
  return value as CryptoKey | undefined;
}

describe('createSecureStorage', () => {
  it('keeps only ciphertext in localStorage, under a non-extractable AES-GCM key in IndexedDB', async () => {
    const idb = new IDBFactory();
    const { store, protections } = await makeStore({ idb });
    store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    const raw = await stored((text) => text.includes('sealed'));
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain('10.0.0.5');
    expect(raw).not.toContain('credentials');
    const parsed = JSON.parse(raw) as {
      version: number;
      state: Record<string, unknown>;
      sealed: { alg: string; iv: string; data: string };
    };
    expect(parsed.version).toBe(2);
    expect(parsed.state).toEqual({ activeId: 'host_1' });
    expect(parsed.sealed.alg).toBe('AES-GCM');
    expect(atob(parsed.sealed.iv)).toHaveLength(12);
    expect(protections.at(-1)).toEqual({ mode: 'encrypted' });

    const key = await keyIn(idb);
    expect(key?.extractable).toBe(false);
    expect(key?.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow();
  });

  it('reads back what it sealed on the next start (same key), with a fresh IV per write', async () => {
    const idb = new IDBFactory();
    const first = await makeStore({ idb });
    first.store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    const one = await stored((text) => text.includes('sealed'));
    first.store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    const two = await stored((text) => text !== one);
    expect(JSON.parse(two).sealed.iv).not.toBe(JSON.parse(one).sealed.iv);

    const second = await makeStore({ idb });
    expect(second.store.getState()).toMatchObject({ hosts: [host('host_1')], activeId: 'host_1' });
  });

  it('migrates a plain-JSON store (version 1) once: read, then re-written sealed', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ state: { hosts: [host('host_old', PASSWORD)], activeId: 'host_old' }, version: 1 }),
    );
    const { store } = await makeStore({ idb: new IDBFactory() });
    expect(store.getState().hosts).toEqual([host('host_old', PASSWORD)]);
    const raw = await stored((text) => text.includes('sealed') && JSON.parse(text).version === 2);
    expect(raw).not.toContain(PASSWORD);
  });

  it('writes in order: the last state wins even when many writes overlap', async () => {
    const idb = new IDBFactory();
    const { store } = await makeStore({ idb });
    for (let i = 0; i < 20; i += 1) store.setState({ hosts: [host(`host_${i}`)], activeId: `host_${i}` });
    await stored((text) => text.includes('"host_19"'));
    const again = await makeStore({ idb });
    expect(again.store.getState().hosts.map((h) => h.id)).toEqual(['host_19']);
  });

  it('falls back to plain text without IndexedDB, and says why', async () => {
    const { store, protections } = await makeStore({ idb: undefined });
    store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    const raw = await stored((text) => text.includes(TOKEN));
    expect(JSON.parse(raw).plaintext).toMatch(/no IndexedDB/);
    expect(protections.at(-1)).toEqual({ mode: 'plaintext', reason: expect.stringMatching(/IndexedDB/) });
  });

  it('falls back without WebCrypto and names the insecure context', async () => {
    const insecure = globalThis.isSecureContext;
    Object.defineProperty(globalThis, 'isSecureContext', { value: false, configurable: true });
    try {
      const { protections } = await makeStore({ idb: new IDBFactory(), subtle: undefined });
      expect(protections.at(-1)).toEqual({ mode: 'plaintext', reason: expect.stringMatching(/not a secure context/) });
    } finally {
      Object.defineProperty(globalThis, 'isSecureContext', { value: insecure, configurable: true });
    }
  });

  it('falls back when IndexedDB refuses to open (some private modes)', async () => {
    const refusing = new IDBFactory();
    refusing.open = () => {
      throw new DOMException('refused', 'InvalidStateError');
    };
    const { protections } = await makeStore({ idb: refusing });
    expect(protections.at(-1)).toEqual({ mode: 'plaintext', reason: expect.stringMatching(/InvalidStateError/) });
  });

  it('seals a plain-text fallback value once encryption becomes available', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ version: 2, state: { hosts: [host('host_1')], activeId: 'host_1' }, plaintext: 'no IndexedDB' }),
    );
    const { store } = await makeStore({ idb: new IDBFactory() });
    expect(store.getState().hosts).toHaveLength(1);
    const raw = await stored((text) => text.includes('sealed'));
    expect(raw).not.toContain(TOKEN);
  });

  it('reports sealed hosts it cannot open (key gone), instead of crashing or showing garbage', async () => {
    const first = await makeStore({ idb: new IDBFactory() });
    first.store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    await stored((text) => text.includes('sealed'));
    // Site data partly cleared: localStorage kept, IndexedDB (the key) gone.
    const { store, protections } = await makeStore({ idb: new IDBFactory() });
    expect(store.getState().hosts).toEqual([]);
    expect(protections.at(-1)).toEqual({ mode: 'encrypted', unreadable: expect.stringMatching(/key .* is gone/) });
  });

  it('refuses altered ciphertext (AES-GCM authenticates it)', async () => {
    const idb = new IDBFactory();
    const first = await makeStore({ idb });
    first.store.setState({ hosts: [host('host_1')], activeId: 'host_1' });
    const raw = JSON.parse(await stored((text) => text.includes('sealed'))) as { sealed: { data: string } };
    const bytes = Uint8Array.from(atob(raw.sealed.data), (c) => c.charCodeAt(0));
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    raw.sealed.data = btoa(String.fromCharCode(...bytes));
    localStorage.setItem(KEY, JSON.stringify(raw));
    const { store, protections } = await makeStore({ idb });
    expect(store.getState().hosts).toEqual([]);
    expect(protections.at(-1)).toMatchObject({ unreadable: expect.stringMatching(/altered/) });
  });

  it('treats damaged JSON as nothing stored, and says so', async () => {
    localStorage.setItem(KEY, '{not json');
    const { store, protections } = await makeStore({ idb: new IDBFactory() });
    expect(store.getState().hosts).toEqual([]);
    expect(protections.at(-1)).toMatchObject({ unreadable: 'the saved data was damaged' });
  });
});
