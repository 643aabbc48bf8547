/**
 * One reply to one pending request (a permission, a question or a host approval), sent at most
 * once per tap. Its state lives in react-query (see api.ts), not in the card:
 * - `answer` does nothing while a reply to the same request is in flight (a pending mutation under
 *   `approvalKeys.reply`, shared by the inbox's and the session screen's cards; it is pending from
 *   the moment `mutate` is called, so a double tap landing before React re-renders the disabled
 *   buttons is refused too), or once the request is settled (a double tap that a fast host answers
 *   in between);
 * - once sent, the request is marked settled (`markSettled`) and leaves its list, so a list fetched
 *   earlier or a replayed `*-asked` event cannot bring it back;
 * - a failed reply keeps the card with its reason (`error`, the failed mutation's), to be sent again;
 * - a request the host no longer has (404) leaves with a notice: answered elsewhere, or, when an
 *   earlier attempt timed out or lost the connection (a failed mutation still in the mutation
 *   cache), that earlier attempt arrived after all.
 * Every outcome is recorded in the decision log.
 *
 * The card is not removed optimistically on tap: while the reply is on its way it stays, locked
 * and saying "Sending…", so a failure has nothing to roll back and the card shows its reason.
 */
import {
  useIsMutating,
  useMutation,
  useQueryClient,
  type MutationKey,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { describeError, HostError, type PairedHost } from '@/host';
import { approvalKeys, isReplyInFlight, isSettled, markSettled } from './api';
import { useDecisionLog, type Decision } from './decision-log';
import { useApprovalNotices } from './notices';

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
  /** Sends `answer`, unless a reply to this request is already on its way or it is settled. */
  answer: (answer: A) => void;
  /** True while a reply sent from this card is on its way. */
  pending: boolean;
  /** The answer on its way, if any. */
  sending: A | undefined;
  /** True while any reply to this request is on its way (lock every button). */
  locked: boolean;
  /** Why the last reply from this card was not delivered, if it was not. */
  error: string | undefined;
}

/** The host no longer has the request: it was answered (or timed out) elsewhere. */
function isGone(error: unknown): boolean {
  return error instanceof HostError && error.code === 'not-found';
}

/** The reply may have reached the host although no answer came back. */
function mayHaveArrived(error: unknown): boolean {
  return error instanceof HostError && (error.code === 'timeout' || error.code === 'unreachable');
}

/**
 * The answer of the latest failed reply to this request that may still have reached the host,
 * from any card (the failed mutations under `mutationKey` stay in the mutation cache for its
 * gcTime after their card moved on). Wrapped, as an answer may itself be `null` ("Dismiss").
 */
function earlierUncertain<A>(queryClient: QueryClient, mutationKey: MutationKey): { answer: A } | undefined {
  const attempts = queryClient
    .getMutationCache()
    .findAll({ mutationKey, exact: true, status: 'error' })
    .filter((attempt) => mayHaveArrived(attempt.state.error))
    .sort((a, b) => a.state.submittedAt - b.state.submittedAt);
  const latest = attempts.at(-1);
  // The same key is only used by cards of the same request, which all send the same kind of answer.
  return latest ? { answer: latest.state.variables as A } : undefined;
}

/** Reply to one pending request exactly once (see the module comment). */
export function useReply<A>({ host, request, listKey, describe, label, logged, send }: ReplyTarget<A>): Reply<A> {
  const queryClient = useQueryClient();
  const record = useDecisionLog((state) => state.record);
  const notify = useApprovalNotices((state) => state.push);
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
  const settle = () => {
    markSettled(queryClient, host.id, request.id);
    queryClient.setQueryData<Array<{ id: string }>>(listKey, (list) => list?.filter((item) => item.id !== request.id));
  };

  const mutation = useMutation<unknown, Error, A>({
    mutationKey,
    mutationFn: send,
    // Runs while the mutation is still pending, so there is no moment where the request is
    // neither in flight nor settled.
    onSuccess: (_data, answer) => {
      record(decision(answer, 'sent'));
      settle();
    },
    onError: (err, answer) => {
      const gone = isGone(err);
      // This attempt is still pending here, so only earlier ones are found.
      const earlier = gone ? earlierUncertain<A>(queryClient, mutationKey) : undefined;
      if (earlier) {
        // The earlier attempt did arrive; its answer is the one the host took.
        record(decision(earlier.answer, 'sent', 'The first attempt reached the host after all.'));
        notify({
          hostId: host.id,
          sessionId: request.sessionID,
          text: `Your earlier answer “${label(earlier.answer)}” to ${describe} reached the host after all.`,
        });
        settle();
        return;
      }
      record(decision(answer, gone ? 'answered-elsewhere' : 'failed', describeError(err)));
      if (gone) {
        notify({
          hostId: host.id,
          sessionId: request.sessionID,
          text: `This request was already answered elsewhere: ${describe}. Your “${label(answer)}” was not needed.`,
        });
        settle();
      }
    },
  });

  return {
    answer: (answer) => {
      // Also refused once settled: a fast host can answer between the two taps of a double tap,
      // before React has removed the card.
      if (isReplyInFlight(queryClient, host.id, request.id) || isSettled(queryClient, host.id, request.id)) return;
      mutation.mutate(answer);
    },
    pending: mutation.isPending,
    sending: mutation.isPending ? mutation.variables : undefined,
    locked: mutation.isPending || lockedAnywhere,
    // A new tap starts a new mutation, which clears the reason; a 404 is no failure (the card leaves).
    error:
      mutation.isError && !isGone(mutation.error)
        ? `Your answer “${label(mutation.variables)}” was not delivered: ${describeError(mutation.error)}`
        : undefined,
  };
}
