import 'fake-indexeddb/auto';
import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { buildHost } from '@/testing/builders';

const KEY = 'openwork-pwa.hosts';
const TOKEN = 'owt_plaintext_from_version_1';

/** A fresh copy of the store module, as on a page load, over what localStorage holds now. */
async function load() {
  vi.resetModules();
  const module = await import('./hosts-store');
  await vi.waitFor(() => expect(module.useHostsStore.persist.hasHydrated()).toBe(true));
  return module;
}

describe('hosts store persistence', () => {
  it('reads a version-1 plain store once and re-writes it encrypted (version 2)', async () => {
    const host = buildHost({
      id: 'host_v1',
      url: 'http://10.0.0.5:8787',
      kind: 'openwork',
      workspaceId: 'ws_1',
      credentials: { token: TOKEN, hostToken: 'ht_v1' },
    });
    localStorage.setItem(KEY, JSON.stringify({ state: { hosts: [host], activeId: 'host_v1' }, version: 1 }));
    const { useHostsStore, useHostsProtection } = await load();
    expect(useHostsStore.getState().hosts).toEqual([host]);
    expect(useHostsStore.getState().activeId).toBe('host_v1');
    await vi.waitFor(() =>
      expect(JSON.parse(localStorage.getItem(KEY) ?? '{}')).toMatchObject({
        version: 2,
        state: { activeId: 'host_v1' },
        sealed: { alg: 'AES-GCM' },
      }),
    );
    const raw = localStorage.getItem(KEY) ?? '';
    for (const secret of [TOKEN, 'ht_v1', '10.0.0.5']) expect(raw).not.toContain(secret);
    expect(useHostsProtection.getState()).toEqual({ mode: 'encrypted' });

    // The next page load decrypts it again.
    const again = await load();
    expect(again.useHostsStore.getState().hosts).toEqual([host]);
  });

  it('drops malformed hosts from an old store instead of crashing', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ state: { hosts: [{ id: 'x' }, buildHost({ id: 'ok' }), null], activeId: 'gone' }, version: 1 }),
    );
    const { useHostsStore } = await load();
    expect(useHostsStore.getState().hosts.map((h) => h.id)).toEqual(['ok']);
    expect(useHostsStore.getState().activeId).toBe('ok');
  });

  it('says when it has loaded, so the app can wait for it', async () => {
    localStorage.setItem(KEY, JSON.stringify({ state: { hosts: [buildHost()], activeId: 'host_test' }, version: 1 }));
    vi.resetModules();
    const { useHostsHydrated, useHostsStore } = await import('./hosts-store');
    const { result } = renderHook(() => useHostsHydrated());
    expect(result.current).toBe(false);
    await vi.waitFor(() => expect(result.current).toBe(true));
    expect(useHostsStore.getState().hosts).toHaveLength(1);
  });
});

describe('hosts store across tabs', () => {
  it('loads what another tab saved, so a host forgotten there is gone here too', async () => {
    const { useHostsStore } = await load();
    useHostsStore.setState({
      hosts: [
        buildHost({ id: 'host_a', credentials: { token: 'tok_a' } }),
        buildHost({ id: 'host_b', url: 'http://10.0.0.2:4096' }),
      ],
      activeId: 'host_a',
    });
    await vi.waitFor(() =>
      expect(JSON.parse(localStorage.getItem(KEY) ?? '{}')).toMatchObject({ state: { activeId: 'host_a' } }),
    );
    const saved = localStorage.getItem(KEY);

    // The other tab forgets host_a: simulate its write by saving that state from a second copy.
    const other = await load();
    expect(other.useHostsStore.getState().hosts).toHaveLength(2);
    other.useHostsStore.getState().forget('host_a');
    await vi.waitFor(() => expect(localStorage.getItem(KEY)).not.toBe(saved));

    window.dispatchEvent(new StorageEvent('storage', { key: KEY }));
    await vi.waitFor(() => expect(useHostsStore.getState().hosts.map((h) => h.id)).toEqual(['host_b']));
  });
});
