/**
 * Edits a text file on an OpenWork host. The text lives in a persisted draft until the host has
 * saved it; saves carry the revision the edit started from. On a conflict the user's text stays,
 * the difference to the current version is shown, and they choose: overwrite or take theirs.
 * While the host holds the write for approval, the time waited is shown; deny and timeout say so.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createTwoFilesPatch } from 'diff';
import { useState } from 'react';
import { DiffView } from '@/components/diff-view';
import { PendingWrite } from '@/components/pending-write';
import {
  describeError,
  describeOpenworkWriteError,
  openwork,
  openworkErrorCode,
  type OpenworkCapabilities,
  type PairedHost,
  type WriteErrorWording,
} from '@/host';
import { fileKeys, saveFile } from './api';
import { fileDraftKey, useFileDraftsStore } from './drafts-store';

interface Conflict {
  theirs: string;
  theirsUpdatedAt: number;
}

/**
 * How a failed save is worded: "Not saved: … Your text is kept." (the draft survives every
 * failure), naming the approval timeout in seconds when nobody approved in time.
 */
const SAVE_WORDING: Omit<WriteErrorWording, 'timeoutMs'> = {
  failed: 'Not saved',
  kept: 'text',
  what: 'the write',
  keptAlways: true,
  retryWhen: "when the host's owner is there",
};

/**
 * The editor of one text file. `updatedAt` (ms) is the revision `original` was read at; saves go
 * to `POST /workspace/:id/files/content` with it as `baseUpdatedAt`. `onDone` runs after a save
 * or when the user closes or discards.
 */
export function FileEditor({
  host,
  path,
  original,
  updatedAt,
  capabilities,
  onDone,
}: {
  host: PairedHost;
  path: string;
  original: string;
  updatedAt?: number;
  capabilities?: OpenworkCapabilities;
  onDone: () => void;
}) {
  const key = fileDraftKey(host.workspaceId, path);
  const draft = useFileDraftsStore((state) => state.get(host.id, key));
  const setDraft = useFileDraftsStore((state) => state.set);
  const removeDraft = useFileDraftsStore((state) => state.remove);
  const clearDraft = () => removeDraft(host.id, key);
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<Conflict>();
  const [error, setError] = useState<string>();
  const [startedAt, setStartedAt] = useState(0);
  const text = draft?.text ?? original;
  const base = draft ? draft.baseUpdatedAt : updatedAt;
  const policy = openwork.approvalPolicy(capabilities);
  const timeoutMs = policy.mode === 'unknown' ? undefined : policy.timeoutMs;

  const save = useMutation({
    mutationFn: (force: boolean) =>
      saveFile(
        host,
        {
          path,
          content: text,
          ...(base !== undefined ? { baseUpdatedAt: base } : {}),
          ...(force ? { force: true } : {}),
        },
        capabilities,
      ),
    onMutate: () => {
      setError(undefined);
      setStartedAt(Date.now());
    },
    onSuccess: () => {
      clearDraft();
      setConflict(undefined);
      void queryClient.invalidateQueries({ queryKey: fileKeys.file(host, path) });
      onDone();
    },
    onError: async (err) => {
      if (openworkErrorCode(err) === 'conflict' && host.kind === 'openwork') {
        try {
          const current = await openwork.readWorkspaceFile(host, host.workspaceId, path);
          setConflict({ theirs: current.content, theirsUpdatedAt: current.updatedAt });
          return;
        } catch (readError) {
          setError(
            `Someone changed the file meanwhile, and it could not be re-read: ${describeError(readError)} Your text is kept.`,
          );
          return;
        }
      }
      setError(describeOpenworkWriteError(err, { ...SAVE_WORDING, timeoutMs }));
    },
  });

  const edit = (value: string) =>
    setDraft(host.id, key, { text: value, ...(base !== undefined ? { baseUpdatedAt: base } : {}) });
  const takeTheirs = () => {
    if (!conflict) return;
    clearDraft();
    setConflict(undefined);
    void queryClient.invalidateQueries({ queryKey: fileKeys.file(host, path) });
  };

  return (
    <div className="file-editor">
      <label htmlFor="file-text" className="visually-hidden">
        Contents of {path}
      </label>
      <textarea
        id="file-text"
        className="editor"
        value={text}
        onChange={(e) => edit(e.target.value)}
        spellCheck={false}
        autoCapitalize="off"
        disabled={save.isPending}
      />
      {save.isPending ? <PendingWrite since={startedAt} policy={policy} /> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {conflict ? (
        <div className="conflict" role="alert">
          <strong>Someone changed this file since you started editing.</strong>
          <p>Your text is kept. Differences from the current version on the host to yours:</p>
          <DiffView
            diff={createTwoFilesPatch(`${path} (on the host)`, `${path} (yours)`, conflict.theirs, text, '', '', {
              context: 2,
            })}
          />
          <div className="row-actions">
            <button type="button" className="danger" onClick={() => save.mutate(true)} disabled={save.isPending}>
              Overwrite with mine
            </button>
            <button type="button" className="secondary" onClick={takeTheirs}>
              Discard mine, reload theirs
            </button>
          </div>
        </div>
      ) : null}
      <div className="row-actions">
        <button type="button" onClick={() => save.mutate(false)} disabled={save.isPending || Boolean(conflict)}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={save.isPending}>
          Close editor
        </button>
        {draft ? (
          <button
            type="button"
            className="link-button danger"
            onClick={() => {
              if (window.confirm('Discard your unsaved changes to this file?')) {
                clearDraft();
                onDone();
              }
            }}
          >
            Discard changes
          </button>
        ) : null}
      </div>
    </div>
  );
}
