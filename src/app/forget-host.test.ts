import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDecisionLog } from '@/features/approvals/decision-log';
import { useFileDraftsStore } from '@/features/files/drafts-store';
import { useNotificationSettings } from '@/features/pwa/notification-settings-store';
import { useDraftsStore } from '@/features/sessions/drafts-store';
import { forgetHost, HOSTS_STORAGE_KEY, hostKey, onHostForgotten, useHostsStore } from '@/host';
import { buildHost } from '@/testing/builders';
import { forgetHostData } from './forget-host';

// The PWA feature's index also exports the update prompt, which imports vite-plugin-pwa's
// virtual module that only a build provides: use the two real functions without it.
vi.mock('@/features/pwa', async () => ({
  clearNotificationSettingsForHost: (await import('@/features/pwa/notification-settings-store'))
    .clearNotificationSettingsForHost,
  closeNoticesForHost: (await import('@/features/pwa/notifier')).closeNoticesForHost,
}));

const GONE = 'host_gone';
const KEPT = 'host_kept';
const TOKEN = 'tok_forget_me_0123456789';

let queryClient: QueryClient;
let unsubscribe: () => void;

beforeEach(() => {
  queryClient = new QueryClient();
  unsubscribe = onHostForgotten((hostId) => forgetHostData(hostId, queryClient));
  useHostsStore.setState({
    hosts: [
      buildHost({ id: GONE, name: 'Old laptop', url: 'http://10.0.0.7:4096', credentials: { token: TOKEN } }),
      buildHost({ id: KEPT, name: 'Desk' }),
    ],
    activeId: GONE,
  });
  useDraftsStore.getState().set(GONE, 'ses_1', 'half a prompt');
  useDraftsStore.getState().set(KEPT, 'ses_2', 'keep me');
  useFileDraftsStore.getState().set(GONE, 'ws:notes.md', { text: 'edit' });
  useFileDraftsStore.getState().set(KEPT, ':a.md', { text: 'kept edit' });
  useNotificationSettings.setState({ enabled: true, runUpdates: { [GONE]: true, [KEPT]: true } });
  useDecisionLog.setState({
    decisions: [
      {
        time: 1,
        hostId: GONE,
        hostName: 'Old laptop',
        sessionId: 'ses_1',
        requestId: 'per_1',
        request: 'edit a.txt',
        answer: 'once',
        outcome: 'sent',
      },
    ],
  });
  queryClient.setQueryData([...hostKey(GONE), 'sessions'], [{ id: 'ses_1' }]);
  queryClient.setQueryData([...hostKey(KEPT), 'sessions'], [{ id: 'ses_2' }]);
});

afterEach(() => unsubscribe());

describe('"Forget this host"', () => {
  it('deletes its credentials, cached data, drafts and notification settings, and nothing of other hosts', async () => {
    forgetHost(GONE);

    expect(useHostsStore.getState().hosts.map((h) => h.id)).toEqual([KEPT]);
    expect(useHostsStore.getState().activeId).toBe(KEPT);
    expect(queryClient.getQueryCache().findAll({ queryKey: hostKey(GONE) })).toEqual([]);
    expect(queryClient.getQueryData([...hostKey(KEPT), 'sessions'])).toEqual([{ id: 'ses_2' }]);
    expect(useDraftsStore.getState().entries).toEqual({ [`${KEPT}:ses_2`]: 'keep me' });
    expect(useFileDraftsStore.getState().entries).toEqual({ [`${KEPT}::a.md`]: { text: 'kept edit' } });
    expect(useNotificationSettings.getState()).toMatchObject({ enabled: true, runUpdates: { [KEPT]: true } });

    // And in storage: no key of localStorage mentions the host, its token or its URL any more,
    // except the decision log, which is kept on purpose as the user's audit trail.
    await vi.waitFor(() => expect(localStorage.getItem(HOSTS_STORAGE_KEY) ?? '').not.toContain(GONE));
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i) ?? '';
      const value = localStorage.getItem(key) ?? '';
      expect(value, key).not.toContain(TOKEN);
      expect(value, key).not.toContain('10.0.0.7');
      if (key !== 'openwork-pwa.decisions') expect(value, key).not.toContain(GONE);
    }
    expect(useDecisionLog.getState().decisions).toHaveLength(1);
  });
});
