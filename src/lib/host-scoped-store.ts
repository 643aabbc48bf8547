/**
 * A persisted store of values per paired host and key (composer drafts, unsaved file edits…),
 * kept in localStorage so a reload, a crash or a failed request loses nothing the user typed.
 * "Forget this host" drops every value of one host with {@link HostScopedState.forgetHost}.
 *
 * Stored as zustand `persist` writes it: `{"state":{"<storedField>":{"<hostId>:<key>":value}},"version":n}`.
 * That flat `hostId:key` map is the shape the first draft stores wrote (version 1), kept so the
 * drafts a user already has are still found after an update.
 */
import { create, type Mutate, type StoreApi, type UseBoundStore } from 'zustand';
import { createJSONStorage, persist, type PersistOptions } from 'zustand/middleware';
import { isRecord } from './guards';

/** The state and actions of a host-scoped store; values are of type `T`. */
export interface HostScopedState<T> {
  /** Every value, keyed `${hostId}:${key}`. Read through `get`; exposed for tests and selectors. */
  entries: Record<string, T>;
  /** The value of `key` on host `hostId`, or undefined. */
  get: (hostId: string, key: string) => T | undefined;
  /** Sets the value of `key` on host `hostId` (persisted at once). */
  set: (hostId: string, key: string, value: T) => void;
  /** Deletes the value of `key` on host `hostId`; nothing happens when there is none. */
  remove: (hostId: string, key: string) => void;
  /** Deletes every value of host `hostId`, in memory and in storage ("Forget this host"). */
  forgetHost: (hostId: string) => void;
}

/** What is written to storage under `state`: the entries under the configured field name. */
type Stored<T> = Record<string, Record<string, T>>;

/** The store hook with its `persist` API (`persist.rehydrate()`, `persist.clearStorage()`…). */
export type HostScopedStore<T> = UseBoundStore<Mutate<StoreApi<HostScopedState<T>>, [['zustand/persist', Stored<T>]]>>;

/** How a host-scoped store is stored and which stored values it trusts. */
export interface HostScopedStoreOptions<T> {
  /** The localStorage key, e.g. `openwork-pwa.drafts`. Changing it orphans what users have stored. */
  name: string;
  /** The stored shape's version; bump it (with `migrate`) when `T` changes incompatibly. */
  version: number;
  /**
   * The field under `state` that holds the entries. Default `entries`; the draft stores pass
   * `drafts`, the name their version 1 was stored under.
   */
  storedField?: string;
  /**
   * True for a value of type `T`. Stored data is not trusted (another version of the app, a
   * hand edit): entries that fail are dropped when the store loads, the others are kept.
   */
  isValue: (value: unknown) => value is T;
  /**
   * Turns the stored `state` of an older `version` into the current one (the same object shape,
   * `{ [storedField]: { "hostId:key": value } }`). Without it, an older version starts empty.
   */
  migrate?: (state: unknown, fromVersion: number) => unknown;
}

/** The flat storage key of `key` on host `hostId`: `${hostId}:${key}` (the version 1 format). */
export function hostScopedKey(hostId: string, key: string): string {
  return `${hostId}:${key}`;
}

/** The entries of a stored (untrusted) state that pass `isValue`; `{}` when the shape is wrong. */
function readEntries<T>(stored: unknown, field: string, isValue: (value: unknown) => value is T): Record<string, T> {
  if (!isRecord(stored) || !isRecord(stored[field])) return {};
  return Object.fromEntries(Object.entries(stored[field]).filter((entry): entry is [string, T] => isValue(entry[1])));
}

/**
 * Creates a zustand store of values per host and key, persisted in localStorage under
 * `options.name`. It loads synchronously when created. A stored value that is not JSON, has the
 * wrong shape or an unknown version does not throw: the store starts empty (with a console
 * warning) and the next write replaces it.
 */
export function createHostScopedStore<T>(options: HostScopedStoreOptions<T>): HostScopedStore<T> {
  const field = options.storedField ?? 'entries';
  const persistOptions: PersistOptions<HostScopedState<T>, Stored<T>> = {
    name: options.name,
    version: options.version,
    storage: createJSONStorage(() => localStorage),
    partialize: (state) => ({ [field]: state.entries }),
    merge: (stored, current) => ({ ...current, entries: readEntries(stored, field, options.isValue) }),
    onRehydrateStorage: () => (_state, error) => {
      // Not fatal: the user still gets an empty, working store. Said in the console so a lost
      // draft can be traced to its cause (unparseable JSON in localStorage).
      if (error) console.warn(`Could not read ${options.name} from localStorage; starting empty.`, error);
    },
    // The cast is safe: whatever `migrate` returns goes through `merge`, which keeps only valid entries.
    ...(options.migrate ? { migrate: options.migrate as (state: unknown, fromVersion: number) => Stored<T> } : {}),
  };

  return create<HostScopedState<T>>()(
    persist(
      (set, get) => ({
        entries: {},
        get: (hostId, key) => get().entries[hostScopedKey(hostId, key)],
        set: (hostId, key, value) =>
          set((state) => ({ entries: { ...state.entries, [hostScopedKey(hostId, key)]: value } })),
        remove: (hostId, key) => {
          const scoped = hostScopedKey(hostId, key);
          if (!Object.hasOwn(get().entries, scoped)) return;
          set((state) => {
            const entries = { ...state.entries };
            delete entries[scoped];
            return { entries };
          });
        },
        forgetHost: (hostId) => {
          const prefix = hostScopedKey(hostId, '');
          set((state) => ({
            entries: Object.fromEntries(Object.entries(state.entries).filter(([scoped]) => !scoped.startsWith(prefix))),
          }));
        },
      }),
      persistOptions,
    ),
  );
}
