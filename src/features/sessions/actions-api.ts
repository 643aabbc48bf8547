/**
 * Session actions and what the session screen shows about a run beyond its transcript: the files
 * the run changed (`GET /session/{id}/diff`, kept live by `session-diff` events, merged with each
 * user message's `summary.diffs`), revert and unrevert, rename, delete, fork, share, the sessions it
 * started, and its token usage and cost. Queries and mutations only; the views are in
 * `session-sheets.tsx` and `session-view.tsx`.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { readFileChange, type FileChange, type Message, type Session } from '@/domain';
import {
  deleteSession,
  fetchSessionChildren,
  fetchSessionDiff,
  fetchShareEnabled,
  forkSession,
  hostKey,
  renameSession,
  revertSession,
  shareSession,
  unrevertSession,
  unshareSession,
  type PairedHost,
} from '@/host';
import { putCachedSession, sessionKeys, updateCachedSessions, type MessageWithParts } from './api';

/** Keys of this file's queries, under the host's sessions subtree. */
export const actionKeys = {
  diff: sessionKeys.diff,
  children: (hostId: string, sessionId: string) => [...sessionKeys.all(hostId), 'children', sessionId] as const,
  shareEnabled: (hostId: string) => [...hostKey(hostId), 'share-enabled'] as const,
};

/** The session-wide changed files (`GET /session/{id}/diff`); `session-diff` events replace it. */
export function sessionDiffQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: actionKeys.diff(host.id, sessionId),
    queryFn: () => fetchSessionDiff(host, sessionId),
  });
}

/** The sessions this one started (`GET /session/{id}/children`). */
export function childrenQuery(host: PairedHost, sessionId: string) {
  return queryOptions({
    queryKey: actionKeys.children(host.id, sessionId),
    queryFn: () => fetchSessionChildren(host, sessionId),
  });
}

/** Whether the host lets sessions be shared (`GET /config` `share`), asked once per host and page load. */
export function shareEnabledQuery(host: PairedHost) {
  return queryOptions({
    queryKey: actionKeys.shareEnabled(host.id),
    queryFn: () => fetchShareEnabled(host),
    staleTime: Infinity,
  });
}

/** The files one user message's turn changed, from its `summary.diffs` (OpenCode 1.18). */
export function messageChanges(info: Message): FileChange[] {
  if (info.role !== 'user') return [];
  const diffs: unknown = (info as { summary?: { diffs?: unknown } }).summary?.diffs;
  if (!Array.isArray(diffs)) return [];
  return diffs.map(readFileChange).filter((f): f is FileChange => f !== undefined);
}

/**
 * One list of changed files, one entry per path: counts summed, diffs one after the other, in
 * the order they came. Later status wins except that a file added and then modified stays added.
 */
export function mergeChanges(lists: FileChange[][]): FileChange[] {
  const byPath = new Map<string, FileChange>();
  for (const list of lists)
    for (const change of list) {
      const seen = byPath.get(change.path);
      if (!seen) {
        byPath.set(change.path, { ...change });
        continue;
      }
      seen.additions += change.additions;
      seen.deletions += change.deletions;
      seen.patch = [seen.patch, change.patch].filter(Boolean).join('\n');
      if (change.status && !(seen.status === 'added' && change.status === 'modified')) seen.status = change.status;
    }
  return [...byPath.values()];
}

/**
 * What the run changed: the host's session-wide diff when it names files, else the turns' own
 * diffs of the loaded messages (OpenCode 1.18.33 keeps the session-wide one empty). Messages from
 * `revertedFrom` on are left out: their changes were undone on disk.
 */
export function runChanges(
  messages: readonly MessageWithParts[],
  sessionDiff: FileChange[] | undefined,
  revertedFrom?: string,
): FileChange[] {
  if (sessionDiff && sessionDiff.length > 0) return sessionDiff;
  return mergeChanges(
    messages.filter((m) => !revertedFrom || m.info.id < revertedFrom).map((m) => messageChanges(m.info)),
  );
}

/** The files a revert to before `messageId` puts back: the changes of that message's turn and every later one. */
export function changesFrom(messages: readonly MessageWithParts[], messageId: string): FileChange[] {
  return mergeChanges(messages.filter((m) => m.info.id >= messageId).map((m) => messageChanges(m.info)));
}

/** Tokens and cost of a session, summed over its loaded assistant messages. */
export interface SessionUsage {
  /** Tokens read as input (not from the cache). */
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
  /** In the provider's currency units (USD for most); 0 for a free or local model. */
  cost: number;
  /**
   * The context the last answered turn used: its input, output, reasoning and cached tokens, with
   * the model that answered it (for its context limit). Undefined before any answer.
   */
  context?: { tokens: number; providerId: string; modelId: string };
}

/** The usage of the loaded messages (`info.tokens` and `info.cost` of each assistant message). */
export function sessionUsage(messages: readonly MessageWithParts[]): SessionUsage {
  const usage: SessionUsage = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
  for (const { info } of messages) {
    if (info.role !== 'assistant') continue;
    const t = info.tokens;
    usage.input += t?.input ?? 0;
    usage.output += t?.output ?? 0;
    usage.reasoning += t?.reasoning ?? 0;
    usage.cacheRead += t?.cache?.read ?? 0;
    usage.cacheWrite += t?.cache?.write ?? 0;
    usage.cost += typeof info.cost === 'number' ? info.cost : 0;
    const used =
      (t?.input ?? 0) + (t?.output ?? 0) + (t?.reasoning ?? 0) + (t?.cache?.read ?? 0) + (t?.cache?.write ?? 0);
    if (used > 0) usage.context = { tokens: used, providerId: info.providerID, modelId: info.modelID };
  }
  return usage;
}

/** Replaces one session in the cached list (a rename, a revert) so the list shows it at once. */
function putSession(queryClient: ReturnType<typeof useQueryClient>, hostId: string, session: Session): void {
  putCachedSession(queryClient, hostId, session);
}

/**
 * The mutations of one session's actions, each updating the caches the user sees: a rename and
 * a revert patch the session in the list; a delete drops it from the list (and `onDeleted` lets
 * the screen leave and the inbox forget its requests); a fork puts the new session in the list.
 */
export function useSessionActions(host: PairedHost, sessionId: string, onDeleted?: () => void) {
  const queryClient = useQueryClient();
  const base = [...sessionKeys.all(host.id), 'action', sessionId] as const;
  const settleRevert = (session: Session) => {
    putSession(queryClient, host.id, session);
    void queryClient.invalidateQueries({ queryKey: actionKeys.diff(host.id, sessionId) });
  };
  return {
    rename: useMutation({
      mutationKey: [...base, 'rename'],
      mutationFn: (title: string) => renameSession(host, sessionId, title),
      onSuccess: (session) => putSession(queryClient, host.id, session),
    }),
    remove: useMutation({
      mutationKey: [...base, 'delete'],
      mutationFn: () => deleteSession(host, sessionId),
      onSuccess: () => {
        updateCachedSessions(queryClient, host.id, (list) => list.filter((s) => s.id !== sessionId));
        queryClient.removeQueries({ queryKey: sessionKeys.messages(host.id, sessionId) });
        onDeleted?.();
      },
    }),
    revert: useMutation({
      mutationKey: [...base, 'revert'],
      mutationFn: ({ messageId, partId }: { messageId: string; partId?: string }) =>
        revertSession(host, sessionId, messageId, partId),
      onSuccess: settleRevert,
    }),
    unrevert: useMutation({
      mutationKey: [...base, 'unrevert'],
      mutationFn: () => unrevertSession(host, sessionId),
      onSuccess: settleRevert,
    }),
    fork: useMutation({
      mutationKey: [...base, 'fork'],
      mutationFn: (messageId?: string) => forkSession(host, sessionId, messageId),
      onSuccess: (session) =>
        updateCachedSessions(queryClient, host.id, (list) =>
          list.some((s) => s.id === session.id) ? list : [session, ...list],
        ),
    }),
    share: useMutation({
      mutationKey: [...base, 'share'],
      mutationFn: (on: boolean) => (on ? shareSession(host, sessionId) : unshareSession(host, sessionId)),
      onSuccess: (session) => putSession(queryClient, host.id, session),
    }),
  };
}

/** The mutations {@link useSessionActions} returns. */
export type SessionActions = ReturnType<typeof useSessionActions>;
