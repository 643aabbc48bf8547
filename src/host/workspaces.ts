/** Switching the workspace of a paired OpenWork host: everything below is then scoped to it. */
import { getCapabilities, getWorkspaces } from './openwork';
import { HostError } from './errors';
import { useHostsStore } from './hosts-store';
import { opencodeTargetFor, parseWorkspaces } from './probe';
import type { PairedHost, WorkspaceSummary } from './types';

/** The host's workspaces (`GET /workspaces`), the host's active one first. */
export async function listWorkspaces(host: PairedHost): Promise<{ items: WorkspaceSummary[]; activeId?: string }> {
  return parseWorkspaces(await getWorkspaces(host));
}

/**
 * Points a paired OpenWork host at another of its workspaces: its OpenCode target (proxy or engine
 * URL) and name change, so sessions, events and files follow. The host's own active workspace is
 * not changed (that needs the host token and reloads its engine).
 *
 * @throws {HostError} when the workspace has no reachable OpenCode.
 */
export async function switchWorkspace(host: PairedHost, workspace: WorkspaceSummary): Promise<void> {
  const capabilities = await getCapabilities(host).catch(() => undefined);
  const proxy = capabilities?.proxy?.opencode === true;
  const opencode = opencodeTargetFor(host.url, workspace, proxy);
  if (!opencode) throw new HostError('bad-response', `Workspace "${workspace.name}" has no OpenCode engine address.`, 'Start its engine in the OpenWork app, then try again.');
  useHostsStore.getState().update(host.id, { workspaceId: workspace.id, workspaceName: workspace.name, opencode });
}
