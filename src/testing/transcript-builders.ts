/** Builders for transcript data: messages and parts in the shapes OpenCode sends them. */
import type { Message, Part, ToolPart } from '@/domain';

type TextPart = Extract<Part, { type: 'text' }>;
type ReasoningPart = Extract<Part, { type: 'reasoning' }>;
type UserMessage = Extract<Message, { role: 'user' }>;
type AssistantMessage = Extract<Message, { role: 'assistant' }>;

export function buildUserMessage(overrides: Partial<UserMessage> = {}): UserMessage {
  return {
    id: 'msg_1',
    sessionID: 'ses_1',
    role: 'user',
    time: { created: 1_000 },
    agent: 'build',
    model: { providerID: 'mock', modelID: 'mock-model' },
    ...overrides,
  };
}

export function buildAssistantMessage(overrides: Partial<AssistantMessage> = {}): AssistantMessage {
  return {
    id: 'msg_2',
    sessionID: 'ses_1',
    role: 'assistant',
    parentID: 'msg_1',
    time: { created: 2_000 },
    modelID: 'mock-model',
    providerID: 'mock',
    mode: 'build',
    agent: 'build',
    path: { cwd: '/tmp/workspace', root: '/tmp/workspace' },
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    ...overrides,
  };
}

export function buildTextPart(overrides: Partial<TextPart> = {}): TextPart {
  return { id: 'prt_1', sessionID: 'ses_1', messageID: 'msg_1', type: 'text', text: 'Hello', ...overrides };
}

export function buildReasoningPart(overrides: Partial<ReasoningPart> = {}): ReasoningPart {
  return {
    id: 'prt_r',
    sessionID: 'ses_1',
    messageID: 'msg_2',
    type: 'reasoning',
    text: 'Thinking it over',
    time: { start: 1 },
    ...overrides,
  };
}

/** A tool part; pass `state` to choose pending / running / completed / error. */
export function buildToolPart(overrides: Partial<ToolPart> = {}): ToolPart {
  return {
    id: 'prt_tool',
    sessionID: 'ses_1',
    messageID: 'msg_2',
    type: 'tool',
    callID: 'call_1',
    tool: 'bash',
    state: { status: 'pending', input: {}, raw: '' },
    ...overrides,
  };
}
