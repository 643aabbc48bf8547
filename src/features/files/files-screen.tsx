/** Browse the workspace tree: directories first, tap a file to open it. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError, type PairedHost } from '@/host';
import { directoryQuery } from './api';

/**
 * Rows rendered at first, and added per "Show more" tap: a folder of 100,000 entries would
 * otherwise put 100,000 links in the page at once and freeze it.
 */
export const FILE_ROWS_PAGE = 500;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function FilesScreen({ host }: { host: PairedHost }) {
  const [params] = useSearchParams();
  const dir = params.get('dir') ?? '';
  const listing = useQuery(directoryQuery(host, dir));
  const parts = dir ? dir.split('/') : [];
  const [limit, setLimit] = useState({ dir, rows: FILE_ROWS_PAGE });
  // Another folder starts again at one page.
  const rows = limit.dir === dir ? limit.rows : FILE_ROWS_PAGE;
  const entries = listing.data ?? [];

  return (
    <section className="files-screen">
      <div className="list-header">
        <h1>Files{host.workspaceName ? ` · ${host.workspaceName}` : ''}</h1>
        <Link to="/files/changes" className="button secondary-link">
          What changed
        </Link>
      </div>
      <nav className="breadcrumbs" aria-label="Folder">
        <Link to="/files">root</Link>
        {parts.map((part, i) => (
          <span key={i}>
            / <Link to={`/files?dir=${encodeURIComponent(parts.slice(0, i + 1).join('/'))}`}>{part}</Link>
          </span>
        ))}
      </nav>
      {listing.isPending ? <p className="empty">Loading…</p> : null}
      {listing.isError ? (
        <p className="error" role="alert">
          Could not list files: {describeError(listing.error)}
        </p>
      ) : null}
      {listing.data?.length === 0 ? <p className="empty">This folder is empty.</p> : null}
      <ul className="file-list">
        {entries.slice(0, rows).map((entry) => (
          <li key={entry.path}>
            <Link
              className="file-row"
              to={
                entry.kind === 'dir'
                  ? `/files?dir=${encodeURIComponent(entry.path)}`
                  : `/files/view?path=${encodeURIComponent(entry.path)}`
              }
            >
              <span aria-hidden="true">{entry.kind === 'dir' ? '📁' : '📄'}</span>
              <span>{entry.name}</span>
              {entry.size !== undefined ? <span className="size">{formatBytes(entry.size)}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
      {entries.length > rows ? (
        <p className="text-truncated">
          Showing {rows.toLocaleString('en')} of {entries.length.toLocaleString('en')} entries.{' '}
          <button type="button" className="link-button" onClick={() => setLimit({ dir, rows: rows + FILE_ROWS_PAGE })}>
            Show more
          </button>
        </p>
      ) : null}
    </section>
  );
}
