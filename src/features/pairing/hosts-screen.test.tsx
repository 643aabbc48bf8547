import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http } from 'msw';
import {
  disconnectHost,
  onHostForgotten,
  subscribeHost,
  unknownEventCount,
  useHostsProtection,
  useHostsStore,
} from '@/host';
import { server } from '@/testing/server';
import { ScriptedStream } from '@/testing/sse';
import { buildHost } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { HostsScreen } from './hosts-screen';

beforeEach(() => {
  useHostsStore.setState({
    hosts: [
      buildHost({ id: 'host_1', name: 'Laptop', credentials: { token: 'tok' } }),
      buildHost({ id: 'host_2', name: 'Desk' }),
    ],
    activeId: 'host_1',
  });
  useHostsProtection.setState({ mode: 'encrypted' }, true);
});
afterEach(() => vi.unstubAllGlobals());

describe('HostsScreen', () => {
  it('"Forget" asks first, then removes the host and tells the app to clear its data', async () => {
    const forgotten: string[] = [];
    const unsubscribe = onHostForgotten((id) => forgotten.push(id));
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    renderWithProviders(<HostsScreen />);

    await userEvent.click(screen.getByRole('button', { name: 'Forget Laptop' }));
    expect(confirm).toHaveBeenCalledWith(
      expect.stringMatching(/token, drafts and cached data are deleted.*decisions is kept/),
    );
    expect(useHostsStore.getState().hosts).toHaveLength(2);

    confirm.mockReturnValue(true);
    await userEvent.click(screen.getByRole('button', { name: 'Forget Laptop' }));
    expect(useHostsStore.getState().hosts.map((h) => h.id)).toEqual(['host_2']);
    expect(forgotten).toEqual(['host_1']);
    expect(screen.queryByText('Laptop')).not.toBeInTheDocument();
    unsubscribe();
  });

  it('says when tokens are stored unencrypted on this device, and why', () => {
    useHostsProtection.setState({ mode: 'plaintext', reason: 'this browser offers no IndexedDB here' }, true);
    renderWithProviders(<HostsScreen />);
    expect(screen.getByRole('note')).toHaveTextContent(
      'Tokens are stored unencrypted on this device because this browser offers no IndexedDB here.',
    );
  });

  it('says nothing about storage when tokens are encrypted', () => {
    renderWithProviders(<HostsScreen />);
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says when saved hosts could not be opened', () => {
    useHostsProtection.setState(
      { mode: 'encrypted', unreadable: 'the key that encrypted the saved hosts is gone' },
      true,
    );
    renderWithProviders(<HostsScreen />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Saved hosts could not be opened: the key that encrypted the saved hosts is gone. Pair them again.',
    );
  });

  it("says when a host's event stream sent frames it could not read, and which kind came last", async () => {
    const host = buildHost({ id: 'host_1', name: 'Laptop', url: 'http://127.0.0.1:4096' });
    const stream = new ScriptedStream();
    server.use(http.get('http://127.0.0.1:4096/event', () => stream.response()));
    const unsubscribe = subscribeHost(host, () => undefined);
    try {
      stream.push(
        'data: {not json\n\n',
        // A frame of a type the app has no use for is not worth a word.
        { type: 'file.watcher.updated', properties: { file: 'a.txt', event: 'add' } },
        { type: 'permission.asked', properties: { sessionID: 'ses_1', permission: 'edit' } },
      );
      await vi.waitFor(() => expect(unknownEventCount('host_1')).toMatchObject({ malformed: 2, unused: 1 }));
      renderWithProviders(<HostsScreen />);
      expect(screen.getByRole('note')).toHaveTextContent(
        '2 events from this host could not be read and were skipped (last: permission.asked).',
      );
    } finally {
      unsubscribe();
      disconnectHost('host_1');
    }
  });
});
