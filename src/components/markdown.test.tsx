import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, splitMarkdownBlocks } from './markdown';

describe('splitMarkdownBlocks', () => {
  it('splits paragraphs at blank lines', () => {
    expect(splitMarkdownBlocks('one\n\ntwo\nstill two\n\n\nthree')).toEqual(['one', 'two\nstill two', 'three']);
  });

  it('never splits inside a fenced code block', () => {
    const code = '```js\nconst a = 1;\n\nconst b = 2;\n```';
    expect(splitMarkdownBlocks(`intro\n\n${code}\n\nafter`)).toEqual(['intro', code, 'after']);
  });

  it('keeps an unterminated fence (still streaming) as one block', () => {
    expect(splitMarkdownBlocks('text\n\n```\nline\n\nmore')).toEqual(['text', '```\nline\n\nmore']);
  });
});

describe('Markdown', () => {
  it('renders every block, code fences intact', () => {
    render(<Markdown text={'# Title\n\nA paragraph with **bold**.\n\n```\nx = 1\n\ny = 2\n```'} />);
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(screen.getByText('bold').tagName).toBe('STRONG');
    expect(screen.getByText(/x = 1\s+y = 2/)).toBeInTheDocument();
  });
});
