/**
 * What a user can do to a whole session on an OpenCode host (directly or through an OpenWork
 * host's proxy): see the files it changed, revert it to before a message and back, rename, delete,
 * fork, share, and list the sessions it started. Each function is one SDK call, its answer read
 * without trusting its shape. Observed with opencode-ai 1.18.33: the session-wide
 * `GET /session/{id}/diff` (and the `session.diff` event) stayed empty after a run that wrote a
 * file, while the per-message diff (`?messageID=`, and each user message's `summary.diffs`) named
 * it; the reader of the session screen therefore merges both.
 */
import { readFileChange, readSession, type FileChange, type Session } from '@/domain';
import { isRecord } from '@/lib/guards';
import { opencodeFor } from './connections';
import { unwrap } from './sdk';
import { readList, unexpectedShape } from './shapes';
import type { PairedHost } from './types';

function sessionFrom(answer: unknown, what: string): Session {
  const session = readSession(answer);
  if (!session) throw unexpectedShape(what, 'a session with an id', answer, { afterWrite: true });
  return session;
}

/**
 * The files a session changed (`GET /session/{id}/diff`), or with `messageId` the files that one
 * user message's turn changed (`GET /session/{id}/diff?messageID=`).
 *
 * @throws {HostError} when the host cannot answer, or `bad-response` for an answer that is not a list.
 */
export async function fetchSessionDiff(host: PairedHost, sessionId: string, messageId?: string): Promise<FileChange[]> {
  const what = 'GET /session/{id}/diff';
  const answer = await unwrap(
    opencodeFor(host).session.diff({ sessionID: sessionId, ...(messageId ? { messageID: messageId } : {}) }),
    what,
  );
  return readList(answer, what, 'a list of changed files', readFileChange);
}

/**
 * Reverts a session to before `messageId` (`POST /session/{id}/revert`): the files its turns
 * changed are restored on the host's disk, and the session's `revert` names the point (until
 * {@link unrevertSession} or the next prompt). `partId` reverts from that part of the message on.
 *
 * @returns the session as the host now holds it (with `revert`).
 * @throws {HostError} when the host refuses (e.g. the session is running) or cannot answer.
 */
export async function revertSession(
  host: PairedHost,
  sessionId: string,
  messageId: string,
  partId?: string,
): Promise<Session> {
  const what = 'POST /session/{id}/revert';
  const answer = await unwrap(
    opencodeFor(host).session.revert({
      sessionID: sessionId,
      messageID: messageId,
      ...(partId ? { partID: partId } : {}),
    }),
    what,
  );
  return sessionFrom(answer, what);
}

/**
 * Undoes the session's last revert (`POST /session/{id}/unrevert`): the files come back as the
 * run left them.
 *
 * @throws {HostError} when the host refuses or cannot answer.
 */
export async function unrevertSession(host: PairedHost, sessionId: string): Promise<Session> {
  const what = 'POST /session/{id}/unrevert';
  return sessionFrom(await unwrap(opencodeFor(host).session.unrevert({ sessionID: sessionId }), what), what);
}

/**
 * Renames a session (`PATCH /session/{id}` `{title}`).
 *
 * @throws {HostError} when the host refuses or cannot answer.
 */
export async function renameSession(host: PairedHost, sessionId: string, title: string): Promise<Session> {
  const what = 'PATCH /session/{id}';
  return sessionFrom(await unwrap(opencodeFor(host).session.update({ sessionID: sessionId, title }), what), what);
}

/**
 * Deletes a session with its messages and history (`DELETE /session/{id}`). Cannot be undone.
 *
 * @throws {HostError} when the host refuses or cannot answer (a 404: it was already deleted).
 */
export async function deleteSession(host: PairedHost, sessionId: string): Promise<void> {
  await unwrap(opencodeFor(host).session.delete({ sessionID: sessionId }), 'DELETE /session/{id}');
}

/**
 * Starts a new session holding the messages of this one before `messageId`
 * (`POST /session/{id}/fork` `{messageID}`); without `messageId`, all of them.
 *
 * @returns the new session (OpenCode titles it "<title> (fork #n)").
 * @throws {HostError} when the host refuses or cannot answer.
 */
export async function forkSession(host: PairedHost, sessionId: string, messageId?: string): Promise<Session> {
  const what = 'POST /session/{id}/fork';
  const answer = await unwrap(
    opencodeFor(host).session.fork({ sessionID: sessionId, ...(messageId ? { messageID: messageId } : {}) }),
    what,
  );
  return sessionFrom(answer, what);
}

/**
 * Publishes a session at a public link (`POST /session/{id}/share`); the session's `share.url`
 * is the link. Anyone with it can read the conversation.
 *
 * @throws {HostError} when the host refuses (sharing disabled in its config answers a 5xx) or cannot answer.
 */
export async function shareSession(host: PairedHost, sessionId: string): Promise<Session> {
  const what = 'POST /session/{id}/share';
  return sessionFrom(await unwrap(opencodeFor(host).session.share({ sessionID: sessionId }), what), what);
}

/**
 * Removes a session's public link (`DELETE /session/{id}/share`).
 *
 * @throws {HostError} when the host refuses or cannot answer.
 */
export async function unshareSession(host: PairedHost, sessionId: string): Promise<Session> {
  const what = 'DELETE /session/{id}/share';
  return sessionFrom(await unwrap(opencodeFor(host).session.unshare({ sessionID: sessionId }), what), what);
}

/**
 * The sessions this one started (`GET /session/{id}/children`): subagents run by its `task` tool.
 *
 * @throws {HostError} when the host cannot answer, or `bad-response` for an answer that is not a list.
 */
export async function fetchSessionChildren(host: PairedHost, sessionId: string): Promise<Session[]> {
  const what = 'GET /session/{id}/children';
  return readList(
    await unwrap(opencodeFor(host).session.children({ sessionID: sessionId }), what),
    what,
    'a list of sessions',
    readSession,
  );
}

/**
 * Whether the host lets sessions be shared: OpenCode's config `share` is `"manual"` (the
 * default), `"auto"` or `"disabled"` (`GET /config`). False when it says `"disabled"`.
 *
 * @throws {HostError} when the host cannot answer.
 */
export async function fetchShareEnabled(host: PairedHost): Promise<boolean> {
  const answer: unknown = await unwrap(opencodeFor(host).config.get(), 'GET /config');
  return !(isRecord(answer) && answer.share === 'disabled');
}
