/**
 * Renders model-written markdown inertly: raw HTML in the text is dropped (no `rehype-raw`),
 * unsafe link protocols are removed by react-markdown's default URL transform, links open in a
 * new tab without referrer, and images are not loaded (their alt text and address are shown).
 */
import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ alt, src }) => <span className="md-image">[image: {alt || 'untitled'}{typeof src === 'string' && src ? ` — ${src}` : ''}]</span>,
};

/** Markdown text, memoised on its source so unchanged parts do not re-render. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
