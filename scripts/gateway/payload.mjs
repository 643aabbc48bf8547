// payload.mjs: what a push says (pure). The decrypted payload is JSON of at most 3 KB naming the
// host, the session and what is asked, shortened, and never a credential: a command can contain
// one, so known secrets and credential-looking text are masked before anything is shortened.

/** Largest payload this builder emits, in bytes of UTF-8 JSON (push services take about 4 KB). */
export const MAX_PAYLOAD_BYTES = 3 * 1024;
const TITLE_CHARS = 60;
const SUBJECT_CHARS = 140;
const SESSION_CHARS = 60;
const BODY_CHARS = 240;

/**
 * Shortens text to `max` characters (an ellipsis marks a cut) and folds whitespace runs into one space.
 * @param {unknown} text
 * @param {number} max characters
 */
export function shorten(text, max) {
  const flat = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * Masks secrets in text: each of `secrets` (and, for a Basic credential, its decoded password),
 * `Bearer`/`Basic` values, and the password of a URL's user-info.
 * @param {string} text
 * @param {string[]} [secrets] exact strings that must never appear (e.g. the watch credential)
 */
export function redact(text, secrets = []) {
  let out = text;
  for (const secret of expandSecrets(secrets)) if (secret.length >= 4) out = out.split(secret).join('•••');
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 •••')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, '$1:•••@');
}

/** A credential value, its token without the scheme, and a Basic credential's decoded parts. */
function expandSecrets(secrets) {
  const out = new Set();
  for (const secret of secrets) {
    if (!secret) continue;
    out.add(secret);
    const match = /^(\w+)\s+(.+)$/.exec(secret);
    if (!match) continue;
    out.add(match[2]);
    if (match[1].toLowerCase() === 'basic') {
      const decoded = Buffer.from(match[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) out.add(decoded.slice(colon + 1));
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * A short label for a host URL: its host name and port (the address the device paired with).
 * @param {string} hostUrl
 */
export function hostLabel(hostUrl) {
  try {
    return new URL(hostUrl).host;
  } catch {
    return shorten(hostUrl, 40);
  }
}

/**
 * What a permission request asks for, in words: the command (bash), the path (edit/read/…), or
 * the patterns.
 * @param {{permission?: string, patterns?: string[], metadata?: Record<string, unknown>}} request OpenCode `permission.asked` properties
 */
export function permissionSubject(request) {
  const meta = request.metadata ?? {};
  if (typeof meta.command === 'string' && meta.command) return meta.command;
  for (const key of ['filepath', 'filePath', 'path', 'url'])
    if (typeof meta[key] === 'string' && meta[key]) return meta[key];
  return (request.patterns ?? []).join(', ');
}

/**
 * The push payload (see the push contract): `{kind, host, sessionID, requestID?, title, body, at}`.
 *
 * @param {object} input
 * @param {'permission' | 'question' | 'done' | 'failed' | 'withdraw' | 'test'} input.kind
 * @param {string} input.host the host URL as the device subscribed it
 * @param {string} [input.sessionID]
 * @param {string} [input.sessionTitle]
 * @param {{id: string, permission?: string, patterns?: string[], metadata?: Record<string, unknown>}} [input.permission]
 *   OpenCode `permission.asked` properties (kind permission)
 * @param {{id: string, questions?: {question?: string, header?: string}[]}} [input.question]
 *   OpenCode `question.asked` properties (kind question)
 * @param {string} [input.requestID] the request answered elsewhere (kind withdraw)
 * @param {string} [input.error] what went wrong (kind failed)
 * @param {string[]} [input.secrets] strings that must never appear in the payload
 * @param {number} input.at ms since epoch
 * @returns {{kind: string, host: string, sessionID: string, requestID?: string, title: string, body: string, at: number}}
 */
export function buildPayload(input) {
  const secrets = input.secrets ?? [];
  const label = hostLabel(input.host);
  const session = input.sessionTitle ? shorten(redact(input.sessionTitle, secrets), SESSION_CHARS) : 'a session';
  const clean = (text, max) => shorten(redact(String(text ?? ''), secrets), max);
  let requestID;
  let title;
  let body;
  switch (input.kind) {
    case 'permission': {
      const request = input.permission ?? { id: '' };
      requestID = request.id;
      title = clean(`Run needs you: ${request.permission ?? 'a tool'}`, TITLE_CHARS);
      body = `${clean(permissionSubject(request), SUBJECT_CHARS)} — ${session} · ${label}`;
      break;
    }
    case 'question': {
      const request = input.question ?? { id: '' };
      requestID = request.id;
      const first = request.questions?.[0];
      title = clean(`Question: ${first?.header || 'the agent asks'}`, TITLE_CHARS);
      body = `${clean(first?.question ?? '', SUBJECT_CHARS)} — ${session} · ${label}`;
      break;
    }
    case 'done':
      title = 'Run finished';
      body = `${session} · ${label}`;
      break;
    case 'failed':
      title = 'Run failed';
      body = `${input.error ? `${clean(input.error, SUBJECT_CHARS)} — ` : ''}${session} · ${label}`;
      break;
    case 'withdraw':
      requestID = input.requestID;
      title = 'Answered';
      body = `Answered elsewhere — ${session} · ${label}`;
      break;
    case 'test':
      title = 'Test notification';
      body = `Notifications from ${label} reach this device.`;
      break;
    default:
      throw new Error(`buildPayload: unknown kind ${JSON.stringify(input.kind)}; use one of the push contract's kinds`);
  }
  const payload = {
    kind: input.kind,
    host: input.host,
    sessionID: input.sessionID ?? '',
    ...(requestID ? { requestID } : {}),
    title,
    body: shorten(body, BODY_CHARS),
    at: input.at,
  };
  // The fields are bounded above; a huge host URL or id is the only way past the limit.
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) payload.body = shorten(payload.body, 40);
  return payload;
}

/**
 * The Web Push `Topic` for a request: a push with the same topic replaces one still queued at the
 * push service, so a withdrawal can overtake its request. At most 32 URL-safe base64 characters.
 * @param {string} requestID
 */
export function topicFor(requestID) {
  return requestID.replace(/[^A-Za-z0-9_-]/g, '').slice(-32) || 'request';
}
