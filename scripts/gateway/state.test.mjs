import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openState } from './state.mjs';

const dirs = [];
function freshDir() {
  const parent = mkdtempSync(join(tmpdir(), 'gw-state-test-'));
  dirs.push(parent);
  return join(parent, 'state');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const subscription = (n) => ({
  endpoint: `https://push.example.test/${n}`,
  expirationTime: null,
  keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
});
const input = (n, runs = false) => ({ subscription: subscription(n), host: 'https://h/host', options: { runs } });
const mode = (path) => statSync(path).mode & 0o777;

describe('the state folder', () => {
  it('makes VAPID keys once and keeps them, with the folder 0700 and every file 0600', () => {
    const dir = freshDir();
    const first = openState(dir);
    first.upsert(input(1));
    first.saveCredential('Bearer device-token');
    expect(first.vapid.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(mode(dir)).toBe(0o700);
    for (const file of [first.files.vapid, first.files.subscriptions, first.files.credential])
      expect(mode(file)).toBe(0o600);
    expect(openState(dir).vapid).toEqual(first.vapid);
  });

  it('keeps subscriptions, options and the credential across a restart', () => {
    const dir = freshDir();
    const store = openState(dir);
    const { record } = store.upsert(input(1, true));
    store.saveCredential('Basic b3BlbmNvZGU6cHc=');
    const reopened = openState(dir);
    expect(reopened.list()).toEqual([record]);
    expect(reopened.get(record.id)?.options).toEqual({ runs: true });
    expect(reopened.credential()).toBe('Basic b3BlbmNvZGU6cHc=');
  });

  it('answers the same id for the same endpoint and updates its options', () => {
    const store = openState(freshDir());
    const first = store.upsert(input(1, false));
    const again = store.upsert(input(1, true));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, record: { id: first.record.id, options: { runs: true } } });
    expect(store.list()).toHaveLength(1);
  });

  it('drops a subscription for good, with its share of pushed requests', () => {
    const dir = freshDir();
    const store = openState(dir);
    const kept = store.upsert(input(1)).record;
    const gone = store.upsert(input(2)).record;
    store.markPushed('per_1', 'ses_1', 'opencode:', kept.id, true);
    store.markPushed('per_1', 'ses_1', 'opencode:', gone.id, true);
    expect(store.remove(gone.id)).toBe(true);
    expect(store.remove(gone.id)).toBe(false);
    const reopened = openState(dir);
    expect(reopened.list().map((s) => s.id)).toEqual([kept.id]);
    expect(reopened.pushed.per_1.subscriptions).toEqual([kept.id]);
  });
});
