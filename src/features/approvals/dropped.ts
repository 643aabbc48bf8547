/**
 * Watches what each re-sync of a host's pending lists (`GET /permission`, `GET /question`) changes:
 * - requests the host dropped without an answer are told to the user. OpenCode forgets its pending
 *   requests when it restarts, so after a reconnect the re-sync comes back without them, and their
 *   cards would otherwise just vanish;
 * - requests the list gained are handed on (to notify them): a request asked while the event
 *   stream was down or not yet connected reaches the app only through the re-sync, never as an
 *   event.
 *
 * Done by watching the query cache, not inside the queries' `queryFn` (which only fetch and
 * read): each list a fetch delivers is compared with the list it replaces.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { hashKey } from '@tanstack/react-query';
import { describePermission, describeQuestion, type PermissionRequest, type QuestionRequest } from '@/domain';
import { clip } from '@/lib/guards';
import { approvalKeys, isReplyInFlight, isSettled } from './api';
import { useApprovalNotices } from './notices';

/** A pending permission request or question, as the host's lists hold them. */
export type PendingRequest = PermissionRequest | QuestionRequest;

/** The request as the notice names it: `the request to edit notes.txt`, `the question "Database"`. */
function describeDropped(request: PendingRequest): string {
  return 'questions' in request
    ? `the question "${clip(describeQuestion(request).summary)}"`
    : `the request to ${clip(describePermission(request).short)}`;
}

/** What {@link watchRequestLists} reports besides dropped requests. */
export interface RequestListWatch {
  /**
   * Called once for each request a fetched list has that the list it replaced (held from an
   * earlier fetch or event) lacked. Not called for the first list of a host, for requests that
   * arrived as `*-asked` events (those patch the list before any fetch), nor for a request this
   * device already answered or is answering (a list fetched before the reply landed).
   */
  onArrived?: (request: PendingRequest) => void;
}

/**
 * Watches `hostId`'s permission and question lists in `queryClient` and pushes one notice
 * ("No longer waiting: … nothing was sent") per request that a fetched list no longer has
 * although nobody answered it: not settled on this device, no reply to it in flight, and not
 * removed by a `*-replied` event (which patches the list in place, so it is gone from the list the
 * fetch replaces already); and hands each request a fetched list gained to `onArrived`. Returns
 * the function that stops watching. Set up once per host, next to the host's event stream
 * (app/host-events.tsx), so each drop is told once however many screens show the lists.
 */
export function watchRequestLists(
  queryClient: QueryClient,
  hostId: string,
  { onArrived }: RequestListWatch = {},
): () => void {
  const watched = new Set([hashKey(approvalKeys.permissions(hostId)), hashKey(approvalKeys.questions(hostId))]);
  // The list each watched query held before its latest update: the "before" of the next fetch.
  const last = new Map<string, PendingRequest[] | undefined>();
  const current = (key: QueryKey) => queryClient.getQueryData<PendingRequest[]>(key);
  last.set(hashKey(approvalKeys.permissions(hostId)), current(approvalKeys.permissions(hostId)));
  last.set(hashKey(approvalKeys.questions(hostId)), current(approvalKeys.questions(hostId)));

  return queryClient.getQueryCache().subscribe((event) => {
    const hash = event.query.queryHash;
    if (!watched.has(hash)) return;
    if (event.type === 'removed') last.delete(hash);
    if (event.type === 'added') last.set(hash, event.query.state.data as PendingRequest[] | undefined);
    // The data changes only with an `updated` event. Other events (an observer's new result) can
    // arrive first with the new data already in place, so they must not move `last`.
    if (event.type !== 'updated') return;
    const before = last.get(hash);
    const after = event.query.state.data as PendingRequest[] | undefined;
    last.set(hash, after);
    // Only a fetch's result is compared: a `manual` update is an event or a reply patching the list.
    if (event.action.type !== 'success' || event.action.manual || !before || !after) return;
    if (onArrived) {
      const known = new Set(before.map((request) => request.id));
      for (const request of after)
        if (
          !known.has(request.id) &&
          !isSettled(queryClient, hostId, request.id) &&
          !isReplyInFlight(queryClient, hostId, request.id)
        )
          onArrived(request);
    }
    const still = new Set(after.map((request) => request.id));
    for (const request of before) {
      if (
        still.has(request.id) ||
        isSettled(queryClient, hostId, request.id) ||
        isReplyInFlight(queryClient, hostId, request.id)
      )
        continue;
      useApprovalNotices.getState().push({
        hostId,
        sessionId: request.sessionID,
        text: `No longer waiting: ${describeDropped(request)}. The host dropped it without an answer (OpenCode may have restarted, or the run stopped); nothing was sent. If the run still needs it, it will ask again.`,
      });
    }
  });
}
