import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildHost } from '@/testing/builders';
import { buildOpenworkHost, OPENWORK_URL, openworkError } from '@/testing/openwork';
import { renderWithProviders } from '@/testing/render';
import { server } from '@/testing/server';
import { FilesScreen } from './files-screen';
import { ChangesScreen } from './changes-screen';
import { FileScreen } from './file-screen';

const host = buildOpenworkHost();
const ENGINE = 'http://127.0.0.1:4096';

function catalog(items: Array<{ path: string; kind: 'file' | 'dir'; size: number }>) {
  server.use(
    http.post(`${OPENWORK_URL}/workspace/ws_1/files/sessions`, () => HttpResponse.json({ session: { id: 'fs_1' } })),
    http.get(`${OPENWORK_URL}/files/sessions/fs_1/catalog/snapshot`, () =>
      HttpResponse.json({ items: items.map((i) => ({ mtimeMs: 1, revision: '1:0', ...i })), truncated: false }),
    ),
    http.delete(`${OPENWORK_URL}/files/sessions/fs_1`, () => HttpResponse.json({ ok: true })),
  );
}

describe('FilesScreen', () => {
  it('lists a folder: breadcrumbs, directories first, sizes, and links into folders and files', async () => {
    catalog([
      { path: 'src/main.ts', kind: 'file', size: 2048 },
      { path: 'src/lib/util.ts', kind: 'file', size: 3 },
    ]);
    renderWithProviders(<FilesScreen host={host} />, { route: '/files?dir=src' });

    await screen.findByRole('link', { name: /main\.ts/ });
    const rows = within(screen.getByRole('list')).getAllByRole('link');
    expect(rows.map((row) => row.textContent)).toEqual(['📁lib', '📄main.ts2.0 KB']);
    expect(rows[0]).toHaveAttribute('href', '/files?dir=src%2Flib');
    expect(rows[1]).toHaveAttribute('href', '/files/view?path=src%2Fmain.ts');
    const crumbs = screen.getByRole('navigation', { name: 'Folder' });
    expect(within(crumbs).getByRole('link', { name: 'root' })).toHaveAttribute('href', '/files');
    expect(within(crumbs).getByRole('link', { name: 'src' })).toHaveAttribute('href', '/files?dir=src');
    expect(screen.getByRole('heading', { name: 'Files · Main' })).toBeInTheDocument();
  });

  it('says when a folder is empty, and shows a listing error with the host message', async () => {
    catalog([]);
    const { unmount } = renderWithProviders(<FilesScreen host={host} />, { route: '/files' });
    expect(await screen.findByText('This folder is empty.')).toBeInTheDocument();
    unmount();

    server.use(
      http.post(`${OPENWORK_URL}/workspace/ws_1/files/sessions`, () =>
        openworkError(403, 'forbidden', 'Insufficient token scope'),
      ),
    );
    renderWithProviders(<FilesScreen host={host} />, { route: '/files' });
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not list files: .*Insufficient token scope/);
  });
});

describe('FileScreen', () => {
  it('on a direct OpenCode host shows the file read-only with the "needs an OpenWork host" line', async () => {
    server.use(http.get(`${ENGINE}/file/content`, () => HttpResponse.json({ type: 'text', content: 'hello world' })));
    renderWithProviders(<FileScreen host={buildHost()} path="docs/readme.txt" />);

    expect(await screen.findByText('hello world')).toBeInTheDocument();
    expect(screen.getByText(/Changing files needs an OpenWork host/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('on a read-only OpenWork host offers no Edit', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        HttpResponse.json({ path: 'a.md', content: 'text', bytes: 4, updatedAt: 1 }),
      ),
      http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json({ config: { read: true, write: false } })),
    );
    renderWithProviders(<FileScreen host={host} path="a.md" />);
    expect(
      await screen.findByText('This OpenWork host is read-only, so files cannot be changed from here.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('on a host without file routes (v0.7.1) that allows writes, says its version has no remote file editing, not that it is read-only', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () => openworkError(404, 'not_found', 'Not found')),
      http.get(`${OPENWORK_URL}/w/ws_1/opencode/file/content`, () =>
        HttpResponse.json({ type: 'text', content: 'through opencode' }),
      ),
      http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json({ config: { read: true, write: true } })),
    );
    renderWithProviders(<FileScreen host={host} path="a.md" />);
    expect(await screen.findByText('through opencode')).toBeInTheDocument();
    expect(
      screen.getByText("This host's version has no remote editing of files; reading works through OpenCode."),
    ).toBeInTheDocument();
    expect(screen.queryByText(/read-only/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('shows why a file cannot be shown (413 file_too_large)', async () => {
    server.use(
      http.get(`${OPENWORK_URL}/workspace/ws_1/files/content`, () =>
        openworkError(413, 'file_too_large', 'File too large', { maxBytes: 5_000_000, size: 6_000_000 }),
      ),
      http.get(`${OPENWORK_URL}/capabilities`, () => HttpResponse.json({})),
    );
    renderWithProviders(<FileScreen host={host} path="big.log" />);
    expect(await screen.findByText('This file is larger than the host serves inline (5 MB).')).toBeInTheDocument();
  });
});

describe('ChangesScreen', () => {
  it('lists changed files from OpenCode GET /file/status and shows a diff on tap', async () => {
    const user = userEvent.setup();
    server.use(
      http.get(`${ENGINE}/file/status`, () =>
        HttpResponse.json([{ path: 'src/a.ts', added: 2, removed: 1, status: 'modified' }]),
      ),
      http.get(`${ENGINE}/file/content`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('path')).toBe('src/a.ts');
        return HttpResponse.json({
          type: 'text',
          content: 'x',
          diff: '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-old\n+new\n',
        });
      }),
    );
    renderWithProviders(<ChangesScreen host={buildHost()} />);

    const toggle = await screen.findByRole('button', { name: /src\/a\.ts/ });
    expect(toggle).toHaveTextContent('modified +2 −1');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    const diff = await screen.findByLabelText('Differences');
    expect(diff).toHaveTextContent('-old');
    expect(diff).toHaveTextContent('+new');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });

  it('says when nothing changed', async () => {
    server.use(http.get(`${ENGINE}/file/status`, () => HttpResponse.json([])));
    renderWithProviders(<ChangesScreen host={buildHost()} />);
    expect(await screen.findByText('No changed files.')).toBeInTheDocument();
  });
});
