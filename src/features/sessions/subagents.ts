/**
 * The subagent sessions a session started: OpenCode's `task` tool runs a subagent in a child
 * session and names it in the tool part's `state.metadata.sessionId` (observed with opencode-ai
 * 1.18.33, next to `parentSessionId`). Requests a subagent makes carry the child's session id, so
 * the parent's screen needs these ids to show them inline instead of leaving the run to look hung.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { readSession } from '@/domain';
import { opencodeFor, unwrap, type PairedHost } from '@/host';
import { messagesQuery, sessionKeys, sessionListQuery, type MessageWithParts, type TranscriptWindow } from './api';

/** Per message object: the cache replaces only the messages that changed, so a streaming frame rescans one. */
const byMessage = new WeakMap<MessageWithParts, Array<[string, string]>>();

function subagentsIn(message: MessageWithParts): Array<[string, string]> {
  let found = byMessage.get(message);
  if (found) return found;
  found = [];
  for (const part of message.parts) {
    if (part.type !== 'tool' || part.tool !== 'task' || part.state.status === 'pending') continue;
    const child = part.state.metadata?.sessionId;
    if (typeof child !== 'string' || !child) continue;
    const description = part.state.input.description;
    found.push([child, typeof description === 'string' && description ? `subagent: ${description}` : 'a subagent']);
  }
  byMessage.set(message, found);
  return found;
}

/** Child session id → a label for it ("subagent: Write the tests"), from `task` tool parts. */
export function subagentsOf(messages: MessageWithParts[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const message of messages) for (const [child, label] of subagentsIn(message)) found[child] = label;
  return found;
}

const NONE: Record<string, string> = {};

/**
 * The subagents of `sessionId`, from the loaded part of its transcript in the cache (loaded by the
 * session screen: the newest page, and older pages as the reader scrolls up). A running subagent
 * was started by a recent message, so it is in the newest page.
 */
export function useSubagents(host: PairedHost, sessionId: string): Record<string, string> {
  const select = useCallback((loaded: TranscriptWindow) => subagentsOf(loaded.messages), []);
  const { data } = useQuery({ ...messagesQuery(host, sessionId), select });
  return data ?? NONE;
}

/** A subagent's subagent is followed up this many levels at most. */
const MAX_DEPTH = 4;

/**
 * The root session of each of `sessionIds`: itself when it is in the session list (which holds
 * root sessions), else found by following `parentID` (`GET /session/{id}`, remembered, since a
 * session's parent never changes). While that is unknown, or when it cannot be read, an id maps
 * to itself. Used to count a subagent's requests on the session that started it.
 */
export function useSessionRoots(host: PairedHost, sessionIds: readonly string[]): Record<string, string> {
  const queryClient = useQueryClient();
  const list = useQuery(sessionListQuery(host));
  const known = useMemo(() => new Set((list.data ?? []).map((s) => s.id)), [list.data]);
  const unknown = list.data ? sessionIds.filter((id) => !known.has(id)).sort() : [];
  const rootOf = async (id: string): Promise<string> => {
    let current = id;
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      const session = readSession(
        await unwrap(opencodeFor(host).session.get({ sessionID: current }), 'GET /session/{id}'),
      );
      if (!session?.parentID) return current;
      current = session.parentID;
      // A parent in the session list is a root: no need to ask about it.
      if (known.has(current)) return current;
    }
    return current;
  };
  // One query for the set (each id's answer is remembered under its own key, so a new id in the
  // set costs one lookup); a lookup that fails leaves that id as its own root.
  const roots = useQuery({
    queryKey: [...sessionKeys.all(host.id), 'roots', unknown],
    queryFn: () =>
      Promise.all(
        unknown.map((id) =>
          queryClient
            .fetchQuery({
              queryKey: sessionKeys.root(host.id, id),
              queryFn: () => rootOf(id),
              staleTime: Infinity,
              retry: false,
            })
            .catch(() => id),
        ),
      ),
    enabled: unknown.length > 0,
    staleTime: Infinity,
    retry: false,
  });
  const result: Record<string, string> = {};
  for (const id of sessionIds) result[id] = id;
  unknown.forEach((id, index) => {
    const root = roots.data?.[index];
    if (root) result[id] = root;
  });
  return result;
}
