/**
 * Reading an OpenWork host's workspace list and working out where each workspace's OpenCode
 * answers. Pure (no requests): the probe uses it while pairing, `workspaces.ts` when the user
 * switches workspace.
 */
import { isRecord, nonEmptyString } from '@/lib/guards';
import type { OpencodeTarget, WorkspaceSummary } from './types';
import { joinUrl, replaceLoopback } from './url';

/**
 * An engine URL as the host reported it, minus anything secret it may carry (user info, query,
 * fragment): such a URL would put a password in requests, messages and storage. Undefined when
 * it is missing or not a URL.
 */
export function withoutUrlSecrets(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    // Not a URL: nothing to reach, nothing to keep.
    return undefined;
  }
}

/**
 * Reads a `GET /workspaces` answer defensively: the list is `items` (v0.7.1 sends only that) or
 * `workspaces`, each workspace `{id, name|displayName, path?,
 * directory?, baseUrl?, opencode?: {baseUrl?, directory?}}`; `activeId` names the host's active
 * one. Entries without an id are skipped; anything that is not an object reads as no workspaces.
 */
export function parseWorkspaces(body: unknown): { items: WorkspaceSummary[]; activeId?: string } {
  if (!isRecord(body)) return { items: [] };
  const list = Array.isArray(body.items) ? body.items : Array.isArray(body.workspaces) ? body.workspaces : [];
  const items: WorkspaceSummary[] = [];
  for (const raw of list) {
    if (!isRecord(raw)) continue;
    const id = nonEmptyString(raw.id);
    if (!id) continue;
    const opencode = isRecord(raw.opencode) ? raw.opencode : {};
    const path = nonEmptyString(raw.path);
    const directory = nonEmptyString(opencode.directory) ?? nonEmptyString(raw.directory) ?? path;
    const engineUrl = withoutUrlSecrets(nonEmptyString(opencode.baseUrl) ?? nonEmptyString(raw.baseUrl));
    items.push({
      id,
      name: nonEmptyString(raw.displayName) ?? nonEmptyString(raw.name) ?? id,
      ...(path ? { path } : {}),
      ...(directory ? { directory } : {}),
      ...(engineUrl ? { engineUrl } : {}),
    });
  }
  const activeId = nonEmptyString(body.activeId);
  return activeId ? { items, activeId } : { items };
}

/**
 * Where OpenCode is for a workspace of an OpenWork host at `base`: the host's
 * `/w/:id/opencode` proxy (bearer token) when it has one; otherwise (hosts up to v0.7.1, which
 * have no proxy) the engine URL the host reports, with a loopback hostname replaced by the paired
 * one and no credentials. Undefined when neither exists.
 */
export function opencodeTargetFor(
  base: string,
  workspace: WorkspaceSummary,
  proxy: boolean,
): OpencodeTarget | undefined {
  if (proxy) return { baseUrl: joinUrl(base, `/w/${encodeURIComponent(workspace.id)}/opencode`), auth: 'bearer' };
  if (!workspace.engineUrl) return undefined;
  // The host's word is not trusted to be clean: no secret it put in the engine URL is ever
  // requested, shown in a message or stored.
  const baseUrl = withoutUrlSecrets(replaceLoopback(workspace.engineUrl, base));
  if (!baseUrl) return undefined;
  return { baseUrl, auth: 'none', ...(workspace.directory ? { directory: workspace.directory } : {}) };
}
