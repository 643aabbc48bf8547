/**
 * Paired hosts on this device (client state, persisted): name, URL, kind, workspace, credentials.
 * Versioned so a later shape can migrate what users already saved.
 *
 * Storage (version 2): `localStorage['openwork-pwa.hosts']` keeps `activeId` readable and the
 * host list (URLs, workspaces, credentials) sealed with AES-GCM under a non-extractable key in
 * IndexedDB (see `secure-storage.ts`). Version 1 was plain JSON; it is read once and re-written
 * sealed. Loading is asynchronous: render nothing that depends on hosts before
 * {@link useHostsHydrated} is true, or a reload would briefly look unpaired.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { isRecord } from '@/lib/guards';
import { createSecureStorage, type StorageProtection } from './secure-storage';
import type { OpencodeTarget, PairedHost } from './types';

/** What is persisted: the hosts and which one is active. */
export interface PersistedHosts {
  hosts: PairedHost[];
  activeId: string | undefined;
}

interface HostsState extends PersistedHosts {
  /** Adds a host, or replaces the one with the same URL and workspace; makes it active. */
  save: (host: PairedHost) => PairedHost;
  /** Makes a paired host the active one (one tap switch). */
  activate: (id: string) => void;
  /** Removes a host and its credentials from this device (use `forgetHost` to also drop its connection and data). */
  forget: (id: string) => void;
  rename: (id: string, name: string) => void;
  /** Replaces fields of a paired host (workspace switch, new credentials). */
  /** Points an OpenWork host at another of its workspaces (an OpenCode host is left as it is). */
  setWorkspace: (
    id: string,
    workspace: { workspaceId: string; workspaceName: string; opencode: OpencodeTarget },
  ) => void;
}

/** localStorage key of the paired-hosts store. */
export const HOSTS_STORAGE_KEY = 'openwork-pwa.hosts';

/** The current version of the persisted hosts: 2 = sealed host list. */
export const HOSTS_STORAGE_VERSION = 2;

/** How the paired hosts are stored on this device (encrypted, or plain text and why). */
export const useHostsProtection = create<StorageProtection>()(() => ({ mode: 'checking' }));

/** True once the persisted hosts were loaded (or found missing/unreadable). */
const useHydration = create<{ done: boolean }>()(() => ({ done: false }));

function isPairedHost(value: unknown): value is PairedHost {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.url === 'string' &&
    // An OpenWork host is always paired with one of its workspaces; an OpenCode host never is.
    ((value.kind === 'openwork' && typeof value.workspaceId === 'string' && value.workspaceId !== '') ||
      (value.kind === 'opencode' && value.workspaceId === undefined)) &&
    isRecord(value.credentials) &&
    isRecord(value.opencode) &&
    typeof value.opencode.baseUrl === 'string'
  );
}

/**
 * Reads a persisted state of any earlier version (1: the same fields, stored as plain JSON),
 * keeping only well-formed hosts. The storage re-writes it sealed afterwards.
 */
export function migrateHosts(persisted: unknown): PersistedHosts {
  if (!isRecord(persisted)) return { hosts: [], activeId: undefined };
  const hosts = Array.isArray(persisted.hosts) ? persisted.hosts.filter(isPairedHost) : [];
  const activeId =
    typeof persisted.activeId === 'string' && hosts.some((h) => h.id === persisted.activeId)
      ? persisted.activeId
      : hosts[0]?.id;
  return { hosts, activeId };
}

export const useHostsStore = create<HostsState>()(
  persist(
    (set, get) => ({
      hosts: [],
      activeId: undefined,
      save: (host) => {
        const existing = get().hosts.find(
          (h) =>
            h.url === host.url &&
            h.workspaceId === host.workspaceId &&
            h.opencode.directory === host.opencode.directory,
        );
        const saved = existing ? { ...host, id: existing.id } : host;
        set((state) => ({
          hosts: existing ? state.hosts.map((h) => (h.id === existing.id ? saved : h)) : [...state.hosts, saved],
          activeId: saved.id,
        }));
        return saved;
      },
      activate: (id) => set({ activeId: id }),
      forget: (id) =>
        set((state) => {
          const hosts = state.hosts.filter((h) => h.id !== id);
          return { hosts, activeId: state.activeId === id ? hosts[0]?.id : state.activeId };
        }),
      rename: (id, name) => set((state) => ({ hosts: state.hosts.map((h) => (h.id === id ? { ...h, name } : h)) })),
      setWorkspace: (id, workspace) =>
        set((state) => ({
          hosts: state.hosts.map((h) => (h.id === id && h.kind === 'openwork' ? { ...h, ...workspace } : h)),
        })),
    }),
    {
      name: HOSTS_STORAGE_KEY,
      version: HOSTS_STORAGE_VERSION,
      storage: createSecureStorage<PersistedHosts>({
        keyId: 'hosts',
        plainFields: ['activeId'],
        onProtection: (protection) => useHostsProtection.setState(protection, true),
      }),
      partialize: (state): PersistedHosts => ({ hosts: state.hosts, activeId: state.activeId }),
      migrate: (persisted) => migrateHosts(persisted),
      // A well-formed persisted state replaces the initial one; anything else is dropped.
      merge: (persisted, current) => (persisted === undefined ? current : { ...current, ...migrateHosts(persisted) }),
      // Called when loading ends, with or without an error: either way the app may render now.
      onRehydrateStorage: () => () => useHydration.setState({ done: true }),
    },
  ),
);

// Another tab of the app saved the hosts (paired, forgot, switched): load what it saved, so this
// tab does not keep a forgotten host's token in memory and write it back with its next change.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === HOSTS_STORAGE_KEY) void useHostsStore.persist.rehydrate();
  });
}

/**
 * Calls `callback` once the paired hosts are loaded from storage: at once when they already are.
 * Returns a function that cancels the call.
 */
export function whenHostsHydrated(callback: () => void): () => void {
  if (useHydration.getState().done) {
    callback();
    return () => undefined;
  }
  const unsubscribe = useHydration.subscribe((state) => {
    if (!state.done) return;
    unsubscribe();
    callback();
  });
  return unsubscribe;
}

/** True once the paired hosts were loaded from storage (decrypting takes a moment at start). */
export function useHostsHydrated(): boolean {
  return useHydration((state) => state.done);
}

/** The active paired host, or undefined before the first pairing. */
export function useActiveHost(): PairedHost | undefined {
  return useHostsStore((state) => state.hosts.find((h) => h.id === state.activeId) ?? state.hosts[0]);
}

/** A paired host by id. */
export function useHost(id: string | undefined): PairedHost | undefined {
  return useHostsStore((state) => state.hosts.find((h) => h.id === id));
}

/** A new local id for a paired host. */
export function newHostId(): string {
  return `host_${crypto.randomUUID().slice(0, 8)}`;
}
