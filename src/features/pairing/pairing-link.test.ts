import { afterEach, describe, expect, it } from 'vitest';
import {
  adoptQueryPairingLink,
  buildPairingLink,
  parsePairingParams,
  scrubPairingLink,
  type PairingParams,
} from './pairing-link';

/** The query inside a hash-routed link: `…#/pair?x=1` → `?x=1`. */
function hashSearch(link: string): string {
  const hash = new URL(link).hash;
  return hash.slice(hash.indexOf('?'));
}

describe('parsePairingParams', () => {
  it('reads url, token, name, directory and workspace', () => {
    expect(
      parsePairingParams(
        '?url=http%3A%2F%2F192.168.1.20%3A8787&token=tok_123&name=My%20laptop&directory=%2Fhome%2Fme%2Fproject&workspace=ws_1',
      ),
    ).toEqual({
      url: 'http://192.168.1.20:8787',
      token: 'tok_123',
      name: 'My laptop',
      directory: '/home/me/project',
      workspaceId: 'ws_1',
    });
  });

  it("accepts OpenWork's ow_url / ow_token invite parameters", () => {
    expect(parsePairingParams('ow_url=https%3A%2F%2Fhost.example&ow_token=owt_9')).toEqual({
      url: 'https://host.example',
      token: 'owt_9',
    });
  });

  it('prefers url/token over the ow_ aliases when both are present', () => {
    expect(parsePairingParams('?ow_url=http://a&url=http://b&token=t1&ow_token=t2')).toEqual({
      url: 'http://b',
      token: 't1',
    });
  });

  it('falls back to an alias when the plain parameter is blank', () => {
    expect(parsePairingParams('?url=%20&ow_url=http://a')).toEqual({ url: 'http://a' });
  });

  it('trims values and leaves out empty ones', () => {
    expect(parsePairingParams('?url=%20http://a%20&token=&name=%20%20')).toEqual({ url: 'http://a' });
  });

  it('returns nothing for a plain visit', () => {
    expect(parsePairingParams('')).toEqual({});
    expect(parsePairingParams('?utm_source=x')).toEqual({});
  });
});

describe('scrubPairingLink', () => {
  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('removes the token from the address bar without adding a history entry', () => {
    window.history.pushState({ idx: 3 }, '', '/#/pair?url=http%3A%2F%2F127.0.0.1%3A4096&token=secret-token');
    const entries = window.history.length;
    expect(window.location.href).toContain('secret-token');

    scrubPairingLink();

    expect(window.location.href).toBe(`${window.location.origin}/#/pair`);
    expect(window.location.href).not.toContain('secret-token');
    expect(window.history.length).toBe(entries);
    expect(window.history.state).toEqual({ idx: 3 });
  });

  it('keeps the path the app is served from', () => {
    window.history.replaceState(null, '', '/apps/openwork/#/pair?token=secret-token');
    scrubPairingLink(window);
    expect(window.location.pathname).toBe('/apps/openwork/');
    expect(window.location.hash).toBe('#/pair');
  });
});

describe('buildPairingLink', () => {
  it('puts the parameters in the hash, so the token never reaches the server hosting the app', () => {
    const link = buildPairingLink('https://app.example/#/hosts', { url: 'http://10.0.0.5:4096', token: 'secret' });
    expect(link).toBe('https://app.example/#/pair?url=http%3A%2F%2F10.0.0.5%3A4096&token=secret');
    expect(new URL(link).search).toBe('');
  });

  it('round-trips every field, including characters that need escaping, through parsePairingParams', () => {
    const params: PairingParams = {
      url: 'http://192.168.1.20:8787/w/ws 1',
      token: 'a+b/c=d&e?f#g',
      name: 'Ana’s laptop',
      directory: '/home/me/my project',
      workspaceId: 'ws_1',
    };
    expect(parsePairingParams(hashSearch(buildPairingLink('https://app.example/', params)))).toEqual(params);
  });

  it('leaves out absent fields', () => {
    const link = buildPairingLink('http://localhost:5173', { url: 'http://127.0.0.1:4096' });
    expect(link).toBe('http://localhost:5173#/pair?url=http%3A%2F%2F127.0.0.1%3A4096');
    expect(parsePairingParams(hashSearch(link))).toEqual({ url: 'http://127.0.0.1:4096' });
  });
});

describe('adoptQueryPairingLink', () => {
  afterEach(() => {
    window.history.replaceState(null, '', '/');
  });

  it('moves an OpenWork invite query (?ow_url&ow_token) into the pairing route', () => {
    window.history.replaceState(null, '', '/?ow_url=http%3A%2F%2F10.0.0.5%3A8787&ow_token=invite-token');
    expect(adoptQueryPairingLink()).toBe(true);
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#/pair?ow_url=http%3A%2F%2F10.0.0.5%3A8787&ow_token=invite-token');
    scrubPairingLink();
    expect(window.location.href).not.toContain('invite-token');
  });

  it('leaves an ordinary address alone', () => {
    window.history.replaceState(null, '', '/#/s/ses_1');
    expect(adoptQueryPairingLink()).toBe(false);
    expect(window.location.hash).toBe('#/s/ses_1');
  });
});
