/**
 * The sheets of the session screen, loaded on first use: what the run changed (files, their
 * diffs, usage), the session's actions (rename, share, subsessions, delete) and one message's
 * actions (revert to before it, with a confirmation naming the files, and fork from it).
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { DiffView } from '@/components/diff-view';
import type { FileChange, Session } from '@/domain';
import { contextLimitOf, describeError, providersQuery, type PairedHost } from '@/host';
import { changesFrom, childrenQuery, shareEnabledQuery, type SessionActions, type SessionUsage } from './actions-api';
import type { MessageWithParts } from './api';
import { useSubagents } from './subagents';

/** Which sheet is open. */
export type Sheet = { kind: 'changes' } | { kind: 'actions' } | { kind: 'message'; messageId: string };

/** What the session screen hands to its sheets. */
export interface SessionSheetsProps {
  sheet: Sheet;
  host: PairedHost;
  /** The session as the list holds it; undefined while the list loads (or for a subsession). */
  session: Session | undefined;
  sessionId: string;
  /** The session is running: revert and unrevert wait for it to end. */
  busy: boolean;
  /** The loaded messages, reverted ones included. */
  messages: MessageWithParts[];
  /** What the run changed (see `runChanges`). */
  changes: FileChange[];
  /** The session-wide diff is still being fetched. */
  changesLoading: boolean;
  usage: SessionUsage;
  actions: SessionActions;
  /** Opens another sheet, or closes with undefined. */
  onSheet: (sheet: Sheet | undefined) => void;
}

/**
 * A bottom sheet: a modal `<dialog>` with a title and a Close button. Opened with `showModal()`, so
 * the page behind it is inert (Tab and a screen reader's cursor stay in the sheet) and focus goes
 * back to what opened it when it closes; Escape and a tap outside close it. Where `showModal` is
 * missing (old browsers, jsdom) it is shown as an open dialog.
 */
function SheetFrame({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    // The sheet itself, so a screen reader starts at its title.
    dialog.focus();
    // Before React removes it: closing (not just removing) a modal dialog returns focus to its opener.
    return () => (typeof dialog.close === 'function' ? dialog.close() : dialog.removeAttribute('open'));
  }, []);
  return (
    <dialog
      className="sheet"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={ref}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
      // Escape as the browser reports it (`cancel`): the sheet closes the React way.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // A tap on the backdrop lands on the dialog element itself, outside its content box.
      onClick={(event) => {
        if (event.target !== event.currentTarget) return;
        const box = event.currentTarget.getBoundingClientRect();
        const inside =
          event.clientX >= box.left &&
          event.clientX <= box.right &&
          event.clientY >= box.top &&
          event.clientY <= box.bottom;
        if (!inside) onClose();
      }}
    >
      <div className="sheet-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** `+3 −1` with the status, as on the workspace's "What changed". */
function ChangeCounts({ change }: { change: FileChange }) {
  return (
    <small>
      {change.status ?? 'changed'} +{change.additions} −{change.deletions}
    </small>
  );
}

/** The changed files, each opening its unified diff. */
function ChangeList({ changes }: { changes: FileChange[] }) {
  const [open, setOpen] = useState<string>();
  return (
    <ul className="item-list" aria-label="Changed files">
      {changes.map((change) => (
        <li key={change.path} className="item">
          <button
            type="button"
            className="host-switch"
            aria-expanded={open === change.path}
            onClick={() => setOpen(open === change.path ? undefined : change.path)}
          >
            <span>{change.path}</span>
            <ChangeCounts change={change} />
          </button>
          {open === change.path ? <DiffView diff={change.patch} /> : null}
        </li>
      ))}
    </ul>
  );
}

function UsageDetails({ host, usage }: { host: PairedHost; usage: SessionUsage }) {
  const providers = useQuery({ ...providersQuery(host), enabled: usage.context !== undefined });
  const limit = usage.context
    ? contextLimitOf(providers.data, usage.context.providerId, usage.context.modelId)
    : undefined;
  const rows: Array<[string, string]> = [
    ['Input', usage.input.toLocaleString()],
    ['Output', usage.output.toLocaleString()],
    ['Reasoning', usage.reasoning.toLocaleString()],
    ['Cache read / write', `${usage.cacheRead.toLocaleString()} / ${usage.cacheWrite.toLocaleString()}`],
    ['Cost', `$${usage.cost.toFixed(4)}`],
  ];
  if (usage.context)
    rows.push([
      'Context',
      limit
        ? `${usage.context.tokens.toLocaleString()} of ${limit.toLocaleString()} tokens (${Math.round((usage.context.tokens / limit) * 100)}%)`
        : `${usage.context.tokens.toLocaleString()} tokens (limit unknown)`,
    ]);
  return (
    <dl className="usage-details" aria-label="Token usage">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ChangesSheet({ host, changes, changesLoading, usage, onClose }: SessionSheetsProps & { onClose: () => void }) {
  return (
    <SheetFrame title="What this run changed" onClose={onClose}>
      {changes.length === 0 ? (
        <p className="empty">{changesLoading ? 'Loading…' : 'No file changes in this run.'}</p>
      ) : (
        <ChangeList changes={changes} />
      )}
      <p className="hint">To undo changes, open a message's actions (⋯) and revert to before it.</p>
      <h3>Usage</h3>
      <UsageDetails host={host} usage={usage} />
    </SheetFrame>
  );
}

/** Rename: the title input keeps what was typed when the host refuses. */
function RenameForm({ session, actions }: { session: Session | undefined; actions: SessionActions }) {
  const [title, setTitle] = useState(session?.title ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) actions.rename.mutate(title.trim());
  };
  return (
    <form className="rename-form" onSubmit={submit}>
      <label>
        Session title
        <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={200} />
      </label>
      <button type="submit" disabled={!title.trim() || actions.rename.isPending}>
        {actions.rename.isPending ? 'Renaming…' : 'Rename'}
      </button>
      {actions.rename.isSuccess ? <p role="status">Renamed.</p> : null}
      {actions.rename.isError ? (
        <p className="error" role="alert">
          Could not rename: {describeError(actions.rename.error)}
        </p>
      ) : null}
    </form>
  );
}

/** Share: a warning first (the link is public), then the link with Copy, and Stop sharing. */
function ShareSection({
  host,
  session,
  actions,
}: {
  host: PairedHost;
  session: Session | undefined;
  actions: SessionActions;
}) {
  const enabled = useQuery(shareEnabledQuery(host));
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<string>();
  const url = session?.share?.url;
  if (enabled.data === false || enabled.isError) return null;
  if (enabled.isPending) return null;
  const copy = async (link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch (error) {
      // The clipboard can be refused (permissions, an insecure page): the link stays visible to copy by hand.
      setCopied(`Could not copy (${error instanceof Error ? error.message : 'refused'}): select the link and copy it.`);
    }
  };
  return (
    <section aria-label="Share">
      <h3>Share</h3>
      {url ? (
        <>
          <p className="warning">Public link: anyone who has it can read this session.</p>
          <p className="share-url">
            <a href={url} target="_blank" rel="noreferrer noopener">
              {url}
            </a>
          </p>
          <button type="button" className="secondary" onClick={() => void copy(url)}>
            Copy link
          </button>
          <button
            type="button"
            className="secondary"
            disabled={actions.share.isPending}
            onClick={() => actions.share.mutate(false)}
          >
            Stop sharing
          </button>
          {copied ? <p role="status">{copied}</p> : null}
        </>
      ) : confirming ? (
        <div role="alertdialog" aria-label="Share publicly?">
          <p className="warning">
            A share link is public: anyone who has it can read this whole session, including the code, file contents and
            commands in it. Share only what you would publish.
          </p>
          <button type="button" disabled={actions.share.isPending} onClick={() => actions.share.mutate(true)}>
            Create public link
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Share…
        </button>
      )}
      {actions.share.isError ? (
        <p className="error" role="alert">
          Sharing failed: {describeError(actions.share.error)}
        </p>
      ) : null}
    </section>
  );
}

/** The sessions this one started: `/children`, labelled by the `task` calls that started them. */
function Subsessions({ host, sessionId }: { host: PairedHost; sessionId: string }) {
  const children = useQuery(childrenQuery(host, sessionId));
  const labels = useSubagents(host, sessionId);
  const ids = new Set([...(children.data ?? []).map((s) => s.id), ...Object.keys(labels)]);
  if (children.isError) return <p className="error">Could not list subsessions: {describeError(children.error)}</p>;
  if (ids.size === 0) return null;
  return (
    <section aria-label="Subsessions">
      <h3>Subsessions</h3>
      <ul className="item-list">
        {[...ids].map((id) => {
          const child = children.data?.find((s) => s.id === id);
          return (
            <li key={id} className="item">
              <Link to={`/s/${id}`}>{labels[id] ?? child?.title ?? id}</Link>
              {child && labels[id] ? <small> {child.title}</small> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function DeleteSection({ session, actions }: { session: Session | undefined; actions: SessionActions }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-label="Delete">
      {confirming ? (
        <div role="alertdialog" aria-label="Delete this session?">
          <p>
            Delete “{session?.title ?? 'this session'}”? Its messages and history are removed from the host. This cannot
            be undone; files in the workspace stay as they are.
          </p>
          <button
            type="button"
            className="danger"
            disabled={actions.remove.isPending}
            onClick={() => actions.remove.mutate()}
          >
            {actions.remove.isPending ? 'Deleting…' : 'Delete session'}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="link-button danger" onClick={() => setConfirming(true)}>
          Delete session…
        </button>
      )}
      {actions.remove.isError ? (
        <p className="error" role="alert">
          Could not delete: {describeError(actions.remove.error)}
        </p>
      ) : null}
    </section>
  );
}

function ActionsSheet(props: SessionSheetsProps & { onClose: () => void }) {
  const { host, session, sessionId, actions, onClose } = props;
  return (
    <SheetFrame title="Session" onClose={onClose}>
      <RenameForm session={session} actions={actions} />
      <ShareSection host={host} session={session} actions={actions} />
      <Subsessions host={host} sessionId={sessionId} />
      <DeleteSection session={session} actions={actions} />
    </SheetFrame>
  );
}

function MessageSheet(props: SessionSheetsProps & { messageId: string; onClose: () => void }) {
  const { messages, messageId, actions, busy, onClose } = props;
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const files = changesFrom(messages, messageId);
  const later = messages.filter((m) => m.info.id >= messageId).length;
  const revert = () => actions.revert.mutate({ messageId }, { onSuccess: onClose });
  const fork = () => actions.fork.mutate(messageId, { onSuccess: (forked) => void navigate(`/s/${forked.id}`) });
  return (
    <SheetFrame title="Message" onClose={onClose}>
      {confirming ? (
        <div role="alertdialog" aria-label="Revert to before this message?">
          {files.length > 0 ? (
            <>
              <p>These files go back to how they were before this message:</p>
              <ul className="revert-files">
                {files.map((file) => (
                  <li key={file.path}>
                    {file.path} <ChangeCounts change={file} />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No file changes are recorded from this message on; only the messages are set aside.</p>
          )}
          <p className="hint">
            {later > 1 ? `This message and the ${later - 1} after it are hidden` : 'This message is hidden'}; “Restore
            reverted messages” brings them and the files back until you send the next prompt.
          </p>
          <button type="button" className="danger" disabled={actions.revert.isPending || busy} onClick={revert}>
            {actions.revert.isPending ? 'Reverting…' : 'Revert'}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="message-actions-list">
          <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            Revert to before this message…
          </button>
          <button type="button" className="secondary" disabled={actions.fork.isPending} onClick={fork}>
            {actions.fork.isPending ? 'Forking…' : 'Fork from here'}
          </button>
          <p className="hint">
            Fork starts a new session with the messages before this one.
            {busy ? ' Revert waits until the run stops.' : ''}
          </p>
        </div>
      )}
      {actions.revert.isError ? (
        <p className="error" role="alert">
          Could not revert: {describeError(actions.revert.error)}
        </p>
      ) : null}
      {actions.fork.isError ? (
        <p className="error" role="alert">
          Could not fork: {describeError(actions.fork.error)}
        </p>
      ) : null}
    </SheetFrame>
  );
}

/** The open sheet of the session screen. */
export default function SessionSheets(props: SessionSheetsProps) {
  const { sheet, onSheet } = props;
  const close = useCallback(() => onSheet(undefined), [onSheet]);
  if (sheet.kind === 'changes') return <ChangesSheet {...props} onClose={close} />;
  if (sheet.kind === 'actions') return <ActionsSheet {...props} onClose={close} />;
  return <MessageSheet {...props} messageId={sheet.messageId} onClose={close} />;
}
