/**
 * A reply that is still streaming: new text shows at once as plain text, becomes markdown once the
 * stream pauses, and blocks already parsed are not parsed again as more text arrives.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import ReactMarkdown from 'react-markdown';
import { describe, expect, it, vi } from 'vitest';
import { markdownBlockStarts, STREAM_PARSE_STEP_CHARS, StreamingMarkdown } from './markdown';

// The real parser, counted: how often each block's text is parsed.
vi.mock('react-markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-markdown')>();
  return { ...actual, default: vi.fn(actual.default) };
});

/** How many times markdown whose source is exactly `text` was parsed. */
const parsedTimes = (text: string) =>
  vi.mocked(ReactMarkdown).mock.calls.filter(([props]) => props.children === text).length;

describe('markdownBlockStarts', () => {
  it('marks where each block after the first starts, never inside a code fence', () => {
    const text = 'one\n\ntwo\n\n```\na\n\nb\n```\n\nthree';
    expect(markdownBlockStarts(text).map((i) => text.slice(i, i + 3))).toEqual(['two', '```', 'thr']);
  });

  it('has no start after an open block, such as an unterminated fence', () => {
    expect(markdownBlockStarts('text\n\n```\nline\n\nmore')).toEqual([6]);
  });
});

describe('StreamingMarkdown', () => {
  it('renders text it mounts with as markdown at once', () => {
    render(<StreamingMarkdown text={'# Title\n\nSome **bold** text.'} />);
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(screen.getByText('bold').tagName).toBe('STRONG');
  });

  it('shows arriving text at once as plain text, and as markdown when the stream pauses', async () => {
    const { rerender } = render(<StreamingMarkdown text="Intro" />);
    rerender(<StreamingMarkdown text={'Intro\n\n# Plan\n\nSome **bold** te'} />);
    // In the same commit: every character is on screen, the newest ones as typed.
    expect(screen.getByText(/Some \*\*bold\*\* te/)).toBeInTheDocument();
    rerender(<StreamingMarkdown text={'Intro\n\n# Plan\n\nSome **bold** text.'} />);
    expect(screen.getByText(/Some \*\*bold\*\* text\./)).toBeInTheDocument();

    // Nothing more arrives: the open block is parsed too.
    expect(await screen.findByText('bold')).toHaveProperty('tagName', 'STRONG');
    expect(screen.getByRole('heading', { name: 'Plan' })).toBeInTheDocument();
    expect(screen.queryByText(/\*\*bold\*\*/)).not.toBeInTheDocument();
  });

  it('keeps streamed HTML inert while it is plain text', () => {
    const { container, rerender } = render(<StreamingMarkdown text="" />);
    rerender(<StreamingMarkdown text={'Look: <img src=x onerror=alert(1)><script>alert(2)</script>'} />);
    expect(screen.getByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    expect(container.querySelector('img, script')).toBeNull();
  });

  it('parses each completed block once while the reply keeps growing', async () => {
    vi.mocked(ReactMarkdown).mockClear();
    let text = 'First block stays the same.';
    const { rerender } = render(<StreamingMarkdown text={text} />);
    for (let i = 0; i < 12; i += 1) {
      text += `\n\nBlock ${i} with a few words`;
      rerender(<StreamingMarkdown text={text} />);
      // A delta a frame or so apart, sometimes slower than the parse interval.
      await act(() => new Promise((resolve) => setTimeout(resolve, i % 3 === 0 ? 160 : 10)));
    }
    await waitFor(() => expect(screen.getByText('Block 11 with a few words').tagName).toBe('P'));
    await waitFor(() => expect(document.querySelector('.markdown-tail')).toBeNull());
    expect(parsedTimes('First block stays the same.')).toBe(1);
    for (let i = 0; i < 12; i += 1) expect(parsedTimes(`Block ${i} with a few words`)).toBe(1);
  });

  it('parses a long burst in bounded steps, the rest shown as plain text meanwhile', async () => {
    vi.mocked(ReactMarkdown).mockClear();
    const block = (i: number) => `Paragraph ${i}: ${'word '.repeat(80).trim()}`;
    const blocks = Array.from({ length: 60 }, (_, i) => block(i));
    const { rerender } = render(<StreamingMarkdown text="" />);
    rerender(<StreamingMarkdown text={blocks.join('\n\n')} />);
    // The first step parses at most one step's worth of characters.
    await waitFor(() => expect(vi.mocked(ReactMarkdown).mock.calls.length).toBeGreaterThan(0));
    const firstStep = vi
      .mocked(ReactMarkdown)
      .mock.calls.reduce((sum, [props]) => sum + String(props.children).length, 0);
    expect(firstStep).toBeLessThanOrEqual(STREAM_PARSE_STEP_CHARS);
    expect(document.querySelector('.markdown-tail')).toHaveTextContent('Paragraph 59:');
    // Then the rest, until nothing is plain.
    await waitFor(() => expect(document.querySelector('.markdown-tail')).toBeNull(), { timeout: 3_000 });
    expect(screen.getAllByText(/^Paragraph \d+:/).every((p) => p.tagName === 'P')).toBe(true);
    for (const text of blocks) expect(parsedTimes(text)).toBe(1);
  });
});
