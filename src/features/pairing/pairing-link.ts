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
 * Replaces the current history entry with the pairing route minus any query, in the hash and in
 * the real query string, so the token is in neither `location.href` nor the back stack.
 */
export function scrubPairingLink(win: Window = window): void {
  win.history.replaceState(win.history.state, '', `${win.location.pathname}#/pair`);
}

/**
 * OpenWork invite links put their parameters in the real query string
 * (`<app>/?ow_url=…&ow_token=…`), which the hash router does not see. Moves them into the
 * pairing route (`#/pair?…`) before the router starts; returns true when it did.
 */
export function adoptQueryPairingLink(win: Window = window): boolean {
  const params = parsePairingParams(win.location.search);
  if (!params.url) return false;
  win.history.replaceState(
    win.history.state,
    '',
    `${win.location.pathname}#/pair?${new URLSearchParams(win.location.search).toString()}`,
  );
  return true;
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
