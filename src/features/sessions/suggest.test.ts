import { describe, expect, it } from 'vitest';
import {
  chooseCommand,
  filterCommands,
  filterFiles,
  MAX_SUGGESTIONS,
  moveActive,
  parseCommand,
  removeTrigger,
  triggerAt,
} from './suggest';

const commands = [
  { name: 'init', description: 'create AGENTS.md' },
  { name: 'review', description: 'review the changes' },
  { name: 'preview', description: 'show the site' },
  { name: 'test', description: 'run the unit tests, then review' },
];

describe('triggerAt', () => {
  it('opens the command list only for a / at the start, before any space', () => {
    expect(triggerAt('/rev', 4)).toEqual({ kind: 'command', query: 'rev', start: 0, end: 4 });
    expect(triggerAt('/review now', 11)).toBeUndefined();
    expect(triggerAt('see /etc', 8)).toBeUndefined();
  });

  it('opens the file list for an @ at the start or after a space, up to the caret', () => {
    expect(triggerAt('look at @src/ma', 15)).toEqual({ kind: 'file', query: 'src/ma', start: 8, end: 15 });
    expect(triggerAt('@', 1)).toEqual({ kind: 'file', query: '', start: 0, end: 1 });
    expect(triggerAt('mail me@example.com', 19)).toBeUndefined();
    expect(triggerAt('@src/main.ts and more', 21)).toBeUndefined();
  });
});

describe('filterCommands', () => {
  it('puts names starting with the query first, then names containing it, then descriptions', () => {
    expect(filterCommands(commands, 'rev').map((c) => c.name)).toEqual(['review', 'preview', 'test']);
    expect(filterCommands(commands, 'REV').map((c) => c.name)).toEqual(['review', 'preview', 'test']);
  });

  it('lists every command for an empty query and none for a query nothing matches', () => {
    expect(filterCommands(commands, '')).toHaveLength(4);
    expect(filterCommands(commands, 'zzz')).toEqual([]);
  });
});

describe('filterFiles', () => {
  const paths = ['src/main.ts', 'src/app/layout.tsx', 'docs/manual.md', 'README.md'];

  it('keeps files whose name contains the query first, then fuzzy matches over the path', () => {
    expect(filterFiles(paths, 'ma')).toEqual(['src/main.ts', 'docs/manual.md']);
    expect(filterFiles(paths, 'rdm')).toEqual(['README.md']);
    expect(filterFiles(paths, 'lay')).toEqual(['src/app/layout.tsx']);
  });

  it('shows at most MAX_SUGGESTIONS of 2,000 files', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `src/file-${i}.ts`);
    expect(filterFiles(many, 'file')).toHaveLength(MAX_SUGGESTIONS);
    expect(filterFiles(many, 'file-1999')).toEqual(['src/file-1999.ts']);
  });
});

describe('moveActive', () => {
  it('moves with the arrows, wraps around, and jumps with Home and End', () => {
    expect(moveActive(0, 'ArrowDown', 3)).toBe(1);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(0, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(1, 'Home', 3)).toBe(0);
    expect(moveActive(0, 'End', 3)).toBe(2);
    expect(moveActive(2, 'a', 0)).toBe(-1);
  });
});

describe('choosing and sending', () => {
  it('fills in the command name and keeps what followed it', () => {
    const trigger = triggerAt('/re', 3);
    expect(trigger && chooseCommand('/re', trigger, 'review')).toBe('/review ');
  });

  it('removes the @query of a chosen file from the text', () => {
    const trigger = triggerAt('explain @ma', 11);
    expect(trigger && removeTrigger('explain @ma', trigger)).toBe('explain ');
  });

  it('runs a command only when its name is one of the host commands', () => {
    expect(parseCommand('/review the parser\nplease', commands)).toEqual({
      command: 'review',
      arguments: 'the parser\nplease',
    });
    expect(parseCommand('/init', commands)).toEqual({ command: 'init', arguments: '' });
    expect(parseCommand('/etc/hosts is broken', commands)).toBeUndefined();
    expect(parseCommand('run /review', commands)).toBeUndefined();
  });
});
