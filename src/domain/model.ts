/**
 * The model every feature shares: what a host holds about a workspace (sessions, messages and their
 * parts, todos, permission requests and questions). The shapes are OpenCode's (`@opencode-ai/sdk`
 * v2 types, imported as types only); values reach the app through the readers of this folder, which
 * repair or skip what a host sent malformed.
 */
import type { Message, Part } from '@opencode-ai/sdk/v2/client';

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
} from '@opencode-ai/sdk/v2/client';

/** A message with its parts, as `GET /session/{id}/message` returns them. */
export interface MessageWithParts {
  info: Message;
  parts: Part[];
}
