import { describe, expect, it, vi } from 'vitest';
import { createHostScopedStore } from './host-scoped-store';

const NAME = 'openwork-pwa.test-scoped';
const isString = (value: unknown): value is string => typeof value === 'string';
const makeStore = () =>
  createHostScopedStore<string>({ name: NAME, version: 1, storedField: 'drafts', isValue: isString });

describe('createHostScopedStore', () => {
  it('sets, gets and removes a value of one host and key', () => {
    const store = makeStore();
    expect(store.getState().get('host_a', 'ses_1')).toBeUndefined();

    store.getState().set('host_a', 'ses_1', 'half a prompt');
    expect(store.getState().get('host_a', 'ses_1')).toBe('half a prompt');

    store.getState().set('host_a', 'ses_1', 'the whole prompt');
    expect(store.getState().get('host_a', 'ses_1')).toBe('the whole prompt');

    store.getState().remove('host_a', 'ses_1');
    expect(store.getState().get('host_a', 'ses_1')).toBeUndefined();
    // Removing what is not there is harmless.
    store.getState().remove('host_a', 'ses_1');
    store.getState().remove('host_a', 'constructor');
    expect(store.getState().entries).toEqual({});
  });

  it('keeps hosts apart: the same key on two hosts holds two values', () => {
    const store = makeStore();
    store.getState().set('host_a', 'ses_1', 'on a');
    store.getState().set('host_b', 'ses_1', 'on b');

    expect(store.getState().get('host_a', 'ses_1')).toBe('on a');
    expect(store.getState().get('host_b', 'ses_1')).toBe('on b');
    store.getState().remove('host_a', 'ses_1');
    expect(store.getState().get('host_b', 'ses_1')).toBe('on b');
  });

  it('forgetHost deletes every value of that host, in memory and in storage, and nothing else', () => {
    const store = makeStore();
    store.getState().set('host_a', 'ses_1', 'a one');
    store.getState().set('host_a', 'ws:notes.md', 'a two');
    // A host whose id starts with the other's is not caught by the prefix.
    store.getState().set('host_ab', 'ses_1', 'ab one');
    store.getState().set('host_b', 'ses_1', 'b one');

    store.getState().forgetHost('host_a');

    expect(store.getState().entries).toEqual({ 'host_ab:ses_1': 'ab one', 'host_b:ses_1': 'b one' });
    const stored = localStorage.getItem(NAME) ?? '';
    expect(stored).not.toContain('a one');
    expect(stored).not.toContain('a two');
  });

  it('persists: a store created later (a reload) finds the values', () => {
    makeStore().getState().set('host_a', 'ses_1', 'typed before the reload');

    const reloaded = makeStore();
    expect(reloaded.getState().get('host_a', 'ses_1')).toBe('typed before the reload');
  });

  it('stores the version 1 shape: { state: { [storedField]: { "hostId:key": value } }, version }', () => {
    makeStore().getState().set('host_a', 'ses_1', 'text');
    expect(JSON.parse(localStorage.getItem(NAME) ?? 'null')).toEqual({
      state: { drafts: { 'host_a:ses_1': 'text' } },
      version: 1,
    });
  });

  it('reads what an earlier version of the app stored', () => {
    localStorage.setItem(
      NAME,
      JSON.stringify({
        state: { drafts: { 'host_a:ses_1': 'old draft', 'host_b:ws_1:a.md': 'old edit' } },
        version: 1,
      }),
    );
    const store = makeStore();
    expect(store.getState().get('host_a', 'ses_1')).toBe('old draft');
    expect(store.getState().get('host_b', 'ws_1:a.md')).toBe('old edit');
  });

  it('starts empty, without throwing, when the stored value is not JSON; the next write replaces it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    localStorage.setItem(NAME, '{"state": {"drafts": {"host_a:ses_1": "cut off');

    const store = makeStore();
    expect(store.getState().entries).toEqual({});
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(NAME), expect.any(SyntaxError));

    store.getState().set('host_a', 'ses_1', 'new');
    expect(makeStore().getState().get('host_a', 'ses_1')).toBe('new');
  });

  it('drops stored entries of the wrong type and keeps the others', () => {
    localStorage.setItem(
      NAME,
      JSON.stringify({
        state: { drafts: { 'host_a:ses_1': 'good', 'host_a:ses_2': 42, 'host_a:ses_3': null } },
        version: 1,
      }),
    );
    expect(makeStore().getState().entries).toEqual({ 'host_a:ses_1': 'good' });

    localStorage.setItem(NAME, JSON.stringify({ state: { drafts: ['not', 'a', 'map'] }, version: 1 }));
    expect(makeStore().getState().entries).toEqual({});

    localStorage.setItem(NAME, JSON.stringify({ state: null, version: 1 }));
    expect(makeStore().getState().entries).toEqual({});
  });

  it('migrates an older version when told how, and starts empty on a version it cannot migrate', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    localStorage.setItem(NAME, JSON.stringify({ state: { texts: { 'host_a:ses_1': 'from v0' } }, version: 0 }));
    expect(makeStore().getState().entries).toEqual({});
    expect(error).toHaveBeenCalled();

    localStorage.setItem(NAME, JSON.stringify({ state: { texts: { 'host_a:ses_1': 'from v0' } }, version: 0 }));
    const migrated = createHostScopedStore<string>({
      name: NAME,
      version: 1,
      storedField: 'drafts',
      isValue: isString,
      migrate: (state) => ({ drafts: (state as { texts: unknown }).texts }),
    });
    expect(migrated.getState().get('host_a', 'ses_1')).toBe('from v0');
    expect(JSON.parse(localStorage.getItem(NAME) ?? 'null')).toEqual({
      state: { drafts: { 'host_a:ses_1': 'from v0' } },
      version: 1,
    });
  });

  it('stores under `entries` when no field is named', () => {
    createHostScopedStore<string>({ name: NAME, version: 3, isValue: isString }).getState().set('host_a', 'k', 'v');
    expect(JSON.parse(localStorage.getItem(NAME) ?? 'null')).toEqual({
      state: { entries: { 'host_a:k': 'v' } },
      version: 3,
    });
  });
});
