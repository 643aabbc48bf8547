/**
 * Hash routing: every app route lives under "/", so static hosting needs no rewrites, the service
 * worker's navigation fallback only answers "/", and a pairing link's token (in the hash) is never
 * sent to the server that serves the app.
 *
 * Every screen has its own error boundary (`errorElement`): a screen that throws while rendering
 * or loading shows what failed inside the chrome, which keeps working (navigation, connection
 * status, the inbox count); the root one catches a failure of the chrome itself.
 */
import { createHashRouter, type RouteObject } from 'react-router';
import { ScreenError } from '@/components/screen-error';
import { adoptQueryPairingLink } from '@/features/pairing';
import { Layout } from './layout';
import { HomeRoute } from './routes/home';

/** A route with the error boundary of the screen it shows. */
function screen(name: string, route: RouteObject): RouteObject {
  return { ...route, errorElement: <ScreenError screen={name} /> } as RouteObject;
}

/** The route tree (exported for tests, which mount it in a memory router). */
export function appRoutes(): RouteObject[] {
  return [
    {
      element: <Layout />,
      errorElement: <ScreenError screen="The app" />,
      children: [
        screen('Sessions', { index: true, element: <HomeRoute /> }),
        // Pairing (with the probe and its advice) and the hosts list load on first use too: a paired
        // phone opens on its sessions, which is the first screen the budget keeps small.
        screen('Pairing', {
          path: 'pair',
          lazy: async () => ({ Component: (await import('./routes/pairing')).PairRoute }),
        }),
        screen('Hosts', {
          path: 'hosts',
          lazy: async () => ({ Component: (await import('./routes/pairing')).HostsRoute }),
        }),
        // The transcript (markdown) and the inbox load on first use, keeping the first screen small.
        screen('Approvals', {
          path: 'inbox',
          lazy: async () => ({ Component: (await import('./routes/inbox')).InboxRoute }),
        }),
        screen('This session', {
          path: 's/:sessionId',
          lazy: async () => ({ Component: (await import('./routes/session')).SessionRoute }),
        }),
        screen('Files', {
          path: 'files',
          lazy: async () => ({ Component: (await import('./routes/files')).FilesRoute }),
        }),
        screen('This file', {
          path: 'files/view',
          lazy: async () => ({ Component: (await import('./routes/files')).FileRoute }),
        }),
        screen('Changes', {
          path: 'files/changes',
          lazy: async () => ({ Component: (await import('./routes/files')).ChangesRoute }),
        }),
        screen('Workspace', {
          path: 'workspace',
          lazy: async () => ({ Component: (await import('./routes/workspace')).WorkspaceRoute }),
        }),
      ],
    },
  ];
}

export function createRouter() {
  adoptQueryPairingLink();
  return createHashRouter(appRoutes());
}
