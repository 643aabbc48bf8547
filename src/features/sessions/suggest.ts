/**
 * The composer's suggestion lists, as pure functions: when a `/` command or an `@` file list is
 * open, what it shows for what was typed, how the keys move through it, and what choosing an
 * entry does to the text. The list component and the bench both use these.
 */
import type { SlashCommand } from '@/host';

/** An open suggestion list: `/` commands or `@` files, with what was typed after the sign. */
export interface Trigger {
  kind: 'command' | 'file';
  /** The text typed after `/` or `@`, up to the caret. */
  query: string;
  /** Index of the `/` or `@` in the text. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
}

/**
 * Which list the caret at `caret` in `text` opens, if any: `/` lists commands only as the first
 * character of the prompt, before any space; `@` lists files at the start or after whitespace,
 * up to the caret with no space in between.
 */
export function triggerAt(text: string, caret: number): Trigger | undefined {
  const before = text.slice(0, caret);
  if (/^\/\S*$/.test(before)) return { kind: 'command', query: before.slice(1), start: 0, end: caret };
  const at = /(^|\s)@(\S*)$/.exec(before);
  if (at) {
    const query = at[2] ?? '';
    return { kind: 'file', query, start: caret - query.length - 1, end: caret };
  }
  return undefined;
}

/** At most this many entries are drawn in a list: more does not fit a phone and costs time per key. */
export const MAX_SUGGESTIONS = 50;

/**
 * The commands matching `query`, best first: names starting with it, then names containing it,
 * then descriptions containing it; case-insensitive, at most {@link MAX_SUGGESTIONS}.
 */
export function filterCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const q = query.toLowerCase();
  if (!q) return commands.slice(0, MAX_SUGGESTIONS);
  const starts: SlashCommand[] = [];
  const contains: SlashCommand[] = [];
  const described: SlashCommand[] = [];
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (name.startsWith(q)) starts.push(command);
    else if (name.includes(q)) contains.push(command);
    else if (command.description.toLowerCase().includes(q)) described.push(command);
  }
  return [...starts, ...contains, ...described].slice(0, MAX_SUGGESTIONS);
}

/**
 * The files of the host's last answer that still match `query` while a newer answer is on its
 * way: every character of the query in order (the host's own matching is fuzzy too), those whose
 * file name contains the query first; at most {@link MAX_SUGGESTIONS}, in the host's order otherwise.
 */
export function filterFiles(paths: readonly string[], query: string): string[] {
  const q = query.toLowerCase();
  if (!q) return paths.slice(0, MAX_SUGGESTIONS);
  const named: string[] = [];
  const fuzzy: string[] = [];
  for (const path of paths) {
    const lower = path.toLowerCase();
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    if (name.includes(q)) named.push(path);
    else if (inOrder(lower, q)) fuzzy.push(path);
    if (named.length >= MAX_SUGGESTIONS) break;
  }
  return [...named, ...fuzzy].slice(0, MAX_SUGGESTIONS);
}

function inOrder(text: string, query: string): boolean {
  let from = 0;
  for (const char of query) {
    const found = text.indexOf(char, from);
    if (found < 0) return false;
    from = found + 1;
  }
  return true;
}

/**
 * The active entry after a key in a list of `count` entries (`-1`: none active): ArrowDown and
 * ArrowUp move and wrap around, Home and End jump; other keys leave it.
 */
export function moveActive(active: number, key: string, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return Math.min(active, count - 1);
  }
}

/** The text after choosing a command: `/name ` and whatever followed the typed name. */
export function chooseCommand(text: string, trigger: Trigger, name: string): string {
  return `/${name} ${text.slice(trigger.end).trimStart()}`;
}

/** The text after choosing a file: the `@query` is removed (the file becomes a chip). */
export function removeTrigger(text: string, trigger: Trigger): string {
  return text.slice(0, trigger.start) + text.slice(trigger.end).replace(/^ /, '');
}

/**
 * A prompt that runs a command: `/name arguments…`, when `name` is one of the host's commands.
 * Otherwise undefined, and the text goes as a plain prompt (a path like `/etc/hosts` is not a command).
 */
export function parseCommand(
  text: string,
  commands: readonly SlashCommand[] | undefined,
): { command: string; arguments: string } | undefined {
  const match = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match?.[1] || !commands?.some((command) => command.name === match[1])) return undefined;
  return { command: match[1], arguments: (match[2] ?? '').trim() };
}

/** The DOM id of option `index` of listbox `listId` (the prompt's `aria-activedescendant`). */
export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}
