/**
 * Query-client defaults in one place: explicit staleness, retries with backoff except on 4xx, and
 * failed host queries that come back by themselves.
 */
import { QueryCache, QueryClient, type Query } from '@tanstack/react-query';
import { checkHostNow, HostError, isClientError } from '@/host';

/** Failures that say the host (or the way to it) is down, not that the request was wrong. */
function isOutage(error: unknown): boolean {
  return (
    error instanceof HostError &&
    (error.code === 'unreachable' || error.code === 'timeout' || error.code === 'server-error')
  );
}

/** The host id of a key rooted at `hostKey` (`['host', id, …]`), if it is one. */
function hostIdOf(query: Pick<Query, 'queryKey'>): string | undefined {
  const [root, id] = query.queryKey;
  return root === 'host' && typeof id === 'string' ? id : undefined;
}

const failed = (query: { state: { status: string } }) => query.state.status === 'error';

/**
 * A new QueryClient. Host data stays fresh through the event stream, so queries are not refetched
 * on focus; the stream's re-sync after a reconnect invalidates instead, and so does an OpenWork
 * host answering again after an outage (`app/host-events.tsx`).
 *
 * A query that failed is another matter: it is fetched again when the page comes back to the
 * front and when the browser is back online (react-query's `focusManager` and `onlineManager`
 * listen to the window by default), even if its last data is still fresh. A failure that looks
 * like an outage asks the host's watch to check now, so the chrome says the host is down at once
 * and the query is fetched again as soon as the host answers.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        const hostId = hostIdOf(query);
        if (hostId && isOutage(error)) checkHostNow(hostId);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: (query) => (failed(query) ? 'always' : false),
        refetchOnReconnect: (query) => (failed(query) ? 'always' : true),
        // Backoff between attempts is react-query's default: 1 s, 2 s, … up to 30 s.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
