/**
 * Renders model-written markdown inertly: raw HTML in the text is dropped (`skipHtml`, no
 * `rehype-raw`), so no element, attribute or event handler from the text reaches the DOM; only
 * absolute http(s) and mailto links stay links (`safeUrl`), opening in a new tab without referrer;
 * images are not loaded (their alt text and address are shown). See docs/security.md.
 *
 * The text is rendered block by block (blank-line separated, never inside a code fence), each block
 * memoised: while a reply streams, only its last block is parsed again, not the whole reply.
 */
import { memo } from 'react';
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
  let position = offset;
  return (
    <div className="markdown">
      {splitMarkdownBlocks(text).map((block) => {
        // Streaming only appends, so a block's position is stable while it grows.
        const key = position;
        position += block.length + 2;
        return <MarkdownBlock key={key} text={block} />;
      })}
    </div>
  );
});
