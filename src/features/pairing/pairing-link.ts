/**
 * Pairing links: `<app>/#/pair?url=<host>&token=<token>[&name=…][&directory=…][&workspace=…]`.
 * Also accepts OpenWork's invite parameters `ow_url` / `ow_token`. The token is read once and
 * removed from the address bar and the history entry at once.
 */

/** What a pairing link carries. */
export interface PairingParams {
  url?: string;
  token?: string;
  name?: string;
  directory?: string;
  workspaceId?: string;
}

/** Reads pairing parameters from a query string (`?url=…&token=…`). */
export function parsePairingParams(search: string): PairingParams {
  const params = new URLSearchParams(search);
  const get = (...names: string[]) => names.map((n) => params.get(n)?.trim()).find((v) => v) || undefined;
  const result: PairingParams = {};
  const url = get('url', 'ow_url');
  const token = get('token', 'ow_token');
  const name = get('name');
  const directory = get('directory');
  const workspaceId = get('workspace');
  if (url) result.url = url;
  if (token) result.token = token;
  if (name) result.name = name;
  if (directory) result.directory = directory;
  if (workspaceId) result.workspaceId = workspaceId;
  return result;
}

/**
 * Replaces the current history entry with the pairing route minus its query, so the token is in
 * neither `location.href` nor the back stack.
 */
export function scrubPairingLink(win: Window = window): void {
  const clean = `${win.location.pathname}${win.location.search}#/pair`;
  win.history.replaceState(win.history.state, '', clean);
}

/** Builds a pairing link for a host (to open on another device). */
export function buildPairingLink(appUrl: string, params: PairingParams): string {
  const query = new URLSearchParams();
  if (params.url) query.set('url', params.url);
  if (params.token) query.set('token', params.token);
  if (params.name) query.set('name', params.name);
  if (params.directory) query.set('directory', params.directory);
  if (params.workspaceId) query.set('workspace', params.workspaceId);
  return `${appUrl.replace(/#.*$/, '')}#/pair?${query.toString()}`;
}
