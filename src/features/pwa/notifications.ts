/**
 * Notification decisions as pure functions: what to say for an event, whether to say it now, what
 * this platform allows, and where a tap leads. The effects live in `notifier.ts`.
 * Typed host events: `permission-asked`, `question-asked` (notify), `permission-replied` /
 * `question-settled` (close the request's notification), `session-idle` / `session-error` (a run
 * finished or failed, when the host's setting asks for it).
 */
import { describePermission, describeQuestion, settledRequestId, type HostEvent, type HostEventKind } from '@/domain';
import { clip as clipTo } from '@/lib/guards';
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
  return clipTo(text, MAX_LINE);
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

/**
 * The notification for an event, or undefined when the event does not call for one. A permission
 * request or question always does; a finished (`session.idle`) or failed (`session.error`, except
 * the user's own abort) run only with `context.runUpdates`.
 */
export function noticeFor(event: HostEvent, context: NoticeContext): Notice | undefined {
  if (event.kind === 'permission-asked') {
    const { request } = event;
    const { type, action } = describePermission(request);
    return {
      title: `Allow ${type}?`,
      body: `${action}\n${where(context, request.sessionID)}`,
      tag: requestTag(context.hostId, request.id),
      data: { url: sessionUrl(context.hostId, request.sessionID) },
    };
  }
  if (event.kind === 'question-asked') {
    const { request } = event;
    const { header, text } = describeQuestion(request);
    return {
      title: `Question: ${clip(header)}`,
      body: `${text}\n${where(context, request.sessionID)}`,
      tag: requestTag(context.hostId, request.id),
      data: { url: sessionUrl(context.hostId, request.sessionID) },
    };
  }
  if (!context.runUpdates) return undefined;
  if (event.kind === 'session-idle') {
    return {
      title: 'Run finished',
      body: where(context, event.sessionId),
      tag: `openwork:${context.hostId}:run:${event.sessionId}`,
      data: { url: sessionUrl(context.hostId, event.sessionId) },
    };
  }
  if (event.kind === 'session-error') {
    // The user's own Stop is no failure to report.
    if (event.error?.name === 'MessageAbortedError') return undefined;
    const reason = event.error?.message ?? event.error?.name;
    const { sessionId } = event;
    return {
      title: 'Run failed',
      body: `${reason ? `${clip(reason)}\n` : ''}${where(context, sessionId)}`,
      tag: `openwork:${context.hostId}:run:${sessionId ?? 'unknown'}`,
      data: { url: sessionId ? sessionUrl(context.hostId, sessionId) : './#/' },
    };
  }
  return undefined;
}

/** Event kinds that can ever produce or close a notification; everything else is skipped at once. */
const NOTICE_EVENTS = new Set<HostEventKind>([
  'permission-asked',
  'question-asked',
  'permission-replied',
  'question-settled',
  'session-idle',
  'session-error',
]);

/** True when an event of `kind` can matter to notifications (a cheap check run on every event, deltas included). */
export function mayNotify(kind: HostEventKind): boolean {
  return NOTICE_EVENTS.has(kind);
}

/** The request an event answers (`permission-replied`, `question-settled`), if any. */
export function answeredRequestId(event: HostEvent): string | undefined {
  return settledRequestId(event);
}

/** Notify only when the user turned it on, the browser granted it, and the page is not being looked at. */
export function shouldNotify(state: {
  enabled: boolean;
  permission: NotificationPermission;
  visibility: DocumentVisibilityState;
}): boolean {
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
export function notificationSupport(
  platform: Pick<PlatformInfo, 'secureContext' | 'ios' | 'standalone' | 'notificationApi' | 'serviceWorker'>,
  permission: NotificationPermission | undefined,
): NotificationSupport {
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
