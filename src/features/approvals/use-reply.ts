/**
 * One reply to one pending request (a permission or a question), sent at most once per tap:
 * - `answer` does nothing while a reply to the same request is in flight, on this card or on any
 *   other card for it (the inbox and the session screen share the mutation key), before React
 *   has re-rendered the disabled buttons after a first tap, or after the request was settled
 *   (a double tap that a fast host answers in between);
 * - once sent, the request is marked settled (replied.ts) and leaves its list, so a list fetched
 *   earlier or a replayed `*.asked` event cannot bring it back;
 * - a failed reply keeps the card with its reason (`error`), to be sent again;
 * - a request the host no longer has (404) leaves with a notice: answered elsewhere, or, when an
 *   earlier attempt timed out or lost the connection, that earlier attempt arrived after all.
 * Every outcome is recorded in the decision log.
 */
import { useIsMutating, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError, HostError, type PairedHost } from '@/host';
import { approvalKeys } from './api';
import { useDecisionLog, type Decision } from './decision-log';
import { useApprovalNotices } from './notices';
import { markReplied, wasReplied } from './replied';

/** What the hook needs to know about the request and how to answer it. */
export interface ReplyTarget<A> {
  host: PairedHost;
  request: { id: string; sessionID: string };
  /** The query holding the request's list (`approvalKeys.permissions` / `.questions`). */
  listKey: QueryKey;
  /** The request in a few words, for the log and notices: "edit notes.txt", "question Pick one". */
  describe: string;
  /** The answer as the user chose it ("Allow once", "Dismiss", "A, B"), for messages. */
  label: (answer: A) => string;
  /** The answer as the decision log keeps it ("once", "dismissed", "A, B"). */
  logged: (answer: A) => string;
  /** Sends it. @throws {HostError} `not-found` when the host no longer has the request. */
  send: (answer: A) => Promise<unknown>;
}

/** The state of the reply, for the card's buttons. */
export interface Reply<A> {
  /** Sends `answer`, unless a reply to this request is already on its way. */
  answer: (answer: A) => void;
  /** True while a reply sent from this card is on its way. */
  pending: boolean;
  /** The answer on its way, if any. */
  sending: A | undefined;
  /** True while any reply to this request is on its way (lock every button). */
  locked: boolean;
  /** Why the last reply was not delivered, if it was not. */
  error: string | undefined;
}

/** Reply to one pending request exactly once (see the module comment). */
export function useReply<A>({ host, request, listKey, describe, label, logged, send }: ReplyTarget<A>): Reply<A> {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const notify = useApprovalNotices((state) => state.push);
  const [error, setError] = useState<string>();
  // Guards against a double tap landing before React re-renders the disabled buttons.
  const inFlight = useRef(false);
  // A reply that timed out or lost the connection may still have reached the host.
  const uncertain = useRef<{ answer: A } | undefined>(undefined);
  const mutationKey = approvalKeys.reply(host.id, request.id);
  const lockedAnywhere = useIsMutating({ mutationKey }) > 0;

  const decision = (answer: A, outcome: Decision['outcome'], detail?: string): Decision => ({
    time: Date.now(),
    hostId: host.id,
    hostName: host.name,
    sessionId: request.sessionID,
    requestId: request.id,
    request: describe,
    answer: logged(answer),
    outcome,
    ...(detail ? { detail } : {}),
  });
  const remove = () => {
    markReplied(host.id, request.id);
    queryClient.setQueryData<Array<{ id: string }>>(listKey, (list) => list?.filter((item) => item.id !== request.id));
  };

  const mutation = useMutation({
    mutationKey,
    mutationFn: send,
    onSettled: () => {
      inFlight.current = false;
    },
    onSuccess: (_data, answer) => {
      uncertain.current = undefined;
      record(decision(answer, 'sent'));
      remove();
    },
    onError: (err, answer) => {
      const gone = err instanceof HostError && err.code === 'not-found';
      const earlier = uncertain.current;
      if (gone && earlier) {
        // The earlier attempt did arrive; its answer is the one the host took.
        record(decision(earlier.answer, 'sent', 'The first attempt reached the host after all.'));
        notify({ hostId: host.id, sessionId: request.sessionID, text: `Your earlier answer “${label(earlier.answer)}” to ${describe} reached the host after all.` });
        remove();
        return;
      }
      if (err instanceof HostError && (err.code === 'timeout' || err.code === 'unreachable')) uncertain.current = { answer };
      record(decision(answer, gone ? 'answered-elsewhere' : 'failed', describeError(err)));
      if (gone) {
        notify({ hostId: host.id, sessionId: request.sessionID, text: `This request was already answered elsewhere: ${describe}. Your “${label(answer)}” was not needed.` });
        remove();
      } else setError(`Your answer “${label(answer)}” was not delivered: ${describeError(err)}`);
    },
  });

  return {
    answer: (answer) => {
      // Also refused once settled: a fast host can answer between the two taps of a double tap,
      // before React has removed the card.
      if (inFlight.current || queryClient.isMutating({ mutationKey }) > 0 || wasReplied(host.id, request.id)) return;
      inFlight.current = true;
      setError(undefined);
      mutation.mutate(answer);
    },
    pending: mutation.isPending,
    sending: mutation.isPending ? mutation.variables : undefined,
    locked: mutation.isPending || lockedAnywhere,
    error,
  };
}
