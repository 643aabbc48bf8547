/** One part of a message: text, reasoning, tool call, file edit summary, file. */
import { memo } from 'react';
import { Markdown } from '@/components/markdown';
import type { Part, ToolPart } from '@/host';

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

function ToolCall({ part }: { part: ToolPart }) {
  const { state } = part;
  const summary = summarizeToolInput(state.input);
  const title = state.status === 'completed' || state.status === 'running' ? state.title : undefined;
  return (
    <div className={`tool tool-${state.status}`} data-testid="tool-part">
      <div className="tool-head">
        <span className="tool-name">{part.tool}</span>
        <span className="tool-summary">{title || summary}</span>
        <span className={`tool-status tool-status-${state.status}`}>{STATUS_LABEL[state.status]}</span>
      </div>
      {state.status === 'completed' && state.output ? (
        <details className="tool-output">
          <summary>Output</summary>
          <pre>{state.output.length > 4000 ? `${state.output.slice(0, 4000)}\n… (${state.output.length - 4000} more characters)` : state.output}</pre>
        </details>
      ) : null}
      {state.status === 'error' ? <p className="tool-error">{state.error}</p> : null}
    </div>
  );
}

/** Renders one part; memoised on the part object, which the cache replaces only when it changes. */
export const PartView = memo(function PartView({ part }: { part: Part }) {
  switch (part.type) {
    case 'text':
      if (part.synthetic || part.ignored) return null;
      return <Markdown text={part.text} />;
    case 'reasoning':
      return part.text ? (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <Markdown text={part.text} />
        </details>
      ) : null;
    case 'tool':
      return <ToolCall part={part} />;
    case 'patch':
      return (
        <div className="patch">
          Changed {part.files.length} file{part.files.length === 1 ? '' : 's'}: {part.files.map((f) => f.split('/').pop()).join(', ')}
        </div>
      );
    case 'file':
      return <div className="file-part">Attached: {part.filename ?? part.mime}</div>;
    case 'retry':
      return <div className="retry-part">Retrying…</div>;
    default:
      return null;
  }
});
