/**
 * The push payload the gateway sends (decrypted by the browser, JSON, at most 3 KB):
 * `{kind, host, sessionID, requestID?, title, body, at}`. Read defensively: a push that is not
 * one of ours still has to show something (the platform requires it), but never crashes the worker.
 */

/** What a push is about. */
export type PushKind = 'permission' | 'question' | 'done' | 'failed' | 'withdraw' | 'test';

const KINDS: readonly PushKind[] = ['permission', 'question', 'done', 'failed', 'withdraw', 'test'];

/** One decrypted push. `at` is epoch ms; `host` is the paired host URL the device subscribed with. */
export interface PushPayload {
  kind: PushKind;
  host: string;
  sessionID: string;
  requestID?: string;
  title: string;
  body: string;
  at: number;
}

/** The longest title and body shown, in characters (the gateway shortens too; this is a guard). */
const MAX_TEXT = 300;

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
}

/**
 * Reads a payload from the push's JSON, or undefined when it is not one: an unknown `kind`, no
 * `host`, or a request kind (`permission`, `question`, `withdraw`) without a `requestID`.
 */
export function readPushPayload(json: unknown): PushPayload | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const raw = json as Record<string, unknown>;
  const kind = KINDS.find((k) => k === raw.kind);
  if (!kind || typeof raw.host !== 'string' || raw.host === '') return undefined;
  const requestID = typeof raw.requestID === 'string' && raw.requestID !== '' ? raw.requestID : undefined;
  if ((kind === 'permission' || kind === 'question' || kind === 'withdraw') && !requestID) return undefined;
  return {
    kind,
    host: raw.host,
    sessionID: typeof raw.sessionID === 'string' ? raw.sessionID : '',
    ...(requestID ? { requestID } : {}),
    title: text(raw.title),
    body: text(raw.body),
    at: typeof raw.at === 'number' && Number.isFinite(raw.at) ? raw.at : Date.now(),
  };
}
