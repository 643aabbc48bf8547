import { describe, expect, it } from 'vitest';
import { HostError } from './errors';
import { isMixedContent, parseHostUrl, replaceLoopback } from './url';

/** Runs `fn` and returns the HostError it throws (fails the test if it does not throw one). */
function hostErrorOf(fn: () => unknown): HostError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HostError);
    return error as HostError;
  }
  throw new Error('expected a HostError, but nothing was thrown');
}

describe('parseHostUrl', () => {
  it.each([
    ['192.168.1.20:8787', 'http://192.168.1.20:8787'],
    ['localhost:4096', 'http://localhost:4096'],
    ['box.tailnet.ts.net', 'http://box.tailnet.ts.net'],
  ])('adds http:// when the user typed no scheme (%s)', (input, base) => {
    expect(parseHostUrl(input)).toEqual({ base });
  });

  it('keeps an https scheme and trims surrounding spaces', () => {
    expect(parseHostUrl('  https://box.tailnet.ts.net/  ')).toEqual({ base: 'https://box.tailnet.ts.net' });
  });

  it('drops trailing slashes, the query and the hash', () => {
    expect(parseHostUrl('http://127.0.0.1:4096///')).toEqual({ base: 'http://127.0.0.1:4096' });
    expect(parseHostUrl('http://127.0.0.1:4096/?token=x#frag')).toEqual({ base: 'http://127.0.0.1:4096' });
  });

  it('keeps a path prefix (a host behind a reverse proxy)', () => {
    expect(parseHostUrl('https://example.com/openwork/')).toEqual({ base: 'https://example.com/openwork' });
  });

  it('splits a trailing /w/<id> workspace mount off the base', () => {
    expect(parseHostUrl('http://192.168.1.20:8787/w/ws_1a2b3c4d5e6f')).toEqual({
      base: 'http://192.168.1.20:8787',
      workspaceId: 'ws_1a2b3c4d5e6f',
    });
    expect(parseHostUrl('http://192.168.1.20:8787/w/ws_1/')).toEqual({
      base: 'http://192.168.1.20:8787',
      workspaceId: 'ws_1',
    });
  });

  it('decodes the workspace id and keeps the prefix before the mount', () => {
    expect(parseHostUrl('https://example.com/openwork/w/rem_a%20b')).toEqual({
      base: 'https://example.com/openwork',
      workspaceId: 'rem_a b',
    });
  });

  it('does not treat /w/ in the middle of a path as a mount', () => {
    expect(parseHostUrl('http://127.0.0.1:8787/w/ws_1/opencode')).toEqual({
      base: 'http://127.0.0.1:8787/w/ws_1/opencode',
    });
  });

  it.each(['', '   ', 'ftp://files.example.com', 'http://', 'http://exa mple.com'])(
    'rejects %j as invalid-url with a next step',
    (input) => {
      const error = hostErrorOf(() => parseHostUrl(input));
      expect(error.code).toBe('invalid-url');
      expect(error.nextStep).not.toBe('');
    },
  );
});

describe('replaceLoopback', () => {
  const paired = 'http://192.168.1.20:8787';

  it.each([
    'http://127.0.0.1:4096',
    'http://localhost:4096',
    'http://[::1]:4096',
    'http://0.0.0.0:4096',
    'http://127.0.1.1:4096',
  ])('replaces the loopback host of %s with the paired host and keeps the engine port', (engine) => {
    expect(replaceLoopback(engine, paired)).toBe('http://192.168.1.20:4096');
  });

  it('takes the protocol from the paired URL too', () => {
    expect(replaceLoopback('http://127.0.0.1:4096', 'https://box.tailnet.ts.net')).toBe(
      'https://box.tailnet.ts.net:4096',
    );
  });

  it('keeps the engine path and drops a trailing slash', () => {
    expect(replaceLoopback('http://127.0.0.1:4096/', paired)).toBe('http://192.168.1.20:4096');
    expect(replaceLoopback('http://localhost:4096/engine', paired)).toBe('http://192.168.1.20:4096/engine');
  });

  it('leaves a non-loopback engine URL as the host reported it', () => {
    expect(replaceLoopback('http://10.0.0.5:4096', paired)).toBe('http://10.0.0.5:4096');
    expect(replaceLoopback('https://engine.example.com', paired)).toBe('https://engine.example.com');
  });

  it('leaves a loopback engine alone when the user paired over loopback as well', () => {
    expect(replaceLoopback('http://127.0.0.1:4096', 'http://localhost:8787')).toBe('http://127.0.0.1:4096');
  });
});

describe('isMixedContent', () => {
  it('flags an http host on a LAN address from an https page', () => {
    expect(isMixedContent('https:', 'http://192.168.1.20:8787')).toBe(true);
    expect(isMixedContent('https:', 'http://box.local:4096')).toBe(true);
  });

  it.each(['http://127.0.0.1:4096', 'http://localhost:4096', 'http://[::1]:4096'])(
    'exempts loopback %s (potentially trustworthy)',
    (target) => {
      expect(isMixedContent('https:', target)).toBe(false);
    },
  );

  it('does not flag https hosts, nor anything from an http page', () => {
    expect(isMixedContent('https:', 'https://box.tailnet.ts.net')).toBe(false);
    expect(isMixedContent('http:', 'http://192.168.1.20:8787')).toBe(false);
  });
});
