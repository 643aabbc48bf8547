/**
 * A session's transcript one page at a time (`GET /session/{id}/message?limit=N[&before=CURSOR]`).
 *
 * OpenCode (1.18 and later) answers `limit=N` with the newest N messages, oldest first, and names
 * the page before them in two response headers: `X-Next-Cursor: CURSOR` and
 * `Link: <…/message?limit=N&before=CURSOR>; rel="next"`. `before=` takes that opaque cursor, not a
 * message id. Neither header comes when no older message is left. An older server ignores `limit`
 * and sends the whole transcript; a proxy that does not expose the headers to the page hides the
 * cursor. Features never read HTTP headers: they get `{ messages, nextCursor }` from here.
 */
import { readMessage, type MessageWithParts } from '@/domain';
import { opencodeFor } from './connections';
import { unwrap } from './sdk';
import { readList } from './shapes';
import type { PairedHost } from './types';

/** A cursor longer than this (characters) is not a cursor: ignored, as if none was sent. */
const MAX_CURSOR_LENGTH = 4_096;

/** One answer of `GET /session/{id}/message`. */
export interface MessagePage {
  /** The messages, oldest first; entries the app cannot read are skipped (see `sent`). */
  messages: MessageWithParts[];
  /** How many entries the host sent, unreadable ones included: compare it with the `limit` asked for. */
  sent: number;
  /**
   * The cursor of the page before this one (`before=` of the next request), or undefined when the
   * host named none: no older messages, a host that does not page, or a proxy that hides the header.
   */
  nextCursor: string | undefined;
}

/** What to ask for: no `limit` asks for the whole transcript; `before` needs a `limit`. */
export interface MessagePageRequest {
  /** The most messages to return (the newest ones before `before`). */
  limit?: number;
  /** A cursor from {@link MessagePage.nextCursor}. */
  before?: string;
}

function usableCursor(value: string | null | undefined): string | undefined {
  const cursor = value?.trim();
  return cursor && cursor.length <= MAX_CURSOR_LENGTH ? cursor : undefined;
}

/**
 * The older page's cursor from a response's headers: `X-Next-Cursor`, else the `before` parameter
 * of the `Link` target with `rel="next"`. The Link target itself is never requested: it may name
 * another origin (a proxy's upstream), and the cursor is all the app needs.
 */
export function nextCursorOf(headers: Headers): string | undefined {
  const direct = usableCursor(headers.get('x-next-cursor'));
  if (direct) return direct;
  const link = headers.get('link');
  if (!link) return undefined;
  for (const entry of link.split(',')) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(entry);
    if (!match || !/;\s*rel="?next"?(\s|;|$)/i.test(match[2] ?? '')) continue;
    try {
      return usableCursor(new URL(match[1] ?? '', 'http://link.invalid/').searchParams.get('before'));
    } catch (error) {
      // A target that is not a URL carries no cursor; the page is still good.
      if (!(error instanceof TypeError)) throw error;
      return undefined;
    }
  }
  return undefined;
}

/**
 * Fetches one page of a session's transcript (`GET /session/{id}/message`, with `limit` and
 * `before` when given).
 *
 * @throws {HostError} as {@link unwrap} does (a cursor the host no longer accepts is a 400
 *   `BadRequest`), or `bad-response` when the answer is not a list.
 */
export async function fetchMessagePage(
  host: PairedHost,
  sessionId: string,
  request: MessagePageRequest = {},
): Promise<MessagePage> {
  const what = 'GET /session/{id}/message';
  const call = opencodeFor(host).session.messages({
    sessionID: sessionId,
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.before !== undefined ? { before: request.before } : {}),
  });
  // unwrap reads data and errors; the headers come from the same answer.
  let response: Response | undefined;
  const data = await unwrap(
    call.then((result) => {
      response = result.response;
      return result;
    }),
    what,
  );
  const messages = readList(data, what, 'a list of messages', readMessage);
  return {
    messages,
    sent: Array.isArray(data) ? data.length : 0,
    nextCursor: response ? nextCursorOf(response.headers) : undefined,
  };
}
