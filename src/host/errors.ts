/**
 * Typed errors of the host boundary. The transport never shows toasts or navigates: it throws a
 * {@link HostError} and the UI decides how to say it. Every error carries the failing check and
 * the next step the user can take (Predictable > Clever).
 */
import { clip as clipLine, isRecord } from '@/lib/guards';

/** What went wrong, as a stable code the UI and tests can switch on. */
export type HostErrorCode =
  | 'invalid-url'
  | 'mixed-content'
  | 'unreachable'
  | 'timeout'
  | 'cors'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'not-a-host'
  | 'unsupported-version'
  | 'bad-response'
  | 'server-error'
  | 'rate-limited'
  | 'aborted';

/**
 * An error from talking to a host.
 *
 * - `code`: the class of failure ({@link HostErrorCode}).
 * - `message`: what failed, in one sentence, naming the check (e.g. "GET /workspaces answered 401").
 * - `nextStep`: what the user can do about it.
 * - `status`: the HTTP status when there was a response.
 * - `body`: the parsed error body when the host sent one (OpenWork `{code, message, details}` or an
 *   OpenCode named error), for callers that need a field from it.
 */
export class HostError extends Error {
  readonly code: HostErrorCode;
  readonly nextStep: string;
  readonly status: number | undefined;
  readonly body: unknown;

  constructor(
    code: HostErrorCode,
    message: string,
    nextStep: string,
    options: { status?: number; body?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HostError';
    this.code = code;
    this.nextStep = nextStep;
    this.status = options.status;
    this.body = options.body;
  }
}

/** True for errors that retrying the same request cannot fix (4xx answers). */
export function isClientError(error: unknown): boolean {
  return error instanceof HostError && error.status !== undefined && error.status >= 400 && error.status < 500;
}

/** A short message for people: the sentence plus the next step, for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof HostError) return `${error.message} ${error.nextStep}`.trim();
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Longest host-provided text quoted in a message, in characters. */
const MAX_QUOTED = 200;

/** Shortens host-provided text for a message to at most `max` characters (a host may send megabytes). */
function clip(text: string, max = MAX_QUOTED): string {
  return clipLine(text, max + 1);
}

/**
 * The `<title>` of a web page (looked for in its first 4096 characters), on one line and cut to
 * `max` characters plus "…"; undefined when it has none. A proxy's error page or a captive
 * portal is named by this in messages, never quoted as markup.
 */
export function webPageTitle(text: string, max = MAX_QUOTED): string | undefined {
  const title = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(text.slice(0, 4096))?.[1];
  return title?.trim() ? clip(title, max) : undefined;
}

/**
 * A text body in a few words: a web page (a proxy's or captive portal's error page) is named by
 * its `<title>`, never quoted as markup (undefined when it has none); anything else is clipped to
 * 200 characters.
 */
function describeText(text: string): string | undefined {
  const head = text.trimStart().slice(0, 512);
  if (!head) return undefined;
  if (/^<(!doctype|html|head|body|\?xml|h1|title|center|p)\b/i.test(head)) {
    const title = webPageTitle(text);
    return title ? `a web page titled “${title}”` : undefined;
  }
  return clip(text);
}

/** Reads a human message out of an OpenWork `{code,message}` or OpenCode `{data:{message}}` body. */
export function messageFromBody(body: unknown): string | undefined {
  if (typeof body === 'string') return describeText(body);
  if (!isRecord(body)) return undefined;
  if (typeof body.message === 'string' && body.message.trim()) return clip(body.message);
  const inner = isRecord(body.data) ? body.data.message : undefined;
  if (typeof inner === 'string' && inner.trim()) return clip(inner);
  if (typeof body.name === 'string' && body.name.trim()) return clip(body.name);
  return undefined;
}
