/**
 * Steering the next prompt: which agents, models and slash commands a host offers, which workspace
 * files match a name, and sending a prompt or a command with the chosen agent, model and files.
 * Source: OpenCode `GET /agent`, `GET /config/providers`, `GET /command`, `GET /find/file`,
 * `GET /path`, `POST /session/{id}/prompt_async`, `POST /session/{id}/command`. Through an
 * OpenWork host these go through the workspace's OpenCode proxy, as every `opencodeFor` call does.
 */
import { opencodeFor } from './connections';
import { unwrap } from './sdk';
import { isRecord, readList, unexpectedShape } from './shapes';
import type { PairedHost } from './types';

/** A primary agent the user can pick for the next prompt (`GET /agent`, subagents and hidden ones left out). */
export interface AgentChoice {
  /** The agent's name, sent as the prompt's `agent`, e.g. `build`, `plan`. */
  name: string;
  /** What the agent is for, in the host's words; empty when it gave none. */
  description: string;
}

/** The model of a prompt: OpenCode's `{providerID, modelID}`. */
export interface ModelRef {
  providerID: string;
  modelID: string;
}

/** A slash command the host offers (`GET /command`). */
export interface SlashCommand {
  /** The command's name without the slash, e.g. `review`. */
  name: string;
  /** What it does, in the host's words; empty when it gave none. */
  description: string;
}

/** A file to send with a prompt: OpenCode's file part input. */
export interface FilePartInput {
  type: 'file';
  /** The file's media type, e.g. `text/plain`, `image/jpeg`. */
  mime: string;
  /** `file://<absolute path>` for a workspace file, or a `data:` URL for an attached image. */
  url: string;
  /** The name shown for it (a workspace path or the photo's file name). */
  filename: string;
}

/** The next prompt: text, files, and the agent and model to answer it (the host's defaults when absent). */
export interface PromptInput {
  text: string;
  files?: FilePartInput[];
  agent?: string;
  model?: ModelRef;
}

function stringField(value: Record<string, unknown>, key: string): string {
  const field = value[key];
  return typeof field === 'string' ? field : '';
}

function readAgent(value: unknown): AgentChoice | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || !value.name) return undefined;
  // Subagents are started by other agents, not by the user; hidden ones are the host's own helpers.
  if (value.mode === 'subagent' || value.hidden === true) return undefined;
  return { name: value.name, description: stringField(value, 'description') };
}

/**
 * The primary agents of the host's workspace (`GET /agent`), in the host's order.
 *
 * @throws {HostError} as {@link unwrap} does, or `bad-response` when the answer is not a list.
 */
export async function listAgents(host: PairedHost): Promise<AgentChoice[]> {
  const what = 'GET /agent';
  return readList(await unwrap(opencodeFor(host).app.agents(), what), what, 'a list of agents', readAgent);
}

function readCommand(value: unknown): SlashCommand | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || !value.name) return undefined;
  return { name: value.name, description: stringField(value, 'description') };
}

/**
 * The slash commands of the host's workspace (`GET /command`): its own, the workspace's
 * `.opencode/command/*.md`, MCP prompts and skills, sorted by name.
 *
 * @throws {HostError} as {@link unwrap} does, or `bad-response` when the answer is not a list.
 */
export async function listCommands(host: PairedHost): Promise<SlashCommand[]> {
  const what = 'GET /command';
  return readList(await unwrap(opencodeFor(host).command.list(), what), what, 'a list of commands', readCommand).sort(
    (a, b) => a.name.localeCompare(b.name),
  );
}

/** At most this many file matches are asked for: a phone list shows a few, and 2,000 would be slow to draw. */
export const FILE_MATCH_LIMIT = 50;

/**
 * Workspace files whose path matches `query` (`GET /find/file?query=&type=file&limit=50`), as
 * paths relative to the workspace, in the host's (fuzzy, best first) order.
 *
 * @throws {HostError} as {@link unwrap} does, or `bad-response` when the answer is not a list.
 */
export async function findFiles(host: PairedHost, query: string): Promise<string[]> {
  const what = 'GET /find/file';
  const answer = await unwrap(opencodeFor(host).find.files({ query, type: 'file', limit: FILE_MATCH_LIMIT }), what);
  return readList(answer, what, 'a list of file paths', (item) =>
    typeof item === 'string' && item ? item : undefined,
  );
}

/**
 * The absolute path of the host's workspace directory (`GET /path`, its `directory`): a workspace
 * file goes to the host as `file://<directory>/<path>`, as OpenCode's own clients send it.
 *
 * @throws {HostError} as {@link unwrap} does, or `bad-response` when the answer names no directory.
 */
export async function workspaceDirectory(host: PairedHost): Promise<string> {
  const what = 'GET /path';
  const answer: unknown = await unwrap(opencodeFor(host).path.get(), what);
  if (!isRecord(answer) || typeof answer.directory !== 'string' || !answer.directory)
    throw unexpectedShape(what, 'an object with the workspace directory', answer, { field: 'directory' });
  return answer.directory;
}

/** The file part of workspace file `path` (relative) in workspace `directory` (absolute). */
export function workspaceFilePart(directory: string, path: string): FilePartInput {
  const absolute = `${directory.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return { type: 'file', mime: 'text/plain', url: `file://${absolute}`, filename: path };
}

/**
 * Sends a prompt without waiting for the turn (`POST /session/{id}/prompt_async`, 204): a text
 * part, then the files, with the agent and model when chosen. The answer streams over the event stream.
 *
 * @throws {HostError} when the host did not accept it; the caller keeps the draft.
 */
export async function sendPromptInput(host: PairedHost, sessionId: string, input: PromptInput): Promise<void> {
  const parts = [...(input.text ? [{ type: 'text' as const, text: input.text }] : []), ...(input.files ?? [])];
  await unwrap(
    opencodeFor(host).session.promptAsync({
      sessionID: sessionId,
      parts,
      ...(input.agent ? { agent: input.agent } : {}),
      ...(input.model ? { model: input.model } : {}),
    }),
    'POST /session/{id}/prompt_async',
  );
}

/** A slash command to run: its name (no slash), the text after it, and the prompt's agent, model and files. */
export interface CommandInput {
  command: string;
  arguments: string;
  files?: FilePartInput[];
  agent?: string;
  model?: ModelRef;
}

/**
 * Runs a slash command in a session (`POST /session/{id}/command`, `{command, arguments}`). The
 * host answers when the command's turn ends; its progress streams over the event stream meanwhile.
 *
 * @throws {HostError} when the host refused it (an unknown command is a 4xx naming it), or a
 *   `timeout` when the turn outlasted the write budget: the command still runs on the host.
 */
export async function runCommand(host: PairedHost, sessionId: string, input: CommandInput): Promise<void> {
  await unwrap(
    opencodeFor(host).session.command({
      sessionID: sessionId,
      command: input.command,
      arguments: input.arguments,
      ...(input.files?.length ? { parts: input.files } : {}),
      ...(input.agent ? { agent: input.agent } : {}),
      // The command route takes the model as one "provider/model" string.
      ...(input.model ? { model: `${input.model.providerID}/${input.model.modelID}` } : {}),
    }),
    'POST /session/{id}/command',
  );
}
