/**
 * The subagent sessions a session started: OpenCode's `task` tool runs a subagent in a child
 * session and names it in the tool part's `state.metadata.sessionId` (observed with opencode-ai
 * 1.18.33, next to `parentSessionId`). Requests a subagent makes carry the child's session id, so
 * the parent's screen needs these ids to show them inline instead of leaving the run to look hung.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { PairedHost } from '@/host';
import { messagesQuery, type MessageWithParts } from './api';

/** Child session id → a label for it ("subagent: Write the tests"), from `task` tool parts. */
export function subagentsOf(messages: MessageWithParts[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.type !== 'tool' || part.tool !== 'task' || part.state.status === 'pending') continue;
      const child = part.state.metadata?.sessionId;
      if (typeof child !== 'string' || !child) continue;
      const description = part.state.input.description;
      found[child] = typeof description === 'string' && description ? `subagent: ${description}` : 'a subagent';
    }
  }
  return found;
}

const NONE: Record<string, string> = {};

/** The subagents of `sessionId`, from its transcript in the cache (loaded by the session screen). */
export function useSubagents(host: PairedHost, sessionId: string): Record<string, string> {
  const select = useCallback((messages: MessageWithParts[]) => subagentsOf(messages), []);
  const { data } = useQuery({ ...messagesQuery(host, sessionId), select });
  return data ?? NONE;
}
