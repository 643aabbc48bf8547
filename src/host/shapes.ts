/**
 * Reading what a host answered without trusting its shape. The SDK's types say what OpenCode
 * *should* send; a different version, a proxy or a broken host can send `null`, an object where a
 * list belongs, or items with missing fields. Features read lists and maps through these helpers:
 * an answer of the wrong kind becomes a {@link HostError} that says so, and a malformed item is
 * skipped (or repaired by the feature's reader) instead of crashing the screen that renders it.
 */
import { isRecord } from '@/lib/guards';
import { HostError } from './errors';

export { isRecord, numberOr, stringOr } from '@/lib/guards';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Which server's version the advice of a shape error names. */
export type ShapeServer = 'OpenCode' | 'OpenWork';

/** Details for {@link unexpectedShape}. */
export interface ShapeErrorOptions {
  /** The server whose answer it was (default `OpenCode`): named in the advice to update it. */
  server?: ShapeServer;
  /**
   * The field of an object answer that was looked at, e.g. `items`: the message then says the
   * object had no such field ("an object without "items"") or what it held instead.
   */
  field?: string;
  /**
   * The request was a write that the host accepted (2xx): the advice adds that it may have been
   * done anyway, so the user refreshes before repeating it.
   */
  afterWrite?: boolean;
}

/** What an answer was, in words: `an object without "items"`, `a list`, `null`, … */
function describeGot(got: unknown, field: string | undefined): string {
  if (field === undefined || !isRecord(got)) return kindOf(got);
  const value = got[field];
  return value === undefined ? `an object without "${field}"` : `an object whose "${field}" is ${kindOf(value)}`;
}

/**
 * The error for an answer of the wrong kind, e.g. "GET /session answered an object where a list
 * of sessions was expected." or "GET /workspace/{id}/skills answered an object without "items"
 * where a list of skills was expected." The next step points at the server's version.
 */
export function unexpectedShape(
  what: string,
  expected: string,
  got: unknown,
  options: ShapeErrorOptions = {},
): HostError {
  const server = options.server ?? 'OpenCode';
  const maybeDone = options.afterWrite
    ? ' The host accepted the request, so it may have been done anyway: refresh to check before trying again.'
    : '';
  return new HostError(
    'bad-response',
    `${what} answered ${describeGot(got, options.field)} where ${expected} was expected.`,
    `The host may run an ${server} version this app does not understand: check its version on the Hosts screen, and update ${server} or this app.${maybeDone}`,
    { body: kindOf(got) },
  );
}

/**
 * A list answer, item by item. `read` returns the item in the app's shape, or undefined to skip a
 * malformed one. `null`/nothing counts as an empty list (OpenCode answers an empty list that way
 * on some routes).
 *
 * @throws {HostError} `bad-response` when the answer is not a list.
 */
export function readList<T>(
  value: unknown,
  what: string,
  expected: string,
  read: (item: unknown) => T | undefined,
): T[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw unexpectedShape(what, expected, value);
  const items: T[] = [];
  for (const item of value) {
    const read_ = read(item);
    if (read_ !== undefined) items.push(read_);
  }
  return items;
}

/**
 * A map answer (`{ [id]: value }`), entry by entry; `read` returns undefined to skip an entry.
 * `null`/nothing counts as empty.
 *
 * @throws {HostError} `bad-response` when the answer is not an object.
 */
export function readRecord<T>(
  value: unknown,
  what: string,
  expected: string,
  read: (item: unknown) => T | undefined,
): Record<string, T> {
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw unexpectedShape(what, expected, value);
  const entries: Record<string, T> = {};
  for (const [key, item] of Object.entries(value)) {
    const read_ = read(item);
    if (read_ !== undefined) entries[key] = read_;
  }
  return entries;
}
