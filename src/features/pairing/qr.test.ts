import { describe, expect, it } from 'vitest';
import { parsePairingParams } from './pairing-link';
import { pairingTextToSearch } from './qr';

describe('pairingTextToSearch', () => {
  it('reads the parameters of a pairing link shown by another device', () => {
    const search = pairingTextToSearch(
      'https://app.example/#/pair?url=http%3A%2F%2F10.0.0.5%3A4096&token=t0k&name=Laptop',
    );
    expect(parsePairingParams(search!)).toEqual({ url: 'http://10.0.0.5:4096', token: 't0k', name: 'Laptop' });
  });

  it('reads an OpenWork invite link (?ow_url&ow_token)', () => {
    const search = pairingTextToSearch('https://app.example/?ow_url=http%3A%2F%2F10.0.0.5%3A8787&ow_token=invite');
    expect(parsePairingParams(search!)).toEqual({ url: 'http://10.0.0.5:8787', token: 'invite' });
  });

  it('takes a bare host URL as the address to pair with', () => {
    expect(parsePairingParams(pairingTextToSearch('http://192.168.1.20:4096')!)).toEqual({
      url: 'http://192.168.1.20:4096',
    });
  });

  it('refuses text that is not a link', () => {
    expect(pairingTextToSearch('hello world')).toBeUndefined();
    expect(pairingTextToSearch('mailto:someone@example.com')).toBeUndefined();
  });
});
