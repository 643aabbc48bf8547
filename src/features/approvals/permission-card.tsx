/**
 * One permission request: what is asked (type, patterns or command, the path, the diff), where it
 * comes from (session, tool call), and three answers. One tap sends exactly one reply (use-reply.ts):
 * the buttons lock while a reply is in flight here or on another card for the same request, a
 * failed reply stays with its reason, and a request answered elsewhere leaves with a notice.
 */
import type { ReactNode } from 'react';
import { describePermission, type PermissionRequest } from '@/domain';
import type { PairedHost } from '@/host';
import { nonEmptyString } from '@/lib/guards';
import { approvalKeys, replyPermission, type PermissionReply } from './api';
import { useReply } from './use-reply';

const LABEL: Record<PermissionReply, string> = { once: 'Allow once', always: 'Allow always', reject: 'Reject' };

export function PermissionCard({
  host,
  request,
  sessionTitle,
  origin,
}: {
  host: PairedHost;
  request: PermissionRequest;
  sessionTitle?: string;
  /** Where the request comes from (host, workspace, session), shown instead of `sessionTitle` (the inbox). */
  origin?: ReactNode;
}) {
  // "edit approved.txt", "bash echo hi": the request in a few words, for the log and the card title.
  const described = describePermission(request).short;
  const reply = useReply<PermissionReply>({
    host,
    request,
    listKey: approvalKeys.permissions(host.id),
    describe: described,
    label: (answer) => LABEL[answer],
    logged: (answer) => answer,
    send: (answer) => replyPermission(host, request.id, answer),
  });

  const filepath = nonEmptyString(request.metadata.filepath);
  const diff = nonEmptyString(request.metadata.diff);
  const command = nonEmptyString(request.metadata.command);
  return (
    <article className="approval-card" aria-label={`Permission request: ${described}`} data-testid="permission-card">
      <header>
        <span className="approval-kind">{request.permission}</span>
        {origin ?? (sessionTitle ? <span className="approval-session">in {sessionTitle}</span> : null)}
      </header>
      {command ? <pre className="approval-command">{command}</pre> : null}
      {!command && request.patterns.length > 0 ? (
        <p className="approval-patterns">{request.patterns.join(', ')}</p>
      ) : null}
      {filepath ? <p className="approval-path">{filepath}</p> : null}
      {diff ? (
        <details className="approval-diff">
          <summary>Show change</summary>
          <pre>{diff}</pre>
        </details>
      ) : null}
      <p className="approval-scope">
        {request.tool ? `From tool call ${request.tool.callID}. ` : ''}
        “Allow always” also allows {request.always.length ? request.always.join(', ') : 'this'} for this project until
        the server restarts.
      </p>
      {reply.error ? (
        <p className="error" role="alert">
          {reply.error}
        </p>
      ) : null}
      <div className="approval-actions">
        {(['once', 'always', 'reject'] as const).map((value) => (
          <button
            key={value}
            type="button"
            className={value === 'reject' ? 'danger' : value === 'always' ? 'secondary' : ''}
            disabled={reply.locked}
            onClick={() => reply.answer(value)}
          >
            {reply.sending === value ? 'Sending…' : LABEL[value]}
          </button>
        ))}
      </div>
    </article>
  );
}
