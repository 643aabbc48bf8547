/** "What changed": the workspace's changed files (OpenCode `file.status`) and their diffs. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { DiffView } from '@/components/diff-view';
import { describeError, type PairedHost } from '@/host';
import { changesQuery, diffQuery } from './api';

function FileDiff({ host, path }: { host: PairedHost; path: string }) {
  const diff = useQuery(diffQuery(host, path));
  if (diff.isPending) return <p className="empty">Loading diff…</p>;
  if (diff.isError) return <p className="error">Could not load the diff: {describeError(diff.error)}</p>;
  return <DiffView diff={diff.data} />;
}

export function ChangesScreen({ host }: { host: PairedHost }) {
  const changes = useQuery(changesQuery(host));
  const [open, setOpen] = useState<string>();
  return (
    <section className="changes-screen">
      <div className="session-header">
        <Link to="/files" className="back" aria-label="Back to files">
          ←
        </Link>
        <h1>What changed</h1>
      </div>
      {changes.isPending ? <p className="empty">Loading…</p> : null}
      {changes.isError ? (
        <p className="error" role="alert">
          Could not list changes: {describeError(changes.error)}
        </p>
      ) : null}
      {changes.data?.length === 0 ? <p className="empty">No changed files.</p> : null}
      <ul className="item-list">
        {changes.data?.map((file) => (
          <li key={file.path} className="item">
            <button
              type="button"
              className="host-switch"
              aria-expanded={open === file.path}
              onClick={() => setOpen(open === file.path ? undefined : file.path)}
            >
              <span>{file.path}</span>
              <small>
                {file.status} +{file.added} −{file.removed}
              </small>
            </button>
            {open === file.path ? <FileDiff host={host} path={file.path} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
