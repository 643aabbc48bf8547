/**
 * The pending-request inbox as pure reducers over typed host events: `permission-asked` adds (once
 * per id), `permission-replied` removes; `question-asked` adds, `question-settled` removes.
 */
import type { HostEvent, PermissionRequest, QuestionRequest } from '@/domain';
import type { HostApproval, PairedHost, StreamStatus } from '@/host';

/** The permission inbox after one event; returns the same array when nothing changed. */
export function reducePermissions(state: PermissionRequest[], event: HostEvent): PermissionRequest[] {
  if (event.kind === 'permission-asked') {
    const { request } = event;
    return state.some((p) => p.id === request.id) ? state : [...state, request];
  }
  if (event.kind === 'permission-replied') {
    const id = event.requestId;
    return state.some((p) => p.id === id) ? state.filter((p) => p.id !== id) : state;
  }
  return state;
}

/** The question inbox after one event; returns the same array when nothing changed. */
export function reduceQuestions(state: QuestionRequest[], event: HostEvent): QuestionRequest[] {
  if (event.kind === 'question-asked') {
    const { request } = event;
    return state.some((q) => q.id === request.id) ? state : [...state, request];
  }
  if (event.kind === 'question-settled') {
    const id = event.requestId;
    return state.some((q) => q.id === id) ? state.filter((q) => q.id !== id) : state;
  }
  return state;
}

/** Pending permissions and questions counted per session id. */
export function countBySession(permissions: PermissionRequest[], questions: QuestionRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of [...permissions, ...questions])
    counts[request.sessionID] = (counts[request.sessionID] ?? 0) + 1;
  return counts;
}

/** What waits on one paired host: its lists as the inbox queries hold them. */
export interface HostPending {
  host: PairedHost;
  permissions: PermissionRequest[];
  questions: QuestionRequest[];
  /** Owner mode only; empty otherwise. */
  hostApprovals: HostApproval[];
}

/** One card of the inbox: a request, the host it waits on, and when it arrived (epoch ms, 0 unknown). */
export type InboxEntry =
  | { kind: 'permission'; host: PairedHost; request: PermissionRequest; at: number }
  | { kind: 'question'; host: PairedHost; request: QuestionRequest; at: number }
  | { kind: 'host-approval'; host: PairedHost; request: HostApproval; at: number };

/**
 * Every host's pending requests as one list, newest first. A permission or question is dated by
 * when this device first saw it (`seenAt`, see seen.ts; unknown sorts last), a host approval by
 * its `createdAt`. Ties keep a stable order: the larger id first (OpenCode's ids ascend in time on
 * one host), then the host id.
 */
export function mergeInbox(
  sources: readonly HostPending[],
  seenAt: (hostId: string, requestId: string) => number | undefined,
): InboxEntry[] {
  const entries: InboxEntry[] = [];
  for (const { host, permissions, questions, hostApprovals } of sources) {
    for (const request of permissions)
      entries.push({ kind: 'permission', host, request, at: seenAt(host.id, request.id) ?? 0 });
    for (const request of questions)
      entries.push({ kind: 'question', host, request, at: seenAt(host.id, request.id) ?? 0 });
    for (const request of hostApprovals) entries.push({ kind: 'host-approval', host, request, at: request.createdAt });
  }
  return entries.sort(
    (a, b) =>
      b.at - a.at ||
      (a.request.id < b.request.id ? 1 : a.request.id > b.request.id ? -1 : 0) ||
      (a.host.id < b.host.id ? -1 : a.host.id > b.host.id ? 1 : 0),
  );
}

/** How many requests wait per host id, from {@link mergeInbox}'s entries. */
export function countByHost(entries: readonly InboxEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.host.id] = (counts[entry.host.id] ?? 0) + 1;
  return counts;
}

/**
 * The one line the inbox shows for a host whose event stream is down, or undefined while it is
 * live (or still opening for the first time). Its cards stay on screen; this line says they may
 * be stale until the stream is back and the host's lists are fetched again.
 */
export function streamDownLine(hostName: string, status: StreamStatus): string | undefined {
  switch (status.state) {
    case 'reconnecting':
      return `${hostName}: reconnecting — its requests may be out of date`;
    case 'offline':
      return `${hostName}: offline — its requests may be out of date`;
    case 'error':
      return `${hostName}: cannot connect (${status.reason}) — its requests may be out of date`;
    default:
      return undefined;
  }
}
