import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, safeUrl, splitMarkdownBlocks } from './markdown';

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

describe('safeUrl', () => {
  it('keeps absolute http(s) and mailto addresses', () => {
    expect(safeUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(safeUrl('HTTP://EXAMPLE.com')).toBe('HTTP://EXAMPLE.com');
    expect(safeUrl('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'irc:example.com',
    '//evil.example/x',
    '#/pair?url=http://evil.example',
    'relative/path.md',
    'ｊａｖａｓｃｒｉｐｔ:alert(1)',
  ])('refuses %j', (url) => {
    expect(safeUrl(url)).toBe('');
  });
});

describe('Markdown with hostile input', () => {
  it('renders raw HTML as nothing: no element, no handler', () => {
    const { container } = render(
      <Markdown
        text={'<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\ntext <b onmouseover=alert(1)>bold</b>'}
      />,
    );
    expect(container.querySelector('script, img, b, [onerror], [onmouseover]')).toBeNull();
    expect(container.textContent).toContain('text');
  });

  it('keeps the text of a link with an unsafe address, not the link', () => {
    const { container } = render(
      <Markdown
        text={
          '[r]: data:text/html,x\n[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) <javascript:alert(1)> [c][r]\n\n[ok](https://example.com)'
        }
      />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com']);
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    expect(container.textContent).toContain('a b javascript:alert(1) c');
  });

  it('never loads an image, whatever its address', () => {
    const { container } = render(<Markdown text={'![x](javascript:alert(1)) ![y](https://example.com/t.png)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('[image: x]');
    expect(container.textContent).toContain('[image: y — https://example.com/t.png]');
  });
});
