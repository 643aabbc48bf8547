import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { buildHost } from '@/testing/builders';
import {
  buildOpenworkHost,
  OPENWORK_PROXY,
  OPENWORK_URL,
  openworkError,
  seen,
  type SeenRequest,
} from '@/testing/openwork';
import { createTestQueryClient } from '@/testing/render';
import { server } from '@/testing/server';
import { HostError, type PairedHost } from '@/host';
import { childrenOf, directoryQuery, fileQuery, saveFile } from './api';

const host = buildOpenworkHost();
const direct = buildHost({
  id: 'host_oc',
  credentials: { token: 'pw' },
  opencode: { baseUrl: 'http://127.0.0.1:4096', auth: 'basic' },
});

const listDir = (h: PairedHost, dir: string) => createTestQueryClient().fetchQuery(directoryQuery(h, dir));
const openFile = (h: PairedHost, path: string) => createTestQueryClient().fetchQuery(fileQuery(h, path));

/** The file-session catalog answering with `items` (and closing fine). */
function catalog(items: Array<{ path: string; kind: 'file' | 'dir'; size?: number }>) {
  const snapshots: SeenRequest[] = [];
  server.use(
    http.post(`${OPENWORK_URL}/workspace/ws_1/files/sessions`, () => HttpResponse.json({ session: { id: 'fs_1' } })),
    http.get(`${OPENWORK_URL}/files/sessions/fs_1/catalog/snapshot`, async ({ request }) => {
      snapshots.push(await seen(request));
      return HttpResponse.json({
        items: items.map((i) => ({ size: 0, mtimeMs: 1, revision: '1:0', ...i })),
        truncated: false,
      });
    }),
    http.delete(`${OPENWORK_URL}/files/sessions/fs_1`, () => HttpResponse.json({ ok: true })),
  );
  return snapshots;
}

describe('childrenOf', () => {
  const items = [
    { path: 'README.md', kind: 'file' as const, size: 12 },
    { path: 'src', kind: 'dir' as const },
    { path: 'src/main.ts', kind: 'file' as const, size: 40 },
    { path: 'src/lib/util.ts', kind: 'file' as const, size: 3 },
    { path: 'docs/guide/intro.md', kind: 'file' as const, size: 9 },
    { path: 'srcfoo.txt', kind: 'file' as const, size: 1 },
    { path: 'a.txt', kind: 'file' as const, size: 2 },
  ];

  it('lists the direct children of the root: directories first, then by name; nested paths become directories', () => {
    expect(childrenOf(items, '')).toEqual([
      { name: 'docs', path: 'docs', kind: 'dir' },
      { name: 'src', path: 'src', kind: 'dir' },
      { name: 'a.txt', path: 'a.txt', kind: 'file', size: 2 },
      { name: 'README.md', path: 'README.md', kind: 'file', size: 12 },
      { name: 'srcfoo.txt', path: 'srcfoo.txt', kind: 'file', size: 1 },
    ]);
  });

  it('lists the children of a sub-directory (trailing slash or not) without siblings sharing its prefix', () => {
    const expected = [
      { name: 'lib', path: 'src/lib', kind: 'dir' },
      { name: 'main.ts', path: 'src/main.ts', kind: 'file', size: 40 },
    ];
    expect(childrenOf(items, 'src')).toEqual(expected);
    expect(childrenOf(items, 'src/')).toEqual(expected);
  });

  it('derives a directory only known from a deeper path', () => {
    expect(childrenOf(items, 'docs')).toEqual([{ name: 'guide', path: 'docs/guide', kind: 'dir' }]);
    expect(childrenOf(items, 'docs/guide')).toEqual([
      { name: 'intro.md', path: 'docs/guide/intro.md', kind: 'file', size: 9 },
    ]);
  });

  it('lists each child once and ignores the directory itself', () => {
    const list = childrenOf(
      [
        { path: 'src', kind: 'dir' },
        { path: 'src/lib/a.ts', kind: 'file' },
        { path: 'src/lib', kind: 'dir' },
        { path: 'src/lib/b.ts', kind: 'file' },
      ],
      'src',
    );
    expect(list).toEqual([{ name: 'lib', path: 'src/lib', kind: 'dir' }]);
  });
});

describe('directoryQuery', () => {
  it('on an OpenWork host lists a folder from the catalog under "<dir>/"', async () => {
    const snapshots = catalog([
      { path: 'src/main.ts', kind: 'file', size: 40 },
      { path: 'src/lib/util.ts', kind: 'file', size: 3 },
    ]);
    await expect(listDir(host, 'src')).resolves.toEqual([
      { name: 'lib', path: 'src/lib', kind: 'dir' },
      { name: 'main.ts', path: 'src/main.ts', kind: 'file', size: 40 },
    ]);
    expect(snapshots[0]?.url.searchParams.get('prefix')).toBe('src/');
  });

  it('falls back to OpenCode GET /file?path= through the proxy when the host has no catalog (404 not_found)', async () => {
    const opencode: SeenRequest[] = [];
    server.use(
      http.post(`${OPENWORK_URL}/workspace/ws_1/files/sessions`, () => openworkError(404, 'not_found', 'Not found')),
      http.get(`${OPENWORK_PROXY}/file`, async ({ request }) => {
        opencode.push(await seen(request));
        return HttpResponse.json([
          { name: 'main.ts', path: 'src/main.ts', absolute: '/w/src/main.ts', type: 'file', ignored: false },
          { name: 'lib', path: 'src/lib', absolute: '/w/src/lib', type: 'directory', ignored: false },
          { name: 'dist', path: 'src/dist', absolute: '/w/src/dist', type: 'directory', ignored: true },
        ]);
      }),
    );
    await expect(listDir(host, 'src')).resolves.toEqual([
      { name: 'lib', path: 'src/lib', kind: 'dir' },
      { name: 'main.ts', path: 'src/main.ts', kind: 'file' },
    ]);
    expect(opencode[0]?.url.searchParams.get('path')).toBe('src');
    expect(opencode[0]?.headers.get('authorization')).toBe('Bearer client-token');
  });

  it('asks OpenCode for "." at the root', async () => {
    const paths: Array<string | null> = [];
    server.use(
      http.get('http://127.0.0.1:4096/file', ({ request }) => {
        paths.push(new URL(request.url).searchParams.get('path'));
        return HttpResponse.json([]);
      }),
    );
    await expect(listDir(direct, '')).resolves.toEqual([]);
    expect(paths).toEqual(['.']);
  });

  it('does not fall back on other catalog errors (e.g. 401): the error surfaces', async () => {
    server.use(
      http.post(`${OPENWORK_URL}/workspace/ws_1/files/sessions`, () =>
        openworkError(401, 'unauthorized', 'Invalid bearer token'),
      ),
    );
    const error: unknown = await listDir(host, '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe('unauthorized');
  });
});

describe('fileQuery', () => {
  it('opens a text file from the host as editable, with its updatedAt revision', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        HttpResponse.json({ path: 'notes.md', content: 'hello', bytes: 5, updatedAt: 1000 }),
      ),
    );
    await expect(openFile(host, 'notes.md')).resolves.toEqual({
      kind: 'text',
      path: 'notes.md',
      content: 'hello',
      bytes: 5,
      updatedAt: 1000,
      editable: true,
      source: 'openwork',
    });
  });

  it('maps 413 file_too_large to "unsupported" with a reason', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        openworkError(413, 'file_too_large', 'File too large', { maxBytes: 5_000_000, size: 9_000_000 }),
      ),
    );
    const file = await openFile(host, 'huge.log');
    expect(file).toEqual({ kind: 'unsupported', path: 'huge.log', reason: expect.stringContaining('5 MB') as unknown });
  });

  it('maps 400 invalid_path (a binary or unsupported type) to "unsupported" with a reason', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        openworkError(400, 'invalid_path', 'Unsupported file type'),
      ),
    );
    const file = await openFile(host, 'archive.zip');
    expect(file).toEqual({
      kind: 'unsupported',
      path: 'archive.zip',
      reason: expect.stringContaining('only text files') as unknown,
    });
  });

  it('surfaces 404 file_not_found instead of falling back', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        openworkError(404, 'file_not_found', 'File not found'),
      ),
    );
    const error: unknown = await openFile(host, 'gone.md').catch((e: unknown) => e);
    expect((error as HostError).code).toBe('not-found');
  });

  it('reads through OpenCode (read-only) when the host lacks the files route (404 not_found), and asks the host once', async () => {
    let asked = 0;
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () => {
        asked += 1;
        return openworkError(404, 'not_found', 'Not found');
      }),
      http.get(`${OPENWORK_PROXY}/file/content`, () => HttpResponse.json({ type: 'text', content: 'from opencode' })),
    );
    await expect(openFile(host, 'notes.md')).resolves.toEqual({
      kind: 'text',
      path: 'notes.md',
      content: 'from opencode',
      editable: false,
      source: 'opencode',
    });
    // The host said it has no such route: the next file goes straight to OpenCode.
    await expect(openFile(host, 'other.md')).resolves.toMatchObject({ content: 'from opencode', source: 'opencode' });
    expect(asked).toBe(1);
  });

  it('on a direct OpenCode host reads through GET /file/content?path= (read-only)', async () => {
    const seenRequests: SeenRequest[] = [];
    server.use(
      http.get('http://127.0.0.1:4096/file/content', async ({ request }) => {
        seenRequests.push(await seen(request));
        return HttpResponse.json({ type: 'text', content: 'plain' });
      }),
    );
    await expect(openFile(direct, 'docs/a b.md')).resolves.toEqual({
      kind: 'text',
      path: 'docs/a b.md',
      content: 'plain',
      editable: false,
      source: 'opencode',
    });
    expect(seenRequests[0]?.url.searchParams.get('path')).toBe('docs/a b.md');
    expect(seenRequests[0]?.headers.get('authorization')).toMatch(/^Basic /);
  });

  it('on a direct OpenCode host shows an image from its base64 content, and calls other binaries unsupported', async () => {
    server.use(
      http.get('http://127.0.0.1:4096/file/content', ({ request }) => {
        const path = new URL(request.url).searchParams.get('path');
        return HttpResponse.json({
          type: 'binary',
          content: path === 'logo.jpg' ? 'AAAA' : 'BBBB',
          encoding: 'base64',
        });
      }),
    );
    await expect(openFile(direct, 'logo.jpg')).resolves.toEqual({
      kind: 'image',
      path: 'logo.jpg',
      src: 'data:image/jpeg;base64,AAAA',
    });
    await expect(openFile(direct, 'app.wasm')).resolves.toMatchObject({ kind: 'unsupported', path: 'app.wasm' });
  });

  it('on an OpenWork host shows an image from /files/raw', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:logo');
    server.use(
      http.get(
        `${OPENWORK_URL}/workspace/ws_1/files/raw`,
        () => new HttpResponse(new Uint8Array([1, 2]), { headers: { 'content-type': 'image/png' } }),
      ),
    );
    await expect(openFile(host, 'logo.png')).resolves.toEqual({ kind: 'image', path: 'logo.png', src: 'blob:logo' });
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('on a host without /files/raw (404 not_found) opens an image through OpenCode', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/raw`, () => openworkError(404, 'not_found', 'Not found')),
      http.get(`${OPENWORK_PROXY}/file/content`, () =>
        HttpResponse.json({ type: 'binary', content: 'AAAA', encoding: 'base64' }),
      ),
    );
    await expect(openFile(host, 'logo.png')).resolves.toEqual({
      kind: 'image',
      path: 'logo.png',
      src: 'data:image/png;base64,AAAA',
    });
  });
});

describe('saveFile', () => {
  it('refuses a direct OpenCode host without a request', async () => {
    const error: unknown = await saveFile(direct, { path: 'a.md', content: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).message).toContain('needs an OpenWork host');
  });
});
