/**
 * One permission request: what is asked (type, patterns or command, the path, the diff), where it
 * comes from (session, tool call), and three answers. One tap sends exactly one reply: the buttons
 * lock while a reply is in flight, a failed reply stays visible with its reason and can be sent
 * again, and a request answered elsewhere disappears.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError, HostError, type PairedHost, type PermissionRequest } from '@/host';
import { approvalKeys, replyPermission, type PermissionReply } from './api';
import { useDecisionLog } from './decision-log';

const LABEL: Record<PermissionReply, string> = { once: 'Allow once', always: 'Allow always', reject: 'Reject' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** "edit approved.txt", "bash echo hi": the request in a few words, for the log and the card title. */
export function describePermission(request: PermissionRequest): string {
  const target = text(request.metadata.command) ?? request.patterns.join(', ');
  return `${request.permission}${target ? ` ${target}` : ''}`;
}

export function PermissionCard({ host, request, sessionTitle }: { host: PairedHost; request: PermissionRequest; sessionTitle?: string }) {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const [error, setError] = useState<string>();
  // Guards against a double tap landing before React re-renders the disabled buttons.
  const sending = useRef(false);

  const reply = useMutation({
    mutationFn: (answer: PermissionReply) => replyPermission(host, request.id, answer),
    onSettled: () => {
      sending.current = false;
    },
    onSuccess: (_data, answer) => {
      record({ time: Date.now(), hostId: host.id, hostName: host.name, sessionId: request.sessionID, requestId: request.id, request: describePermission(request), answer, outcome: 'sent' });
      queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), (list) => list?.filter((p) => p.id !== request.id));
    },
    onError: (err, answer) => {
      const gone = err instanceof HostError && err.code === 'not-found';
      record({
        time: Date.now(),
        hostId: host.id,
        hostName: host.name,
        sessionId: request.sessionID,
        requestId: request.id,
        request: describePermission(request),
        answer,
        outcome: gone ? 'answered-elsewhere' : 'failed',
        detail: describeError(err),
      });
      if (gone) queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), (list) => list?.filter((p) => p.id !== request.id));
      else setError(`Your answer “${LABEL[answer]}” was not delivered: ${describeError(err)}`);
    },
  });

  const answer = (value: PermissionReply) => {
    if (sending.current) return;
    sending.current = true;
    setError(undefined);
    reply.mutate(value);
  };

  const filepath = text(request.metadata.filepath);
  const diff = text(request.metadata.diff);
  const command = text(request.metadata.command);
  return (
    <article className="approval-card" aria-label={`Permission request: ${describePermission(request)}`} data-testid="permission-card">
      <header>
        <span className="approval-kind">{request.permission}</span>
        {sessionTitle ? <span className="approval-session">in {sessionTitle}</span> : null}
      </header>
      {command ? <pre className="approval-command">{command}</pre> : null}
      {!command && request.patterns.length > 0 ? <p className="approval-patterns">{request.patterns.join(', ')}</p> : null}
      {filepath ? <p className="approval-path">{filepath}</p> : null}
      {diff ? (
        <details className="approval-diff">
          <summary>Show change</summary>
          <pre>{diff}</pre>
        </details>
      ) : null}
      <p className="approval-scope">
        {request.tool ? `From tool call ${request.tool.callID}. ` : ''}
        “Allow always” also allows {request.always.length ? request.always.join(', ') : 'this'} for this project until the server restarts.
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="approval-actions">
        {(['once', 'always', 'reject'] as const).map((value) => (
          <button key={value} type="button" className={value === 'reject' ? 'danger' : value === 'always' ? 'secondary' : ''} disabled={reply.isPending} onClick={() => answer(value)}>
            {reply.isPending && reply.variables === value ? 'Sending…' : LABEL[value]}
          </button>
        ))}
      </div>
    </article>
  );
}
