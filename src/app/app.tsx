import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient } from '@/lib/query-client';
import { HostConnections } from './host-events';
import { createRouter } from './router';

/** The whole app: query client, one event connection per paired host, and the router. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <QueryClientProvider client={queryClient}>
      <HostConnections />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
