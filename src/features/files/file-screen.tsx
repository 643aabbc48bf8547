/** One file: highlighted text, an image, or why it cannot be shown; Edit on an OpenWork host. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { CodeView } from '@/components/code-view';
import { NeedsOpenwork, type NoWriteReason } from '@/components/needs-openwork';
import { capabilitiesQuery, describeError, type PairedHost } from '@/host';
import { fileQuery, type OpenedFileSource } from './api';
import { fileDraftKey, useFileDraftsStore } from './drafts-store';
import { FileEditor } from './file-editor';

/**
 * Why a text file on `host` has no Edit button: direct OpenCode; an OpenWork host whose version has
 * no file routes (the file came through OpenCode); or a host that says it is read-only.
 */
function noEditReason(host: PairedHost, source: OpenedFileSource): NoWriteReason {
  if (host.kind !== 'openwork') return 'direct-opencode';
  return source === 'opencode' ? 'older-host' : 'read-only-host';
}

/** A file of the host's workspace: its text (with Edit where the host allows it), an image, or why it cannot be shown. */
export function FileScreen({ host, path }: { host: PairedHost; path: string }) {
  const file = useQuery(fileQuery(host, path));
  const capabilities = useQuery(capabilitiesQuery(host));
  const hasDraft = useFileDraftsStore(
    (state) => state.get(host.id, fileDraftKey(host.workspaceId, path)) !== undefined,
  );
  const [editing, setEditing] = useState(hasDraft);
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const canWrite = host.kind === 'openwork' && capabilities.data?.config?.write !== false;

  return (
    <section className="file-screen">
      <div className="session-header">
        <Link
          to={parent ? `/files?dir=${encodeURIComponent(parent)}` : '/files'}
          className="back"
          aria-label="Back to folder"
        >
          ←
        </Link>
        <h1>{path.split('/').pop()}</h1>
      </div>
      <p className="hint">{path}</p>
      {file.isPending ? <p className="empty">Loading…</p> : null}
      {file.isError ? (
        <p className="error" role="alert">
          Could not open the file: {describeError(file.error)}
        </p>
      ) : null}
      {file.data?.kind === 'image' ? <img className="file-image" src={file.data.src} alt={path} /> : null}
      {file.data?.kind === 'unsupported' ? <p className="empty">{file.data.reason}</p> : null}
      {file.data?.kind === 'text' && editing ? (
        <FileEditor
          host={host}
          path={path}
          original={file.data.content}
          {...(file.data.updatedAt !== undefined ? { updatedAt: file.data.updatedAt } : {})}
          {...(capabilities.data ? { capabilities: capabilities.data } : {})}
          onDone={() => setEditing(false)}
        />
      ) : null}
      {file.data?.kind === 'text' && !editing ? (
        <>
          {file.data.editable && canWrite ? (
            <button type="button" onClick={() => setEditing(true)}>
              {hasDraft ? 'Continue editing' : 'Edit'}
            </button>
          ) : (
            <NeedsOpenwork what="files" reason={noEditReason(host, file.data.source)} />
          )}
          <CodeView code={file.data.content} path={path} />
        </>
      ) : null}
    </section>
  );
}
