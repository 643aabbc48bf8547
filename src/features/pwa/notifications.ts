/**
 * Notification decisions as pure functions: what to say for an event, whether to say it now, what
 * this platform allows, and where a tap leads. The effects live in `notifier.ts`.
 * Events (OpenCode `GET /event`): `permission.asked` {id, sessionID, permission, patterns,
 * metadata}, `question.asked` {id, sessionID, questions[]}, `permission.replied` / `question.replied`
 * / `question.rejected` {requestID}, `session.idle` {sessionID}, `session.error` {sessionID?, error?}.
 */
import type { StreamEvent } from '@/host';
import type { PlatformInfo } from './platform';

/** A system notification to show: `tag` replaces an earlier one with the same tag. */
export interface Notice {
  title: string;
  body: string;
  tag: string;
  /** Travels with the notification to the service worker's `notificationclick`. */
  data: NoticeData;
}

/** What a tap on a notification opens: an app URL relative to the service worker scope, e.g. `./#/s/ses_1?hostId=host_1`. */
export interface NoticeData {
  url: string;
}

/** Who the event came from, to name it. */
export interface NoticeContext {
  hostId: string;
  hostName: string;
  /** The session's title when the sessions cache knows it. */
  sessionTitle?: (sessionId: string) => string | undefined;
  /** The host's "notify when a run finishes or fails" setting. */
  runUpdates: boolean;
}

/** Query parameter of an opened app URL that names the host the session belongs to. */
export const OPEN_HOST_PARAM = 'hostId';
/** Type of the message the service worker posts to an open app window after a notification tap. */
export const NAVIGATE_MESSAGE = 'openwork:navigate';

const MAX_LINE = 160;

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The app URL of a session of a host (the session route, switching to that host first). */
export function sessionUrl(hostId: string, sessionId: string): string {
  return `./#/s/${encodeURIComponent(sessionId)}?${OPEN_HOST_PARAM}=${encodeURIComponent(hostId)}`;
}

/** The tag of a request's notification, so a reply elsewhere can close it. */
export function requestTag(hostId: string, requestId: string): string {
  return `openwork:${hostId}:request:${requestId}`;
}

function where(context: NoticeContext, sessionId: string | undefined): string {
  const title = sessionId ? context.sessionTitle?.(sessionId) : undefined;
  return title ? `“${clip(title)}” on ${context.hostName}` : `A session on ${context.hostName}`;
}

function permissionWhat(props: Record<string, unknown>): string {
  const permission = str(props.permission) ?? 'permission';
  const metadata = typeof props.metadata === 'object' && props.metadata !== null ? (props.metadata as Record<string, unknown>) : {};
  const patterns = strings(props.patterns);
  if (permission === 'bash') return clip(`Run: ${str(metadata.command) ?? patterns.join(' ')}`);
  if (permission === 'edit') return clip(`Edit: ${patterns.join(', ') || (str(metadata.filepath) ?? 'a file')}`);
  return clip(patterns.length > 0 ? `${permission}: ${patterns.join(', ')}` : permission);
}

function questionWhat(props: Record<string, unknown>): { header: string; text: string } {
  const questions = Array.isArray(props.questions) ? (props.questions as unknown[]) : [];
  const first = (typeof questions[0] === 'object' && questions[0] !== null ? questions[0] : {}) as Record<string, unknown>;
  const more = questions.length > 1 ? ` (+${questions.length - 1} more)` : '';
  return { header: str(first.header) ?? 'the agent asks', text: clip(`${str(first.question) ?? 'The agent has a question.'}${more}`) };
}

function errorWhat(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, data } = error as { name?: unknown; data?: unknown };
  const message = typeof data === 'object' && data !== null ? str((data as Record<string, unknown>).message) : undefined;
  return message ?? str(name);
}

/**
 * The notification for an event, or undefined when the event does not call for one. A permission
 * request or question always does; a finished (`session.idle`) or failed (`session.error`, except
 * the user's own abort) run only with `context.runUpdates`.
 */
export function noticeFor(event: StreamEvent, context: NoticeContext): Notice | undefined {
  const props = event.properties;
  const sessionId = str(props.sessionID);
  if (event.type === 'permission.asked' || event.type === 'question.asked') {
    const id = str(props.id);
    if (!id || !sessionId) return undefined;
    const data = { url: sessionUrl(context.hostId, sessionId) };
    const tag = requestTag(context.hostId, id);
    if (event.type === 'permission.asked') {
      return { title: `Allow ${str(props.permission) ?? 'this'}?`, body: `${permissionWhat(props)}\n${where(context, sessionId)}`, tag, data };
    }
    const { header, text } = questionWhat(props);
    return { title: `Question: ${clip(header)}`, body: `${text}\n${where(context, sessionId)}`, tag, data };
  }
  if (!context.runUpdates) return undefined;
  if (event.type === 'session.idle' && sessionId) {
    return { title: 'Run finished', body: where(context, sessionId), tag: `openwork:${context.hostId}:run:${sessionId}`, data: { url: sessionUrl(context.hostId, sessionId) } };
  }
  if (event.type === 'session.error') {
    const error = props.error as { name?: unknown } | undefined;
    if (error?.name === 'MessageAbortedError') return undefined;
    const reason = errorWhat(error);
    return {
      title: 'Run failed',
      body: `${reason ? `${clip(reason)}\n` : ''}${where(context, sessionId)}`,
      tag: `openwork:${context.hostId}:run:${sessionId ?? 'unknown'}`,
      data: { url: sessionId ? sessionUrl(context.hostId, sessionId) : './#/' },
    };
  }
  return undefined;
}

/** The request an event answers (`permission.replied`, `question.replied|rejected`), if any. */
/** Event types that can ever produce or close a notification; everything else is skipped at once. */
const NOTICE_EVENTS = new Set(['permission.asked', 'question.asked', 'permission.replied', 'question.replied', 'question.rejected', 'session.idle', 'session.error']);

/** True when `type` can matter to notifications (a cheap check run on every event, deltas included). */
export function mayNotify(type: string): boolean {
  return NOTICE_EVENTS.has(type);
}

export function answeredRequestId(event: StreamEvent): string | undefined {
  if (event.type !== 'permission.replied' && event.type !== 'question.replied' && event.type !== 'question.rejected') return undefined;
  return str(event.properties.requestID);
}

/** Notify only when the user turned it on, the browser granted it, and the page is not being looked at. */
export function shouldNotify(state: { enabled: boolean; permission: NotificationPermission; visibility: DocumentVisibilityState }): boolean {
  return state.enabled && state.permission === 'granted' && state.visibility === 'hidden';
}

/**
 * What this platform allows:
 * - `insecure`: not a secure context (plain http on a LAN address): no notifications at all;
 * - `install-first`: iOS/iPadOS in a browser tab: Safari offers notifications only to a web app
 *   added to the Home Screen (iOS 16.4+);
 * - `unsupported`: no Notification API or no service worker;
 * - `denied` / `ask` / `granted`: the browser's permission for this site.
 */
export type NotificationSupport = 'insecure' | 'install-first' | 'unsupported' | 'denied' | 'ask' | 'granted';

/** Decides {@link NotificationSupport}; `permission` is `Notification.permission` when the API exists. */
export function notificationSupport(platform: Pick<PlatformInfo, 'secureContext' | 'ios' | 'standalone' | 'notificationApi' | 'serviceWorker'>, permission: NotificationPermission | undefined): NotificationSupport {
  if (!platform.secureContext) return 'insecure';
  if (platform.ios && !platform.standalone && !platform.notificationApi) return 'install-first';
  if (!platform.notificationApi || !platform.serviceWorker || permission === undefined) return 'unsupported';
  if (permission === 'denied') return 'denied';
  return permission === 'granted' ? 'granted' : 'ask';
}

/**
 * The in-app path to open for a message the service worker posted after a notification tap
 * (`{type: "openwork:navigate", url}`), or undefined when the message is not one, or points
 * to another origin. The path is the hash route, e.g. `/s/ses_1?hostId=host_1`.
 */
export function navigatePathFrom(message: unknown, origin: string): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, url } = message as { type?: unknown; url?: unknown };
  if (type !== NAVIGATE_MESSAGE || typeof url !== 'string') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: not a message of ours.
    return undefined;
  }
  if (parsed.origin !== origin) return undefined;
  const path = parsed.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}
