/** Switching the workspace of a paired OpenWork host: everything below is then scoped to it. */
import { HostError } from './errors';
import { useHostsStore } from './hosts-store';
import { getCapabilities, getWorkspaces } from './openwork';
import type { PairedHost, WorkspaceSummary } from './types';
import { opencodeTargetFor, parseWorkspaces } from './workspace-target';

/**
 * The host's workspaces (`GET /workspaces`) in the host's order, with `activeId` naming the
 * host's active one when it says.
 *
 * @throws {HostError} `bad-response` when the answer holds no workspace list; see `openwork`'s
 *   `call` for the rest (401, unreachable, …).
 */
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
  // A host without `/capabilities` (or failing it right now) is treated as having no proxy: the
  // engine address it reports is then the way to OpenCode, as for hosts up to v0.7.1.
  const capabilities = await getCapabilities(host).catch(() => undefined);
  const proxy = capabilities?.proxy?.opencode === true;
  const opencode = opencodeTargetFor(host.url, workspace, proxy);
  if (!opencode)
    throw new HostError(
      'bad-response',
      `Workspace "${workspace.name}" has no OpenCode engine address.`,
      'Start its engine in the OpenWork app, then try again.',
    );
  useHostsStore
    .getState()
    .setWorkspace(host.id, { workspaceId: workspace.id, workspaceName: workspace.name, opencode });
}
