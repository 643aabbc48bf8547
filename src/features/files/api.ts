/**
 * Workspace files. On an OpenWork host: the catalog (`/files/sessions/:sid/catalog/snapshot`),
 * `GET|POST /workspace/:id/files/content` with the revision precondition, `files/raw` for images.
 * On direct OpenCode (read-only): `file.list`, `file.read`, `file.status`.
 * "What changed" uses OpenCode's `file.status` and `file.read` (its `diff`) in both modes.
 */
import { queryOptions } from '@tanstack/react-query';
import {
  HostError,
  hostKey,
  isRecord,
  isRouteMissing,
  openwork,
  openworkErrorCode,
  opencodeFor,
  readList,
  unwrap,
  type PairedHost,
} from '@/host';

/** One entry of a directory listing; `path` is workspace-relative, sizes in bytes. */
export interface DirEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  size?: number;
}

/** Who served a file: the OpenWork host's file routes, or OpenCode (direct, or a host whose version has no file routes). */
export type OpenedFileSource = 'openwork' | 'opencode';

/** What opening a file produced. `updatedAt` (ms) is the revision to save against. */
export type OpenedFile =
  | {
      kind: 'text';
      path: string;
      content: string;
      bytes?: number;
      updatedAt?: number;
      editable: boolean;
      source: OpenedFileSource;
    }
  | { kind: 'image'; path: string; src: string }
  | { kind: 'unsupported'; path: string; reason: string };

export const fileKeys = {
  all: (hostId: string, workspaceId: string | undefined) =>
    [...hostKey(hostId), 'files', workspaceId ?? 'default'] as const,
  dir: (host: PairedHost, dir: string) => [...fileKeys.all(host.id, host.workspaceId), 'dir', dir] as const,
  file: (host: PairedHost, path: string) => [...fileKeys.all(host.id, host.workspaceId), 'file', path] as const,
  changes: (host: PairedHost) => [...fileKeys.all(host.id, host.workspaceId), 'changes'] as const,
  diff: (host: PairedHost, path: string) => [...fileKeys.all(host.id, host.workspaceId), 'diff', path] as const,
};

const IMAGE = /\.(png|jpe?g|gif|webp|svg|avif|bmp|ico)$/i;

function byKindThenName(a: DirEntry, b: DirEntry): number {
  if (a.kind !== b.kind) return a.kind === 'dir' ? -1 : 1;
  return a.name.localeCompare(b.name);
}

/** Direct children of `dir` from a recursive catalog listing of paths under it. */
export function childrenOf(
  items: Array<{ path: string; kind: 'file' | 'dir'; size?: number }>,
  dir: string,
): DirEntry[] {
  const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
  const seen = new Map<string, DirEntry>();
  for (const item of items) {
    if (!item.path.startsWith(prefix)) continue;
    const rest = item.path.slice(prefix.length);
    if (!rest) continue;
    const [head, ...tail] = rest.split('/');
    if (!head) continue;
    const path = `${prefix}${head}`;
    const kind = tail.length > 0 ? 'dir' : item.kind;
    const existing = seen.get(path);
    if (!existing || (kind === 'dir' && existing.kind !== 'dir'))
      seen.set(path, {
        name: head,
        path,
        kind,
        ...(kind === 'file' && item.size !== undefined ? { size: item.size } : {}),
      });
  }
  return [...seen.values()].sort(byKindThenName);
}

async function listViaOpencode(host: PairedHost, dir: string): Promise<DirEntry[]> {
  const nodes = await unwrap(opencodeFor(host).file.list({ path: dir || '.' }), 'GET /file');
  const entries = readList(nodes, 'GET /file', 'a list of files', (n): DirEntry | undefined =>
    isRecord(n) && typeof n.name === 'string' && typeof n.path === 'string' && n.ignored !== true
      ? { name: n.name, path: n.path, kind: n.type === 'directory' ? 'dir' : 'file' }
      : undefined,
  );
  return entries.sort(byKindThenName);
}

/** The entries of one directory (`''` is the workspace root). */
export function directoryQuery(host: PairedHost, dir: string) {
  return queryOptions({
    queryKey: fileKeys.dir(host, dir),
    queryFn: async (): Promise<DirEntry[]> => {
      if (host.kind === 'openwork') {
        try {
          const { items } = await openwork.listCatalog(host, host.workspaceId, dir ? `${dir}/` : '');
          return childrenOf(items, dir);
        } catch (error) {
          // Hosts before file sessions (v0.7.1) lack the catalog: browse through OpenCode instead.
          if (!isRouteMissing(error)) throw error;
        }
      }
      return listViaOpencode(host, dir);
    },
  });
}

async function openViaOpencode(host: PairedHost, path: string): Promise<OpenedFile> {
  const content = await unwrap(opencodeFor(host).file.read({ path }), 'GET /file/content');
  if (content.type === 'text')
    return { kind: 'text', path, content: content.content, editable: false, source: 'opencode' };
  if (IMAGE.test(path) && content.content) {
    const mime = path.toLowerCase().endsWith('.svg')
      ? 'image/svg+xml'
      : `image/${path.split('.').pop()!.toLowerCase().replace('jpg', 'jpeg')}`;
    return { kind: 'image', path, src: `data:${mime};base64,${content.content}` };
  }
  return { kind: 'unsupported', path, reason: 'This is a binary file; it cannot be shown here.' };
}

/** Opens a file for reading (and, on an OpenWork host, editing). */
export function fileQuery(host: PairedHost, path: string) {
  return queryOptions({
    queryKey: fileKeys.file(host, path),
    staleTime: 0,
    queryFn: async (): Promise<OpenedFile> => {
      if (host.kind !== 'openwork') return openViaOpencode(host, path);
      if (IMAGE.test(path) && !path.toLowerCase().endsWith('.svg')) {
        try {
          const blob = await openwork.readWorkspaceFileBlob(host, host.workspaceId, path);
          return { kind: 'image', path, src: URL.createObjectURL(blob) };
        } catch (error) {
          if (isRouteMissing(error)) return openViaOpencode(host, path);
          throw error;
        }
      }
      try {
        const file = await openwork.readWorkspaceFile(host, host.workspaceId, path);
        return {
          kind: 'text',
          path,
          content: file.content,
          bytes: file.bytes,
          updatedAt: file.updatedAt,
          editable: true,
          source: 'openwork',
        };
      } catch (error) {
        const code = openworkErrorCode(error);
        if (code === 'file_too_large')
          return { kind: 'unsupported', path, reason: 'This file is larger than the host serves inline (5 MB).' };
        if (code === 'invalid_path')
          return {
            kind: 'unsupported',
            path,
            reason: 'The host serves only text files inline; this one is binary or of an unsupported type.',
          };
        if (isRouteMissing(error)) return openViaOpencode(host, path);
        throw error;
      }
    },
  });
}

/** Files the agent changed in the workspace (OpenCode `GET /file/status`, from git). */
export function changesQuery(host: PairedHost) {
  return queryOptions({
    queryKey: fileKeys.changes(host),
    queryFn: async () => (await unwrap(opencodeFor(host).file.status(), 'GET /file/status')) ?? [],
  });
}

/** The unified diff of one changed file (OpenCode `GET /file/content` → `diff`). */
export function diffQuery(host: PairedHost, path: string) {
  return queryOptions({
    queryKey: fileKeys.diff(host, path),
    queryFn: async () => {
      const content = await unwrap(opencodeFor(host).file.read({ path }), 'GET /file/content');
      return content.diff ?? '';
    },
  });
}

/** Saves a text file with the revision precondition (OpenWork only). */
export function saveFile(
  host: PairedHost,
  file: { path: string; content: string; baseUpdatedAt?: number; force?: boolean },
  capabilities?: openwork.OpenworkCapabilities,
) {
  if (host.kind !== 'openwork') {
    return Promise.reject(
      new HostError(
        'forbidden',
        'Saving files needs an OpenWork host.',
        'OpenCode serves files read-only to a browser; pair with an OpenWork host to edit.',
      ),
    );
  }
  return openwork.writeWorkspaceFile(host, host.workspaceId, file, capabilities);
}
