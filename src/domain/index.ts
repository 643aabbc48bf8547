/**
 * The shared model: types, readers, the typed event union and how requests are described. Pure:
 * it imports nothing from features, the host boundary or the network. Features and `src/host`
 * import from `@/domain`.
 */
export type {
  Session,
  SessionStatus,
  Message,
  Part,
  ToolPart,
  Todo,
  PermissionRequest,
  QuestionRequest,
  QuestionAnswer,
  MessageWithParts,
} from './model';
export {
  readSession,
  readStatus,
  readPart,
  readMessageInfo,
  readMessage,
  readTodo,
  readFileChange,
} from './session-readers';
export { readPermission, readQuestion } from './request-readers';
export { describePermission, describeQuestion, type PermissionDescription, type QuestionDescription } from './describe';
export {
  settledRequestId,
  type HostEvent,
  type HostEventKind,
  type EventOf,
  type RunError,
  type FileChange,
  type WorkspaceReloadReason,
} from './events';
