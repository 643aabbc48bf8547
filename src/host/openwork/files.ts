/**
 * A workspace's files: read and write text files, read binaries as Blobs, and list the tree
 * through a short-lived read-only file session.
 */
import { isRecord, nonEmptyString, numberOr, stringOr } from '@/lib/guards';
import { HostError } from '../errors';
import { errorForStatus } from '../http';
import type { PairedHost } from '../types';
import { joinUrl } from '../url';
import { anyAnswer, listField, objectOf, optionalString } from './answers';
import { call, clientId, openworkFetch, requireOpenwork, workspaceRoute, type Route } from './client';
import { writeTimeoutMs, type OpenworkCapabilities } from './capabilities';
import { isRouteMissing } from './errors';
import { isRouteKnownMissing, rememberMissingRoute, routeMissingError } from './route-memory';

/** A text file as `GET /workspace/:id/files/content` returns it; `bytes` is its size, `updatedAt` its mtime in ms. */
export interface WorkspaceFile {
  path: string;
  content: string;
  bytes: number;
  updatedAt: number;
}

/** `POST /workspace/:id/files/content` success body: the new size (bytes) and mtime (ms). */
export interface WriteResult {
  ok: true;
  path: string;
  bytes: number;
  updatedAt: number;
  revision?: string;
}

/** One catalog entry (`GET /files/sessions/:sid/catalog/snapshot`). Sizes in bytes, `mtimeMs` in ms. */
export interface CatalogItem {
  path: string;
  kind: 'file' | 'dir';
  size: number;
  mtimeMs: number;
  revision: string;
}

const contentRoute = (workspaceId: string): Route => workspaceRoute(workspaceId, '/files/content');
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Reads a file answer. The content and `updatedAt` are required: the editor saves with
 * `updatedAt` as its precondition, so a file without it could overwrite someone else's change.
 */
const readFile = (path: string) =>
  objectOf('a file {path, content, updatedAt}', (body, wrong): WorkspaceFile => {
    if (typeof body.content !== 'string') wrong('content');
    if (typeof body.updatedAt !== 'number') wrong('updatedAt');
    const content = body.content as string;
    return {
      path: stringOr(body.path, path),
      content,
      bytes: numberOr(body.bytes, utf8Bytes(content)),
      updatedAt: body.updatedAt as number,
    };
  });

/**
 * `GET /workspace/:id/files/content?path=` → the file (text files only, ≤ 5,000,000 bytes).
 *
 * @throws {HostError} 404 `file_not_found`, 413 `file_too_large`, 400 `invalid_path`;
 *   `bad-response` without `content` or `updatedAt`; see `call` for the rest.
 */
export function readWorkspaceFile(host: PairedHost, workspaceId: string, path: string): Promise<WorkspaceFile> {
  return call(host, contentRoute(workspaceId), { query: { path } }, readFile(path));
}

const readWrite = (path: string, content: string) =>
  objectOf('a write result {ok, updatedAt}', (body, wrong): WriteResult => {
    if (typeof body.updatedAt !== 'number') wrong('updatedAt');
    return {
      ok: true,
      path: stringOr(body.path, path),
      bytes: numberOr(body.bytes, utf8Bytes(content)),
      updatedAt: body.updatedAt as number,
      ...optionalString('revision', body.revision),
    };
  });

/**
 * `POST /workspace/:id/files/content` with the revision precondition: `baseUpdatedAt` is the
 * `updatedAt` the user started from; `force` overwrites a newer version. Waits
 * {@link writeTimeoutMs} (the host may hold it for its owner's approval).
 *
 * @throws {HostError} 409 `conflict` (details `{baseUpdatedAt, currentUpdatedAt}`), 403
 *   `write_denied` (host approval denied or timed out), 413 `file_too_large`, 400 `invalid_path`;
 *   `bad-response` when the answer has no `updatedAt`.
 */
export function writeWorkspaceFile(
  host: PairedHost,
  workspaceId: string,
  file: { path: string; content: string; baseUpdatedAt?: number; force?: boolean },
  capabilities?: OpenworkCapabilities,
): Promise<WriteResult> {
  return call(
    host,
    contentRoute(workspaceId),
    { method: 'POST', body: file, timeoutMs: writeTimeoutMs(capabilities) },
    readWrite(file.path, file.content),
  );
}

/**
 * `GET /workspace/:id/files/raw?path=` as a Blob (images and other binaries), waiting up to 60 s.
 *
 * @throws {HostError} the status-mapped error with the host's `{code, message}`; `unreachable`; a
 *   404 `not_found` (remembered, not asked again) on hosts without file routes.
 */
export async function readWorkspaceFileBlob(host: PairedHost, workspaceId: string, path: string): Promise<Blob> {
  requireOpenwork(host);
  const what = 'GET /workspace/{id}/files/raw';
  if (isRouteKnownMissing(host.id, what))
    throw routeMissingError(what, { code: 'not_found', message: 'Not found' }, true);
  const url = new URL(joinUrl(host.url, workspaceRoute(workspaceId, '/files/raw').path));
  url.searchParams.set('path', path);
  let response: Response;
  try {
    response = await openworkFetch(host)(url.toString(), {
      headers: { 'x-openwork-client-id': clientId() },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new HostError(
      'unreachable',
      'GET /files/raw failed: the host could not be reached.',
      'Check the connection, then try again.',
      { cause: error },
    );
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not a JSON error body: keep the text for the message.
    }
    const error = errorForStatus('GET /files/raw', response.status, body);
    if (!isRouteMissing(error)) throw error;
    rememberMissingRoute(host.id, what);
    throw routeMissingError(what, body, false);
  }
  return response.blob();
}

/**
 * One catalog entry in the app's shape; undefined (skipped) without a path or with a kind other
 * than `file` or `dir`. Missing sizes and times read as 0, a missing revision as empty.
 */
export function readCatalogItem(value: unknown): CatalogItem | undefined {
  if (!isRecord(value)) return undefined;
  const path = nonEmptyString(value.path);
  if (!path || (value.kind !== 'file' && value.kind !== 'dir')) return undefined;
  return {
    path,
    kind: value.kind,
    size: numberOr(value.size, 0),
    mtimeMs: numberOr(value.mtimeMs, 0),
    revision: stringOr(value.revision, ''),
  };
}

const readSession = objectOf('a file session {session: {id}}', (body, wrong): string => {
  const id = isRecord(body.session) ? nonEmptyString(body.session.id) : undefined;
  return id ?? wrong('session');
});

const readSnapshot = objectOf('a catalog snapshot {items, truncated}', (body, wrong) => ({
  items: listField(body, 'items', wrong, readCatalogItem),
  truncated: body.truncated === true,
}));

/**
 * Lists the workspace tree under `prefix` (dirs included, at most 2000 entries, heavy
 * directories such as node_modules left out) through a read-only file session: `POST
 * /workspace/:id/files/sessions`, then `GET /files/sessions/:sid/catalog/snapshot`, then the
 * session is closed in the background.
 *
 * @throws {HostError} 404 `not_found` on hosts without file sessions (`isRouteMissing`);
 *   `bad-response` when the session has no id or the snapshot no `items` list.
 */
export async function listCatalog(
  host: PairedHost,
  workspaceId: string,
  prefix: string,
): Promise<{ items: CatalogItem[]; truncated: boolean }> {
  const sessionId = await call(
    host,
    workspaceRoute(workspaceId, '/files/sessions'),
    { method: 'POST', body: { write: false, ttlSeconds: 60 }, changes: false },
    readSession,
  );
  const session = `/files/sessions/${encodeURIComponent(sessionId)}`;
  try {
    return await call(
      host,
      { path: `${session}/catalog/snapshot`, template: '/files/sessions/{id}/catalog/snapshot' },
      { query: { prefix: prefix || undefined, includeDirs: true, limit: 2000, excludeHeavyDirectories: true } },
      readSnapshot,
    );
  } finally {
    // Closing is a courtesy (sessions expire on their own); a failure here must not hide the listing.
    void call(host, { path: session, template: '/files/sessions/{id}' }, { method: 'DELETE' }, anyAnswer).catch(
      () => undefined,
    );
  }
}
