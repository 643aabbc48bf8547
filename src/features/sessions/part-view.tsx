/** One part of a message: text, reasoning, tool call, file edit summary, file. */
import { createContext, memo, useContext, useState } from 'react';
import { StreamingMarkdown } from '@/components/markdown';
import type { Part, ToolPart } from '@/domain';

/**
 * Text parts longer than this (characters) are shown a page at a time: parsing megabytes of
 * markdown in one go would freeze the page (a host can send a 20 MB message).
 */
export const TEXT_PAGE_CHARS = 50_000;
/** Tool output and errors longer than this are cut, with the rest counted. */
const TOOL_TEXT_CHARS = 4_000;
/** A patch lists at most this many file names. */
const PATCH_FILES = 20;

function clipText(text: string, limit: number): string {
  return text.length > limit
    ? `${text.slice(0, limit)}\n… (${(text.length - limit).toLocaleString('en')} more characters)`
    : text;
}

/** A page start moved forward to the next paragraph within this many characters, so it starts cleanly. */
const PARAGRAPH_SNAP_CHARS = 2_000;

/**
 * Where the shown end of a long text starts: whole pages back from the last page boundary, so
 * the start stays put while text streams in (it moves one page at a time), snapped to the next
 * paragraph when one is near.
 */
function tailStart(text: string, pages: number): number {
  const lastBoundary = Math.floor(text.length / TEXT_PAGE_CHARS) * TEXT_PAGE_CHARS;
  const start = Math.max(0, lastBoundary - TEXT_PAGE_CHARS * pages);
  if (start === 0) return 0;
  const paragraph = text.indexOf('\n\n', start);
  return paragraph !== -1 && paragraph - start < PARAGRAPH_SNAP_CHARS ? paragraph + 2 : start;
}

/**
 * Markdown of a text part; one longer than {@link TEXT_PAGE_CHARS} a page at a time: by default its end,
 * like a chat (a reply still streaming keeps showing its newest text), with "Show earlier"; or,
 * on request, from the beginning with "Show more".
 */
function LongText({ text }: { text: string }) {
  const [view, setView] = useState<{ from: 'end' | 'start'; pages: number }>({ from: 'end', pages: 1 });
  const total = text.length.toLocaleString('en');
  const long = text.length > TEXT_PAGE_CHARS;
  const fromStart = long && view.from === 'start' && text.length > TEXT_PAGE_CHARS * view.pages;
  const start = long && !fromStart ? tailStart(text, view.pages) : 0;
  const end = fromStart ? TEXT_PAGE_CHARS * view.pages : text.length;
  // One shape whatever is shown (note, text, note), so the Markdown below is never remounted when
  // a streaming reply grows past a page: only the blocks that changed are parsed again, and text
  // still arriving shows as plain text until its blocks are parsed (StreamingMarkdown).
  return (
    <>
      {start > 0 ? (
        <p className="text-truncated">
          Showing the last {(text.length - start).toLocaleString('en')} of {total} characters.{' '}
          <button type="button" className="link-button" onClick={() => setView({ from: 'end', pages: view.pages + 1 })}>
            Show earlier
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setView({ from: 'start', pages: 1 })}>
            Read from the beginning
          </button>
        </p>
      ) : null}
      <StreamingMarkdown text={start > 0 || end < text.length ? text.slice(start, end) : text} offset={start} />
      {fromStart ? (
        <p className="text-truncated">
          Showing the first {end.toLocaleString('en')} of {total} characters.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setView({ from: 'start', pages: view.pages + 1 })}
          >
            Show more
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setView({ from: 'end', pages: 1 })}>
            Show the end
          </button>
        </p>
      ) : null}
    </>
  );
}

const STATUS_LABEL: Record<ToolPart['state']['status'], string> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  error: 'error',
};

/** A one-line summary of a tool's input: the command, the file path, or the pattern. */
export function summarizeToolInput(input: Record<string, unknown>): string {
  for (const key of ['command', 'filePath', 'path', 'pattern', 'url', 'description']) {
    const value = input[key];
    if (typeof value === 'string' && value) return value;
  }
  const json = JSON.stringify(input);
  return json === '{}' ? '' : json.slice(0, 120);
}

/**
 * Whether the session these parts belong to is running (OpenCode `session.status` not `idle`), or
 * undefined while that is not known. A tool call still marked `pending`/`running` in a session that
 * is idle will never finish: OpenCode leaves it so when the server stops mid-call (a restart, a
 * crash). It is shown as interrupted instead of spinning forever.
 */
export const SessionRunningContext = createContext<boolean | undefined>(undefined);

/**
 * False for parts of a message other than the session's latest assistant message: OpenCode works
 * on one assistant message at a time, so a tool call left `running` in an earlier one (the server
 * stopped mid-call, then the run went on) is interrupted even while the session runs again.
 */
export const LatestAssistantMessageContext = createContext(true);

function ToolCall({ part }: { part: ToolPart }) {
  const { state } = part;
  const running = useContext(SessionRunningContext);
  const latest = useContext(LatestAssistantMessageContext);
  const interrupted = (running === false || !latest) && (state.status === 'pending' || state.status === 'running');
  const summary = summarizeToolInput(state.input);
  const title = state.status === 'completed' || state.status === 'running' ? state.title : undefined;
  const shown = interrupted ? 'interrupted' : state.status;
  return (
    <div className={`tool tool-${shown}`} data-testid="tool-part">
      <div className="tool-head">
        <span className="tool-name">{part.tool}</span>
        <span className="tool-summary">{title || summary}</span>
        <span className={`tool-status tool-status-${shown}`}>
          {interrupted ? 'interrupted' : STATUS_LABEL[state.status]}
        </span>
      </div>
      {interrupted ? (
        <p className="tool-interrupted">
          Stopped before it finished: the session is no longer running (the server may have restarted). Send a prompt to
          continue.
        </p>
      ) : null}
      {state.status === 'completed' && state.output ? (
        <details className="tool-output">
          <summary>Output</summary>
          <pre>{clipText(state.output, TOOL_TEXT_CHARS)}</pre>
        </details>
      ) : null}
      {state.status === 'error' ? <p className="tool-error">{clipText(state.error, TOOL_TEXT_CHARS)}</p> : null}
    </div>
  );
}

/** Renders one part; memoised on the part object, which the cache replaces only when it changes. */
export const PartView = memo(function PartView({ part }: { part: Part }) {
  switch (part.type) {
    case 'text':
      if (part.synthetic || part.ignored) return null;
      return <LongText text={part.text} />;
    case 'reasoning':
      return part.text ? (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <LongText text={part.text} />
        </details>
      ) : null;
    case 'tool':
      return <ToolCall part={part} />;
    case 'patch':
      return (
        <div className="patch">
          Changed {part.files.length} file{part.files.length === 1 ? '' : 's'}:{' '}
          {part.files
            .slice(0, PATCH_FILES)
            .map((f) => f.split('/').pop())
            .join(', ')}
          {part.files.length > PATCH_FILES ? ` and ${part.files.length - PATCH_FILES} more` : ''}
        </div>
      );
    case 'file':
      // Only a data URL is shown inline: a file:// or remote URL would not load (and must not be fetched).
      return /^image\//i.test(part.mime) && typeof part.url === 'string' && part.url.startsWith('data:image/') ? (
        <figure className="file-part">
          <img src={part.url} alt={part.filename ?? 'Attached image'} className="file-thumb" loading="lazy" />
        </figure>
      ) : (
        <div className="file-part">Attached: {part.filename ?? part.mime}</div>
      );
    case 'retry':
      return <div className="retry-part">Retrying…</div>;
    default:
      return null;
  }
});
