/**
 * The workspace: which one (OpenWork hosts can switch), its skills, plugins, MCP servers,
 * commands, OpenCode settings and audit log; an engine reload after a change.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { HostKindBadge } from '@/components/host-kind-badge';
import { capabilitiesQuery, type PairedHost } from '@/host';
import type { ExtensionKind } from './api';
import { ExtensionSection } from './extension-section';
import { Audit, Config, EngineReload, Workspaces } from './workspace-panels';

const SECTIONS: ExtensionKind[] = ['skills', 'plugins', 'mcp', 'commands'];

/**
 * The workspace screen of `host`. `busySessions` is how many sessions are running (from the
 * sessions feature), for the warning before an engine reload.
 */
export function WorkspaceScreen({ host, busySessions = 0 }: { host: PairedHost; busySessions?: number }) {
  const capabilities = useQuery(capabilitiesQuery(host));
  const [changed, setChanged] = useState(false);
  const onChanged = () => setChanged(true);
  return (
    <section className="workspace-screen">
      <div className="list-header">
        <h1>{host.workspaceName ?? 'Workspace'}</h1>
        <HostKindBadge kind={host.kind} reason={host.kindReason} />
      </div>
      {host.kind === 'openwork' && capabilities.data && capabilities.data.config?.write === false ? (
        <p className="needs-openwork">This host is read-only: everything here can be viewed, nothing changed.</p>
      ) : null}
      {changed && host.kind === 'openwork' ? (
        <EngineReload host={host} busySessions={busySessions} onDone={() => setChanged(false)} />
      ) : null}
      <Workspaces host={host} />
      {SECTIONS.map((kind) => (
        <ExtensionSection key={kind} kind={kind} host={host} capabilities={capabilities.data} onChanged={onChanged} />
      ))}
      <Config host={host} />
      <Audit host={host} />
    </section>
  );
}
