/** A unified diff, one line per row, coloured by kind; readable on a narrow screen. */
export function DiffView({ diff }: { diff: string }) {
  if (!diff.trim()) return <p className="empty">No differences.</p>;
  return (
    <pre className="diff-view" aria-label="Differences">
      {diff
        .split('\n')
        .filter((line) => !/^(=+|Index: .*)$/.test(line))
        .map((line, i) => {
          const kind =
            line.startsWith('+++') || line.startsWith('---')
              ? 'meta'
              : line.startsWith('+')
                ? 'add'
                : line.startsWith('-')
                  ? 'del'
                  : line.startsWith('@@')
                    ? 'hunk'
                    : 'ctx';
          return (
            <span key={i} className={`diff-line diff-${kind}`}>
              {line}
              {'\n'}
            </span>
          );
        })}
    </pre>
  );
}
