/**
 * Where "is this request settled?" lives (api.ts): a query under the host's key. It must outlast
 * the default garbage collection (nothing observes it), and "Forget this host", which removes the
 * host's queries (app/forget-host.ts), must forget it with the rest.
 */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { hostKey } from '@/host';
import { isSettled, markSettled, withoutSettled } from './api';

describe('the settled state of a host', () => {
  it('is kept while nothing observes it, even where unused queries are collected at once', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: 0 } } });
    markSettled(queryClient, 'host_a', 'per_1');
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(isSettled(queryClient, 'host_a', 'per_1')).toBe(true);
    expect(withoutSettled(queryClient, 'host_a', [{ id: 'per_1' }, { id: 'per_2' }])).toEqual([{ id: 'per_2' }]);
  });

  it('is forgotten with the host (its queries removed), and only that host’s', () => {
    const queryClient = new QueryClient();
    markSettled(queryClient, 'host_a', 'per_1');
    markSettled(queryClient, 'host_b', 'per_1');

    queryClient.removeQueries({ queryKey: hostKey('host_a') });

    expect(isSettled(queryClient, 'host_a', 'per_1')).toBe(false);
    expect(isSettled(queryClient, 'host_b', 'per_1')).toBe(true);
  });

  it('survives a re-sync invalidating the whole host', async () => {
    const queryClient = new QueryClient();
    markSettled(queryClient, 'host_a', 'per_1');
    await queryClient.invalidateQueries({ queryKey: hostKey('host_a') });
    await queryClient.refetchQueries({ queryKey: hostKey('host_a') });
    expect(isSettled(queryClient, 'host_a', 'per_1')).toBe(true);
  });
});
