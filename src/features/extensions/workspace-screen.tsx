/**
 * The workspace: which one (OpenWork hosts can switch), its skills, plugins, MCP servers,
 * commands, OpenCode settings and audit log; an engine reload after a change.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { HostKindBadge } from '@/components/host-kind-badge';
import { describeError, hostKey, openwork, switchWorkspace, type PairedHost, type WorkspaceSummary } from '@/host';
import { relativeTime } from '@/lib/time';
import { auditQuery, capabilitiesQuery, configQuery, workspacesQuery } from './api';
import { CommandsSection, McpSection, PluginsSection, SkillsSection } from './sections';

function Workspaces({ host }: { host: PairedHost }) {
  const workspaces = useQuery(workspacesQuery(host));
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (workspace: WorkspaceSummary) => switchWorkspace(host, workspace),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: hostKey(host.id) }),
  });
  if (host.kind !== 'openwork') return null;
  return (
    <section className="section">
      <h2>Workspaces</h2>
      {workspaces.isError ? <p className="error">Could not list workspaces: {describeError(workspaces.error)}</p> : null}
      <ul className="item-list" aria-label="Workspaces">
        {workspaces.data?.items.map((workspace) => (
          <li key={workspace.id} className="item">
            <div className="item-head">
              <strong>{workspace.name}</strong>
              <small>{[workspace.id === workspaces.data.activeId ? 'active on the host' : '', workspace.id === host.workspaceId ? 'shown here' : ''].filter(Boolean).join(' · ')}</small>
            </div>
            {workspace.path ? <small>{workspace.path}</small> : null}
            {workspace.id !== host.workspaceId ? (
              <button type="button" className="secondary" disabled={change.isPending} onClick={() => change.mutate(workspace)}>
                Use this workspace
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {change.isError ? <p className="error">Could not switch: {describeError(change.error)}</p> : null}
    </section>
  );
}

function EngineReload({ host, busySessions, onDone }: { host: PairedHost; busySessions: number; onDone: () => void }) {
  const reload = useMutation({ mutationFn: () => openwork.reloadEngine(host, host.workspaceId ?? ''), onSuccess: onDone });
  return (
    <div className="approval-card" role="status">
      <strong>Reload the engine to apply the change?</strong>
      {busySessions > 0 ? <p className="error">{busySessions === 1 ? 'A session is' : `${busySessions} sessions are`} running; a reload may interrupt {busySessions === 1 ? 'it' : 'them'}.</p> : null}
      {reload.isError ? <p className="error">{openwork.isRouteMissing(reload.error) ? 'This host cannot reload its engine remotely (an older OpenWork).' : `Reload failed: ${describeError(reload.error)}`}</p> : null}
      <div className="row-actions">
        <button type="button" onClick={() => reload.mutate()} disabled={reload.isPending}>
          {reload.isPending ? 'Reloading…' : 'Reload engine'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Later
        </button>
      </div>
    </div>
  );
}

function Config({ host }: { host: PairedHost }) {
  const config = useQuery(configQuery(host));
  return (
    <section className="section">
      <h2>OpenCode settings</h2>
      {config.isError ? <p className="error">Could not read the settings: {describeError(config.error)}</p> : null}
      {config.data ? (
        <details>
          <summary>opencode.json as the host sees it</summary>
          <pre>{JSON.stringify(config.data, null, 2)}</pre>
        </details>
      ) : null}
    </section>
  );
}

function Audit({ host }: { host: PairedHost }) {
  const audit = useQuery(auditQuery(host));
  if (host.kind !== 'openwork') return null;
  return (
    <section className="section">
      <h2>Audit log</h2>
      {audit.isError ? <p className="error">{openwork.isRouteMissing(audit.error) ? 'This host keeps no audit log.' : `Could not read the audit log: ${describeError(audit.error)}`}</p> : null}
      {audit.data?.length === 0 ? <p className="empty">Nothing recorded yet.</p> : null}
      <ol className="decision-log" aria-label="Audit log">
        {audit.data?.map((entry) => (
          <li key={entry.id}>
            <time dateTime={new Date(entry.timestamp).toISOString()}>{relativeTime(entry.timestamp)}</time> · {entry.action} · {entry.summary} <small>({entry.actor.clientId ?? entry.actor.type})</small>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function WorkspaceScreen({ host, busySessions = 0 }: { host: PairedHost; busySessions?: number }) {
  const capabilities = useQuery(capabilitiesQuery(host));
  const [changed, setChanged] = useState(false);
  const props = { host, capabilities: capabilities.data, onChanged: () => setChanged(true) };
  return (
    <section className="workspace-screen">
      <div className="list-header">
        <h1>{host.workspaceName ?? 'Workspace'}</h1>
        <HostKindBadge kind={host.kind} reason={host.kindReason} />
      </div>
      {host.kind === 'openwork' && capabilities.data && capabilities.data.config?.write === false ? <p className="needs-openwork">This host is read-only: everything here can be viewed, nothing changed.</p> : null}
      {changed && host.kind === 'openwork' ? <EngineReload host={host} busySessions={busySessions} onDone={() => setChanged(false)} /> : null}
      <Workspaces host={host} />
      <SkillsSection {...props} />
      <PluginsSection {...props} />
      <McpSection {...props} />
      <CommandsSection {...props} />
      <Config host={host} />
      <Audit host={host} />
    </section>
  );
}
