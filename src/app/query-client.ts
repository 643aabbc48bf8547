/** Query-client defaults in one place: explicit staleness, no retry on 4xx. */
import { QueryClient } from '@tanstack/react-query';
import { isClientError } from '@/host';

/**
 * A new QueryClient. Host data stays fresh through the event stream, so queries are not refetched
 * on focus; the stream's re-sync after a reconnect invalidates instead.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
