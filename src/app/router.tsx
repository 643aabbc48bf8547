/**
 * Hash routing: every app route lives under "/", so static hosting needs no rewrites, the service
 * worker's navigation fallback only answers "/", and a pairing link's token (in the hash) is never
 * sent to the server that serves the app.
 */
import { createHashRouter } from 'react-router';
import { adoptQueryPairingLink, HostsScreen, PairScreen } from '@/features/pairing';
import { Layout } from './layout';
import { HomeRoute } from './routes/home';

export function createRouter() {
  adoptQueryPairingLink();
  return createHashRouter([
    {
      element: <Layout />,
      children: [
        { index: true, element: <HomeRoute /> },
        { path: 'pair', element: <PairScreen /> },
        { path: 'hosts', element: <HostsScreen /> },
        // The transcript (markdown) and the inbox load on first use, keeping the first screen small.
        { path: 'inbox', lazy: async () => ({ Component: (await import('./routes/inbox')).InboxRoute }) },
        { path: 's/:sessionId', lazy: async () => ({ Component: (await import('./routes/session')).SessionRoute }) },
        { path: 'files', lazy: async () => ({ Component: (await import('./routes/files')).FilesRoute }) },
        { path: 'files/view', lazy: async () => ({ Component: (await import('./routes/files')).FileRoute }) },
        { path: 'files/changes', lazy: async () => ({ Component: (await import('./routes/files')).ChangesRoute }) },
        { path: 'workspace', lazy: async () => ({ Component: (await import('./routes/workspace')).WorkspaceRoute }) },
      ],
    },
  ]);
}
