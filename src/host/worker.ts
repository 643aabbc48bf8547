/**
 * The host boundary for the service worker: the stored host records and the one reply a
 * notification can send. Kept apart from `index.ts`, which pulls in the app's stores and the SDK
 * client that a worker has no use for.
 */
export {
  appendPushLog,
  claimReplyAttempt,
  findPushHost,
  readPushPrefs,
  type PushHostRecord,
  type PushLogEntry,
  type PushPrefs,
} from './push-store';
export { replyFromNotification, type NotificationReply, type NotificationReplyOutcome } from './push-reply';
