/**
 * Renders model-written markdown inertly: raw HTML in the text is dropped (no `rehype-raw`),
 * unsafe link protocols are removed by react-markdown's default URL transform, links open in a
 * new tab without referrer, and images are not loaded (their alt text and address are shown).
 *
 * The text is rendered block by block (blank-line separated, never inside a code fence), each block
 * memoised: while a reply streams, only its last block is parsed again, not the whole reply.
 */
import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
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
    <ReactMarkdown skipHtml components={components}>
      {text}
    </ReactMarkdown>
  );
});

/** Markdown text, memoised on its source so unchanged parts and blocks do not re-render. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      {splitMarkdownBlocks(text).map((block, index) => (
        // Streaming only appends, so a block's index is stable while it grows.
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
