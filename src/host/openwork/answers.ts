/**
 * Reading OpenWork answers without trusting their shape. A host of another version, a proxy or
 * a broken host can answer `{}`, `null` or a list where an object belongs; every call reads its
 * answer through one of these, so a wrong answer becomes a `bad-response` {@link HostError} that
 * names the route and what was expected, and a malformed item of a list is skipped instead of
 * crashing the screen that renders it.
 */
import { isRecord } from '@/lib/guards';
import type { HostError } from '../errors';
import { readList, unexpectedShape } from '../shapes';
import type { Reader } from './client';

/**
 * The error for an OpenWork answer of the wrong shape, e.g. `GET /workspace/{id}/skills
 * answered an object without "items" where a list of skills was expected.` Its next step points
 * at the host's version (Hosts screen) and, after an accepted write, says it may have been done.
 */
export function shapeError(
  what: string,
  expected: string,
  got: unknown,
  afterWrite: boolean,
  field?: string,
): HostError {
  return unexpectedShape(what, expected, got, {
    server: 'OpenWork',
    afterWrite,
    ...(field !== undefined ? { field } : {}),
  });
}

/** Throws the shape error about one field of an object answer; never returns. */
export type WrongField = (field: string) => never;

/**
 * The list in `body[field]`, item by item: `readItem` returns the item in the app's shape or
 * undefined to skip a malformed one. `null` counts as an empty list.
 *
 * @throws {HostError} `bad-response` (through `wrong`) when the field is missing or not a list.
 */
export function listField<T>(
  body: Record<string, unknown>,
  field: string,
  wrong: WrongField,
  readItem: (item: unknown) => T | undefined,
): T[] {
  const value = body[field];
  if (value === undefined || (value !== null && !Array.isArray(value))) wrong(field);
  // The field is a list or null here; readList only skips the items `readItem` rejects.
  return readList(value, '', '', readItem);
}

/**
 * A reader of an object answer: `read` gets the object and a `wrong(field)` that throws the
 * shape error naming that field.
 *
 * @throws {HostError} `bad-response` when the answer is not an object (`null`, a list, nothing).
 */
export function objectOf<T>(
  expected: string,
  read: (body: Record<string, unknown>, wrong: WrongField) => T,
): Reader<T> {
  return (body, what, afterWrite) => {
    if (!isRecord(body)) throw shapeError(what, expected, body, afterWrite);
    return read(body, (field) => {
      throw shapeError(what, expected, body, afterWrite, field);
    });
  };
}

/**
 * A reader of a `{items: [...]}` answer (the shape of every OpenWork list), e.g.
 * `itemsOf('a list of skills', readSkill)`. Other fields of the answer (`loadOrder`, …) are
 * ignored.
 *
 * @throws {HostError} `bad-response` when the answer is not an object or has no `items` list.
 */
export function itemsOf<T>(expected: string, readItem: (item: unknown) => T | undefined): Reader<T[]> {
  return objectOf(expected, (body, wrong) => listField(body, 'items', wrong, readItem));
}

/** A reader that keeps the answer as it came, for calls whose answer nothing reads (deletes). */
export const anyAnswer: Reader<unknown> = (body) => body;

/** `value` when it is a string, otherwise nothing: for optional string fields (`{...optionalString('scope', x)}`). */
export function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

/**
 * Who made a request, as the host records it (`actor` of whoami, approvals and audit entries):
 * `{type, clientId?, scope?, tokenHash?}`. A missing or malformed actor reads as
 * `{type: 'unknown'}`, so the screen still shows the entry.
 */
export function readActor(value: unknown): { type: string; clientId?: string; scope?: string; tokenHash?: string } {
  if (!isRecord(value)) return { type: 'unknown' };
  return {
    type: typeof value.type === 'string' && value.type ? value.type : 'unknown',
    ...optionalString('clientId', value.clientId),
    ...optionalString('scope', value.scope),
    ...optionalString('tokenHash', value.tokenHash),
  };
}
