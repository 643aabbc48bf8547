/**
 * Source text with syntax highlighting. highlight.js (its common languages) loads on first use, so
 * it never weighs on the first screen; until then, and for unknown languages, plain text shows.
 * highlight.js escapes the source, so its HTML output carries no markup from the file.
 */
import { useEffect, useState } from 'react';

type Highlighter = (code: string, path: string) => string | undefined;

let loading: Promise<Highlighter> | undefined;

function loadHighlighter(): Promise<Highlighter> {
  loading ??= import('highlight.js/lib/common').then(({ default: hljs }) => (code: string, path: string) => {
    const ext = path.split('.').pop()?.toLowerCase() ?? '';
    const language = hljs.getLanguage(ext) ? ext : undefined;
    if (!language || code.length > 200_000) return undefined;
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  });
  return loading;
}

export function CodeView({ code, path }: { code: string; path: string }) {
  // The highlighted HTML is kept with the source it belongs to, so a new file never shows stale markup.
  const [highlighted, setHighlighted] = useState<{ code: string; path: string; html: string | undefined }>();
  useEffect(() => {
    let live = true;
    void loadHighlighter().then((highlight) => {
      if (live) setHighlighted({ code, path, html: highlight(code, path) });
    });
    return () => {
      live = false;
    };
  }, [code, path]);
  const html = highlighted && highlighted.code === code && highlighted.path === path ? highlighted.html : undefined;
  return (
    <pre className="code-view">
      {html === undefined ? <code>{code}</code> : <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />}
    </pre>
  );
}
