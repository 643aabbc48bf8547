/**
 * Renders model-written markdown inertly: raw HTML in the text is dropped (`skipHtml`, no
 * `rehype-raw`), so no element, attribute or event handler from the text reaches the DOM; only
 * absolute http(s) and mailto links stay links (`safeUrl`), opening in a new tab without referrer;
 * images are not loaded (their alt text and address are shown). See docs/security.md.
 *
 * The text is rendered block by block (blank-line separated, never inside a code fence), each block
 * memoised: while a reply streams, only its last block is parsed again, not the whole reply.
 * {@link StreamingMarkdown} goes further for text that is still arriving: its newest part is shown
 * as plain text at once and parsed as markdown a few times a second, in bounded steps.
 */
import { memo, useEffect, useRef, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The address a markdown link or image may keep: an absolute http(s) or mailto URL, else `''`.
 * It is judged by the browser's own URL parser, so `&#106;avascript:` (decoded by the markdown
 * parser first), `JaVaScRiPt:`, `java\tscript:`, leading control characters and the like are read
 * exactly as the browser would read the `href`.
 *
 * Stricter than react-markdown's default transform, which keeps `irc:`/`xmpp:` and every relative
 * address: a relative or `#` address in a model's reply means a file in the workspace, but in this
 * app it would resolve against the app itself (e.g. a `#/pair?url=…` link the model chose), and a
 * protocol-relative `//host` one has no scheme to judge. Those render as plain text instead.
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '';
  }
  return LINK_PROTOCOLS.has(parsed.protocol) ? url : '';
}

const components: Components = {
  // A link whose address `safeUrl` refused keeps its text, without a link.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span className="md-link-removed">{children}</span>
    ),
  img: ({ alt, src }) => (
    <span className="md-image">
      [image: {alt || 'untitled'}
      {typeof src === 'string' && src ? ` — ${src}` : ''}]
    </span>
  ),
};

/**
 * Where each block after the first starts (character indices into `text`): just after a run of
 * blank lines outside a fenced code block. Everything before such an index is whole blocks that
 * more text appended later cannot change (a block still open, like an unterminated fence, never
 * ends before its end), which is what {@link StreamingMarkdown} may parse while the rest streams.
 */
export function markdownBlockStarts(text: string): number[] {
  const starts: number[] = [];
  let fence: string | undefined;
  let position = 0;
  let blank = false;
  let seenContent = false;
  for (const line of text.split('\n')) {
    const lineEnd = position + line.length + 1;
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker[0]!;
      else if (marker[0] === fence) fence = undefined;
    }
    const empty = line.trim() === '';
    if (!fence && empty) blank = true;
    else if (!empty || fence) {
      if (blank && seenContent) starts.push(position);
      blank = false;
      seenContent = true;
    }
    position = lineEnd;
  }
  return starts;
}

/** Splits markdown at blank lines outside fenced code blocks; joining the blocks with "\n\n" gives the text back. */
export function splitMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker[0]!;
      else if (marker[0] === fence) fence = undefined;
    }
    if (!fence && line.trim() === '' && current.length > 0) {
      blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    if (line.trim() === '' && current.length === 0) continue;
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown skipHtml urlTransform={safeUrl} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/**
 * Markdown text, memoised on its source so unchanged parts and blocks do not re-render. `offset`
 * (characters) is where `text` starts inside a longer text shown a window at a time: blocks are
 * keyed by their position in the whole text, so moving the window re-parses none of the blocks
 * still in it.
 */
export const Markdown = memo(function Markdown({ text, offset = 0 }: { text: string; offset?: number }) {
  const blocks: { key: number; text: string }[] = [];
  let position = offset;
  for (const block of splitMarkdownBlocks(text)) {
    // Streaming only appends, so a block's position is stable while it grows.
    blocks.push({ key: position, text: block });
    position += block.length + 2;
  }
  return (
    <div className="markdown">
      {blocks.map((block) => (
        <MarkdownBlock key={block.key} text={block.text} />
      ))}
    </div>
  );
});

/** At most this many characters of newly arrived text are parsed as markdown in one step. */
export const STREAM_PARSE_STEP_CHARS = 6_000;
/** While text keeps arriving, its complete blocks are parsed at most this often (ms). */
export const STREAM_PARSE_EVERY_MS = 150;
/** Text unchanged for this long (ms) counts as paused: the last, still open block is parsed too. */
export const STREAM_PAUSE_MS = 120;
/** Pause between two bounded steps of a catch-up (ms), so a frame can be painted in between. */
const STREAM_STEP_GAP_MS = 16;

/**
 * Where (a character index) one step of a catch-up ends: `goal` when it is within `limit` characters
 * of `from`, else the furthest block start within the limit, or the next one when a single block is
 * longer than the limit (a block is never parsed in halves).
 */
function stepTarget(starts: number[], from: number, goal: number, limit: number): number {
  if (goal - from <= limit) return goal;
  let best: number | undefined;
  for (const start of starts) {
    if (start <= from) continue;
    if (start > goal) break;
    if (start <= from + limit || best === undefined) best = start;
    if (start > from + limit) break;
  }
  return best ?? goal;
}

/**
 * Markdown for text that may still be growing (a reply streaming in). Text present when it mounts
 * is rendered as {@link Markdown} at once. Text appended later shows at once as plain text
 * (`white-space: pre-wrap`, inert like React text) after the markdown part, and joins the markdown
 * part in steps: complete blocks at most every {@link STREAM_PARSE_EVERY_MS} ms, the last block
 * once no text arrived for {@link STREAM_PAUSE_MS} ms, never more than
 * {@link STREAM_PARSE_STEP_CHARS} characters per step. Why: re-parsing a growing block and laying
 * out its new elements on every frame made a fast burst cost hundreds of milliseconds on the main
 * thread; a text node update is cheap, and the reader sees every character as it arrives.
 *
 * `offset` is as for {@link Markdown}: where `text` starts inside a longer text shown a window at
 * a time (characters).
 */
export function StreamingMarkdown({ text, offset = 0 }: { text: string; offset?: number }) {
  // Up to where (an index into the whole text, not the window) markdown is shown.
  const [parsedTo, setParsedTo] = useState(() => offset + text.length);
  const timing = useRef({ lastChange: 0, lastStep: Number.NEGATIVE_INFINITY, catchingUp: false });
  const end = offset + text.length;

  useEffect(() => {
    timing.current.lastChange = performance.now();
  }, [text]);

  useEffect(() => {
    if (parsedTo >= end) return undefined;
    const t = timing.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      const now = performance.now();
      t.lastStep = now;
      const paused = now - t.lastChange >= STREAM_PAUSE_MS;
      const starts = markdownBlockStarts(text);
      const goal = paused ? text.length : (starts[starts.length - 1] ?? 0);
      const from = Math.max(0, parsedTo - offset);
      if (goal <= from) {
        // Only the open block is left: parse it once the stream pauses (a new delta re-plans).
        t.catchingUp = false;
        timer = setTimeout(step, Math.max(0, t.lastChange + STREAM_PAUSE_MS - now));
        return;
      }
      const next = stepTarget(starts, from, goal, STREAM_PARSE_STEP_CHARS);
      t.catchingUp = next < goal;
      setParsedTo(offset + next);
    };
    const now = performance.now();
    const delay = t.catchingUp
      ? STREAM_STEP_GAP_MS
      : Math.max(0, Math.min(t.lastStep + STREAM_PARSE_EVERY_MS, t.lastChange + STREAM_PAUSE_MS) - now);
    timer = setTimeout(step, delay);
    return () => clearTimeout(timer);
  }, [text, offset, end, parsedTo]);

  const local = Math.min(Math.max(0, parsedTo - offset), text.length);
  return (
    <>
      <Markdown text={local === text.length ? text : text.slice(0, local)} offset={offset} />
      {local < text.length ? <p className="markdown-tail">{text.slice(local)}</p> : null}
    </>
  );
}
