/** Sessions feature: list, transcript, composer, tool timeline, todos. */
export { SessionList } from './session-list';
// SessionView is imported from './session-view' by its lazy route so markdown stays off the first screen.
export { applySessionEvent } from './events';
export { createSessionEventSink } from './event-sink';
export { prefetchSessionList, sessionKeys, sessionListQuery, sessionStatusQuery, type SessionListWindow } from './api';
export { clearDraftsForHost } from './drafts-store';
export { subagentsOf, useSessionRoots, useSubagents } from './subagents';
