/**
 * What happens on a host, as the app's features see it: one discriminated union, decoded once from
 * each wire format by an adapter in `src/host` (today OpenCode's `GET /event` frames, see
 * `host/opencode-events.ts`). Features switch on `kind` and read typed fields; none of them sees
 * an event-type string of a wire format or a raw `properties` object.
 *
 * Ids are OpenCode's (`ses_…`, `msg_…`, `prt_…`, `per_…`, `que_…`). Times are epoch ms.
 */
import type { Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus, Todo } from './model';

/** A run's failure as a host reports it (OpenCode `session.error`'s `error`). */
export interface RunError {
  /** The error's name, e.g. `ProviderAuthError`, `MessageAbortedError` (the user's own stop). */
  name: string;
  /** The host's message, when it sent one. */
  message?: string;
}

/**
 * One file a session changed, as OpenCode's `session.diff` event and `GET /session/{id}/diff` carry
 * it: the workspace-relative path, the line counts and the unified diff of the file.
 */
export interface FileChange {
  /** Workspace-relative path, e.g. `src/app.ts`. */
  path: string;
  /** `added`, `deleted` or `modified`; absent when the host did not say. */
  status?: 'added' | 'deleted' | 'modified';
  /** Lines added. */
  additions: number;
  /** Lines removed. */
  deletions: number;
  /** The unified diff of this file (may be empty when the host sent none). */
  patch: string;
}

/** Why an OpenWork host reloaded its engine (the `reason` of its reload-event feed). */
export type WorkspaceReloadReason = 'plugins' | 'skills' | 'mcp' | 'config' | 'agents' | 'commands';

/** Every event the app understands. */
export type HostEvent =
  /** The stream is open (OpenCode sends this first). */
  | { kind: 'connected' }
  /** The stream is alive (OpenCode: every 10 s; through an OpenWork proxy: 15 s). */
  | { kind: 'heartbeat' }
  /** A session was created or changed (title, time, parent). */
  | { kind: 'session-updated'; session: Session; created: boolean }
  | { kind: 'session-deleted'; sessionId: string }
  /** Busy, idle or retrying. */
  | { kind: 'session-status'; sessionId: string; status: SessionStatus }
  /** A run ended (the session went idle). */
  | { kind: 'session-idle'; sessionId: string }
  /** A run failed; `sessionId` is absent for a failure outside any session. */
  | { kind: 'session-error'; sessionId?: string; error?: RunError }
  /** A message's info arrived or changed (role, time, error, tokens). */
  | { kind: 'message-updated'; message: Message }
  | { kind: 'message-removed'; sessionId: string; messageId: string }
  /** A part arrived or changed as a whole (text at its end, a tool call's new state). */
  | { kind: 'part-updated'; part: Part }
  | { kind: 'part-removed'; sessionId: string; messageId: string; partId: string }
  /** Streamed text: `delta` is appended to the part's `field` (OpenCode sends only `text`). */
  | { kind: 'part-delta'; sessionId: string; messageId: string; partId: string; field: string; delta: string }
  /** The agent asks for permission; the request is repaired by `readPermission`. */
  | { kind: 'permission-asked'; request: PermissionRequest }
  /** A permission request was answered (here or anywhere else). */
  | { kind: 'permission-replied'; sessionId?: string; requestId: string; reply?: 'once' | 'always' | 'reject' }
  | { kind: 'question-asked'; request: QuestionRequest }
  /** A question was answered (`rejected: false`) or dismissed (`rejected: true`). */
  | { kind: 'question-settled'; sessionId?: string; requestId: string; rejected: boolean }
  /** The whole list of files a session changed so far (OpenCode `session.diff`). */
  | { kind: 'session-diff'; sessionId: string; files: FileChange[] }
  /** A session's whole todo list. */
  | { kind: 'todos-updated'; sessionId: string; todos: Todo[] }
  /** An OpenWork host reloaded a workspace's engine after a change (its reload-event feed). */
  | { kind: 'workspace-reloaded'; workspaceId: string; reason: WorkspaceReloadReason; at: number }
  /**
   * A frame the app does not use or could not read. `type` is the wire format's own name when the
   * frame had one. `malformed` is true for a frame that was not what its format promises (not JSON,
   * no type, a known type without its required fields); false for a well-formed frame of a type
   * the app has no use for (e.g. `file.watcher.updated`). Counted per host, never thrown.
   */
  | { kind: 'unknown'; type?: string; malformed: boolean };

/** The `kind` of a {@link HostEvent}. */
export type HostEventKind = HostEvent['kind'];

/** The event of one kind, e.g. `EventOf<'part-delta'>`. */
export type EventOf<K extends HostEventKind> = Extract<HostEvent, { kind: K }>;

/** The request an event settles (`permission-replied`, `question-settled`), if it settles one. */
export function settledRequestId(event: HostEvent): string | undefined {
  return event.kind === 'permission-replied' || event.kind === 'question-settled' ? event.requestId : undefined;
}
