/**
 * An MSW handler for `GET /session/:id/message` that pages like OpenCode 1.18: `limit=N` returns
 * the newest N messages (before `before=CURSOR` when given), oldest first, with
 * `X-Next-Cursor: CURSOR` and `Link: <…?limit=N&before=CURSOR>; rel="next"` while older messages
 * remain. The cursor is opaque (here: base64 of the first message's id, so it is not a message id);
 * `before` without `limit`, or a cursor it did not hand out, is a 400. Options make it a host that
 * ignores `limit`, hides the headers (a proxy that does not expose them), or sends only `Link`.
 */
import { http, HttpResponse } from 'msw';
import type { MessageWithParts } from '@/domain';
import { buildTextPart, buildUserMessage } from './transcript-builders';

export interface PagedTranscriptOptions {
  /** false: answer the whole transcript whatever `limit` says (an older host). Default true. */
  honourLimit?: boolean;
  /** Which paging headers to send: both (default), only `Link`, or none (hidden by a proxy). */
  headers?: 'both' | 'link' | 'none';
}

/** One request the handler answered: its `limit` and `before` (null when absent) and its status. */
export interface PagedRequest {
  limit: string | null;
  before: string | null;
  status: number;
}

/** `count` user messages `msg_0001`… with the text "Message 1"…, oldest first. */
export function numberedMessages(count: number, sessionID = 'ses_1'): MessageWithParts[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `msg_${String(i + 1).padStart(4, '0')}`;
    return {
      info: buildUserMessage({ id, sessionID, time: { created: 1_000 + i } }),
      parts: [buildTextPart({ id: `prt_${id}`, sessionID, messageID: id, text: `Message ${i + 1}` })],
    };
  });
}

const cursorFor = (id: string) => btoa(JSON.stringify({ id }));

/**
 * The handler for `${baseUrl}/session/${sessionId}/message`, answering from `transcript()` (a
 * function, so a test can grow the transcript between requests). `requests` lists what it was asked.
 */
export function pagedTranscript(
  baseUrl: string,
  sessionId: string,
  transcript: () => MessageWithParts[],
  options: PagedTranscriptOptions = {},
) {
  const { honourLimit = true, headers = 'both' } = options;
  const requests: PagedRequest[] = [];
  const handler = http.get(`${baseUrl}/session/${sessionId}/message`, ({ request }) => {
    const url = new URL(request.url);
    const limit = url.searchParams.get('limit');
    const before = url.searchParams.get('before');
    const all = transcript();
    const answer = (status: number, body: unknown, init: Record<string, string> = {}) => {
      requests.push({ limit, before, status });
      return HttpResponse.json(body as never, { status, headers: init });
    };
    if (!honourLimit || limit === null) {
      if (before !== null && limit === null) return answer(400, { _tag: 'BadRequest' });
      return answer(200, all);
    }
    let end = all.length;
    if (before !== null) {
      end = all.findIndex((m) => cursorFor(m.info.id) === before);
      if (end === -1) return answer(400, { _tag: 'BadRequest' });
    }
    const start = Math.max(0, end - Number(limit));
    const page = all.slice(start, end);
    if (start === 0 || headers === 'none') return answer(200, page);
    const cursor = cursorFor(all[start]!.info.id);
    const link = `<${baseUrl}/session/${sessionId}/message?limit=${limit}&before=${encodeURIComponent(cursor)}>; rel="next"`;
    return answer(200, page, headers === 'link' ? { link } : { link, 'x-next-cursor': cursor });
  });
  return { handler, requests };
}
