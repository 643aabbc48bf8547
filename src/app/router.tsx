/**
 * Hash routing: every app route lives under "/", so static hosting needs no rewrites, the service
 * worker's navigation fallback only answers "/", and a pairing link's token (in the hash) is never
 * sent to the server that serves the app.
 *
 * Declarative routes (`<Routes>`), not a data router: the app loads its data with react-query, so
 * the data router's loaders and actions would be unused weight on the first screen (about 12 kB
 * gzip of react-router's code, measured with `node bench/modules.mjs`).
 *
 * Every screen has its own error boundary: a screen that throws while rendering or loading its
 * code shows what failed inside the chrome, which keeps working (navigation, connection status,
 * the inbox count); the root one catches a failure of the chrome itself, and an address with no
 * screen.
 */
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { ScreenBoundary, ScreenError, ScreenNotFound } from '@/components/screen-error';
import { Layout } from './layout';
import { HomeRoute } from './routes/home';

/** A screen whose code loads on first use: `export` of the module `load` resolves to. */
function lazyScreen<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// Pairing (with the probe and its advice) and the hosts list load on first use: a paired phone
// opens on its sessions, which is the first screen the budget keeps small. So do the transcript
// (markdown), the inbox, files and the workspace.
const PairRoute = lazyScreen(() => import('./routes/pairing'), 'PairRoute');
const HostsRoute = lazyScreen(() => import('./routes/pairing'), 'HostsRoute');
const InboxRoute = lazyScreen(() => import('./routes/inbox'), 'InboxRoute');
const SessionRoute = lazyScreen(() => import('./routes/session'), 'SessionRoute');
const FilesRoute = lazyScreen(() => import('./routes/files'), 'FilesRoute');
const FileRoute = lazyScreen(() => import('./routes/files'), 'FileRoute');
const ChangesRoute = lazyScreen(() => import('./routes/files'), 'ChangesRoute');
const WorkspaceRoute = lazyScreen(() => import('./routes/workspace'), 'WorkspaceRoute');

/**
 * One screen: its error boundary (reset by any navigation, including "Try again", which navigates
 * to the same place) around its code, which may still be loading.
 */
function Screen({ name, children }: { name: string; children: ReactNode }) {
  const location = useLocation();
  return (
    <ScreenBoundary screen={name} resetKey={location.key}>
      <Suspense
        fallback={
          <p className="empty" role="status">
            Loading…
          </p>
        }
      >
        {children}
      </Suspense>
    </ScreenBoundary>
  );
}

/** The root boundary's answer to an address no route matches. */
function NoScreen() {
  const { pathname } = useLocation();
  return <ScreenError screen="The app" error={new ScreenNotFound(pathname)} />;
}

/** The route tree, rendered inside a router (`HashRouter` in the app, `MemoryRouter` in tests). */
export function AppRoutes() {
  const location = useLocation();
  const screen = (name: string, element: ReactNode) => <Screen name={name}>{element}</Screen>;
  return (
    <ScreenBoundary screen="The app" resetKey={location.key}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={screen('Sessions', <HomeRoute />)} />
          <Route path="pair" element={screen('Pairing', <PairRoute />)} />
          <Route path="hosts" element={screen('Hosts', <HostsRoute />)} />
          <Route path="inbox" element={screen('Approvals', <InboxRoute />)} />
          <Route path="s/:sessionId" element={screen('This session', <SessionRoute />)} />
          <Route path="files" element={screen('Files', <FilesRoute />)} />
          <Route path="files/view" element={screen('This file', <FileRoute />)} />
          <Route path="files/changes" element={screen('Changes', <ChangesRoute />)} />
          <Route path="workspace" element={screen('Workspace', <WorkspaceRoute />)} />
        </Route>
        <Route path="*" element={<NoScreen />} />
      </Routes>
    </ScreenBoundary>
  );
}
