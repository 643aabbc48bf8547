import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { WorkspaceScreen } from '@/features/extensions';
import { sessionStatusQuery } from '@/features/sessions';
import { useActiveHost, type PairedHost } from '@/host';

function Workspace({ host }: { host: PairedHost }) {
  // The reload warning needs to know whether a run is busy; the sessions feature knows.
  const statuses = useQuery(sessionStatusQuery(host));
  const busy = Object.values(statuses.data ?? {}).filter((s) => s.type !== 'idle').length;
  return <WorkspaceScreen key={`${host.id}:${host.workspaceId ?? ''}`} host={host} busySessions={busy} />;
}

/** Workspaces, skills, plugins, MCP servers, commands, settings and audit of the active host. */
export function WorkspaceRoute() {
  const host = useActiveHost();
  if (!host) return <Navigate to="/pair" replace />;
  return <Workspace host={host} />;
}
