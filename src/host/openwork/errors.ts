/**
 * Reading an OpenWork host's own error answers. A failed call is a {@link HostError} whose `body`
 * is the host's `{code, message, details?}`: `code` is the host's reason (`write_denied`,
 * `conflict`, `invalid_path`, `file_too_large`, `not_found`, `read_only`, `forbidden`, …).
 */
import { isRecord } from '@/lib/guards';
import { describeError, HostError } from '../errors';

/** The host's own error code from a failed call (`write_denied`, `conflict`, …), if any. */
export function openworkErrorCode(error: unknown): string | undefined {
  if (!(error instanceof HostError) || !isRecord(error.body)) return undefined;
  return typeof error.body.code === 'string' ? error.body.code : undefined;
}

/** `details` of a host error body, e.g. `{baseUpdatedAt, currentUpdatedAt}` for a conflict. */
export function openworkErrorDetails(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof HostError) || !isRecord(error.body)) return undefined;
  const details = error.body.details;
  return isRecord(details) ? details : undefined;
}

/**
 * True when the host answered that it has no such route (an older host): 404 with the host code
 * `not_found` or with no OpenWork body at all (a web page). The screen then says "not available"
 * instead of showing an error.
 */
export function isRouteMissing(error: unknown): boolean {
  if (!(error instanceof HostError) || error.status !== 404) return false;
  const code = openworkErrorCode(error);
  return code === 'not_found' || code === undefined;
}

/** How {@link describeOpenworkWriteError} words one screen's failed write. */
export interface WriteErrorWording {
  /** The host's approval timeout in ms, named (in seconds) when nobody approved in time; undefined when the host does not publish it. */
  timeoutMs: number | undefined;
  /** The first words: `Not done` (a change to skills, plugins, …) or `Not saved` (a file). */
  failed: 'Not done' | 'Not saved';
  /** What the user keeps: the form's `input` or the editor's `text`. */
  kept: 'input' | 'text';
  /** How the write is named in the approval sentences (default `it`). */
  what?: 'it' | 'the write';
  /**
   * Say "Your … is kept." after every failure (an editor, whose draft always survives), not only
   * after an approval that did not come (default false).
   */
  keptAlways?: boolean;
  /** Added after "try again" when nobody approved in time, e.g. `when the host's owner is there`. */
  retryWhen?: string;
}

/**
 * One sentence (or two) for a failed OpenWork write, from the host's error code:
 *
 * - `write_denied` with `details.reason === 'timeout'`: nobody approved within the timeout;
 *   otherwise the host's owner denied it. Both say the user's input is kept.
 * - `read_only`: the host accepts no writes. `forbidden`: the token may only read.
 * - `file_too_large`: the host's 5 MB limit.
 * - anything else: {@link describeError} (the failing check and the next step).
 *
 * Extensions: `{ timeoutMs, failed: 'Not done', kept: 'input' }` →
 * "Not done: the host's owner denied it. Your input is kept." Files: `{ timeoutMs, failed: 'Not
 * saved', kept: 'text', what: 'the write', keptAlways: true, retryWhen: "when the host's owner is
 * there" }` → "Not saved: the host's owner denied the write. Your text is kept."
 */
export function describeOpenworkWriteError(error: unknown, wording: WriteErrorWording): string {
  const { failed, what = 'it' } = wording;
  const kept = `Your ${wording.kept} is kept`;
  const keptAfter = wording.keptAlways ? ` ${kept}.` : '';
  switch (openworkErrorCode(error)) {
    case 'write_denied':
      return openworkErrorDetails(error)?.reason === 'timeout'
        ? `${failed}: nobody approved ${what} on the host ${wording.timeoutMs === undefined ? 'in time' : `within ${Math.round(wording.timeoutMs / 1000)} s`}. ${kept}; try again${wording.retryWhen ? ` ${wording.retryWhen}` : ''}.`
        : `${failed}: the host's owner denied ${what}. ${kept}.`;
    case 'read_only':
      return `${failed}: this host is read-only.${keptAfter}`;
    case 'forbidden':
      return `${failed}: this token may only read. Ask the host owner for a collaborator token.${keptAfter}`;
    case 'file_too_large':
      return `${failed}: the file is larger than the host accepts (5 MB).${keptAfter}`;
    default:
      return `${failed}: ${describeError(error)}${keptAfter}`;
  }
}
