/** The workspace screen's panels around the extension sections: workspace switch, engine reload, settings, audit log. */
import { useQuery } from '@tanstack/react-query';
import { describeError, isRouteMissing, workspacesQuery, type PairedHost } from '@/host';
import { relativeTime } from '@/lib/time';
import { auditQuery, configQuery, useReloadEngine, useSwitchWorkspace } from './api';

/** The OpenWork host's workspaces, with "Use this workspace" on each one not shown here. Nothing on direct OpenCode. */
export function Workspaces({ host }: { host: PairedHost }) {
  const workspaces = useQuery(workspacesQuery(host));
  const change = useSwitchWorkspace(host);
  if (host.kind !== 'openwork') return null;
  return (
    <section className="section">
      <h2>Workspaces</h2>
      {workspaces.isError ? (
        <p className="error">Could not list workspaces: {describeError(workspaces.error)}</p>
      ) : null}
      <ul className="item-list" aria-label="Workspaces">
        {workspaces.data?.items.map((workspace) => (
          <li key={workspace.id} className="item">
            <div className="item-head">
              <strong>{workspace.name}</strong>
              <small>
                {[
                  workspace.id === workspaces.data.activeId ? 'active on the host' : '',
                  workspace.id === host.workspaceId ? 'shown here' : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </small>
            </div>
            {workspace.path ? <small>{workspace.path}</small> : null}
            {workspace.id !== host.workspaceId ? (
              <button
                type="button"
                className="secondary"
                disabled={change.isPending}
                onClick={() => change.mutate(workspace)}
              >
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

/** Offered after a change: reload the engine so it picks the change up, warning about `busySessions` running sessions. */
export function EngineReload({
  host,
  busySessions,
  onDone,
}: {
  host: PairedHost;
  busySessions: number;
  onDone: () => void;
}) {
  const reload = useReloadEngine(host);
  return (
    <div className="approval-card" role="status">
      <strong>Reload the engine to apply the change?</strong>
      {busySessions > 0 ? (
        <p className="error">
          {busySessions === 1 ? 'A session is' : `${busySessions} sessions are`} running; a reload may interrupt{' '}
          {busySessions === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      {reload.isError ? (
        <p className="error">
          {isRouteMissing(reload.error)
            ? 'This host cannot reload its engine remotely (an older OpenWork).'
            : `Reload failed: ${describeError(reload.error)}`}
        </p>
      ) : null}
      <div className="row-actions">
        <button
          type="button"
          onClick={() => reload.mutate(undefined, { onSuccess: onDone })}
          disabled={reload.isPending}
        >
          {reload.isPending ? 'Reloading…' : 'Reload engine'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Later
        </button>
      </div>
    </div>
  );
}

/** The workspace's `opencode.json` as the host sees it, folded. */
export function Config({ host }: { host: PairedHost }) {
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

/** The workspace's audit log (OpenWork only). */
export function Audit({ host }: { host: PairedHost }) {
  const audit = useQuery(auditQuery(host));
  if (host.kind !== 'openwork') return null;
  return (
    <section className="section">
      <h2>Audit log</h2>
      {audit.isError ? (
        <p className="error">
          {isRouteMissing(audit.error)
            ? 'This host keeps no audit log.'
            : `Could not read the audit log: ${describeError(audit.error)}`}
        </p>
      ) : null}
      {audit.data?.length === 0 ? <p className="empty">Nothing recorded yet.</p> : null}
      <ol className="decision-log" aria-label="Audit log">
        {audit.data?.map((entry) => (
          <li key={entry.id}>
            <time dateTime={new Date(entry.timestamp).toISOString()}>{relativeTime(entry.timestamp)}</time> ·{' '}
            {entry.action} · {entry.summary} <small>({entry.actor.clientId ?? entry.actor.type})</small>
          </li>
        ))}
      </ol>
    </section>
  );
}
