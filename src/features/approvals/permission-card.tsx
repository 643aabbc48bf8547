/**
 * One permission request: what is asked (type, patterns or command, the path, the diff), where it
 * comes from (session, tool call), and three answers. One tap sends exactly one reply:
 * - the buttons lock while a reply is in flight, on this card and on any other card for the same
 *   request (the inbox and the session screen), and stay locked across a remount;
 * - once answered, the request stays gone even if a list fetched earlier (a re-sync after a
 *   reconnect) or a replayed event still has it (see replied.ts);
 * - a failed reply stays visible with its reason and can be sent again;
 * - a request answered elsewhere (404) disappears with a notice saying so.
 */
import { useIsMutating, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError, HostError, type PairedHost, type PermissionRequest } from '@/host';
import { approvalKeys, replyPermission, type PermissionReply } from './api';
import { useDecisionLog, type Decision } from './decision-log';
import { useApprovalNotices } from './notices';
import { markReplied } from './replied';

const LABEL: Record<PermissionReply, string> = { once: 'Allow once', always: 'Allow always', reject: 'Reject' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** "edit approved.txt", "bash echo hi": the request in a few words, for the log and the card title. */
export function describePermission(request: PermissionRequest): string {
  const target = text(request.metadata.command) ?? request.patterns.join(', ');
  return `${request.permission}${target ? ` ${target}` : ''}`;
}

/** A decision-log entry for an answer to `request`, stamped now. */
function decision(host: PairedHost, request: PermissionRequest, answer: PermissionReply, outcome: Decision['outcome'], detail?: string): Decision {
  return { time: Date.now(), hostId: host.id, hostName: host.name, sessionId: request.sessionID, requestId: request.id, request: describePermission(request), answer, outcome, ...(detail ? { detail } : {}) };
}

export function PermissionCard({ host, request, sessionTitle }: { host: PairedHost; request: PermissionRequest; sessionTitle?: string }) {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const notify = useApprovalNotices((state) => state.push);
  const [error, setError] = useState<string>();
  // Guards against a double tap landing before React re-renders the disabled buttons.
  const sending = useRef(false);
  // A reply that timed out or lost the connection may still have reached the host.
  const uncertain = useRef<PermissionReply | undefined>(undefined);
  const mutationKey = approvalKeys.reply(host.id, request.id);
  const inFlightAnywhere = useIsMutating({ mutationKey }) > 0;
  const remove = () => {
    markReplied(host.id, request.id);
    queryClient.setQueryData<PermissionRequest[]>(approvalKeys.permissions(host.id), (list) => list?.filter((p) => p.id !== request.id));
  };

  const reply = useMutation({
    mutationKey,
    mutationFn: (answer: PermissionReply) => replyPermission(host, request.id, answer),
    onSettled: () => {
      sending.current = false;
    },
    onSuccess: (_data, answer) => {
      uncertain.current = undefined;
      record(decision(host, request, answer, 'sent'));
      remove();
    },
    onError: (err, answer) => {
      const gone = err instanceof HostError && err.code === 'not-found';
      const earlier = uncertain.current;
      if (gone && earlier) {
        // The earlier attempt did arrive; its answer is the one the host took.
        record(decision(host, request, earlier, 'sent', 'The first attempt reached the host after all.'));
        notify({ hostId: host.id, sessionId: request.sessionID, text: `Your earlier answer “${LABEL[earlier]}” to ${describePermission(request)} reached the host after all.` });
        remove();
        return;
      }
      if (err instanceof HostError && (err.code === 'timeout' || err.code === 'unreachable')) uncertain.current = answer;
      record(decision(host, request, answer, gone ? 'answered-elsewhere' : 'failed', describeError(err)));
      if (gone) {
        notify({ hostId: host.id, sessionId: request.sessionID, text: `This request was already answered elsewhere: ${describePermission(request)}. Your “${LABEL[answer]}” was not needed.` });
        remove();
      } else setError(`Your answer “${LABEL[answer]}” was not delivered: ${describeError(err)}`);
    },
  });

  const answer = (value: PermissionReply) => {
    if (sending.current || queryClient.isMutating({ mutationKey }) > 0) return;
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
          <button key={value} type="button" className={value === 'reject' ? 'danger' : value === 'always' ? 'secondary' : ''} disabled={reply.isPending || inFlightAnywhere} onClick={() => answer(value)}>
            {reply.isPending && reply.variables === value ? 'Sending…' : LABEL[value]}
          </button>
        ))}
      </div>
    </article>
  );
}
