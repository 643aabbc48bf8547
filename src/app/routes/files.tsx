import { Navigate, useSearchParams } from 'react-router';
import { ChangesScreen, FileScreen, FilesScreen } from '@/features/files';
import { useActiveHost } from '@/host';

/** The workspace tree of the active host. */
export function FilesRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <FilesScreen key={`${host.id}:${host.workspaceId ?? ''}`} host={host} />;
}

/** One file (`?path=`). */
export function FileRoute() {
  const host = useActiveHost();
  const [params] = useSearchParams();
  const path = params.get('path');
  if (!host) return <Navigate to="/pair" replace />;
  if (!path) return <Navigate to="/files" replace />;
  return <FileScreen key={`${host.id}:${path}`} host={host} path={path} />;
}

/** The workspace's changed files and their diffs. */
export function ChangesRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <ChangesScreen host={host} />;
}
