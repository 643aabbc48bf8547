/**
 * Paired hosts on this device (client state, persisted): name, URL, kind, workspace, credentials.
 * Versioned so a later shape can migrate what users already saved.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PairedHost } from './types';

interface HostsState {
  hosts: PairedHost[];
  activeId: string | undefined;
  /** Adds a host, or replaces the one with the same URL and workspace; makes it active. */
  save: (host: PairedHost) => PairedHost;
  /** Makes a paired host the active one (one tap switch). */
  activate: (id: string) => void;
  /** Removes a host and its credentials from this device. */
  forget: (id: string) => void;
  rename: (id: string, name: string) => void;
  /** Replaces fields of a paired host (workspace switch, new credentials). */
  update: (id: string, patch: Partial<Omit<PairedHost, 'id'>>) => void;
}

/** localStorage key of the paired-hosts store. */
export const HOSTS_STORAGE_KEY = 'openwork-pwa.hosts';

export const useHostsStore = create<HostsState>()(
  persist(
    (set, get) => ({
      hosts: [],
      activeId: undefined,
      save: (host) => {
        const existing = get().hosts.find((h) => h.url === host.url && h.workspaceId === host.workspaceId && h.opencode.directory === host.opencode.directory);
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
      update: (id, patch) => set((state) => ({ hosts: state.hosts.map((h) => (h.id === id ? { ...h, ...patch } : h)) })),
    }),
    {
      name: HOSTS_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
    },
  ),
);

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
