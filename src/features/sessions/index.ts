/** Sessions feature: list, transcript, composer, tool timeline, todos. */
export { SessionList } from './session-list';
export { SessionView } from './session-view';
export { applySessionEvent } from './events';
export { sessionKeys } from './api';
