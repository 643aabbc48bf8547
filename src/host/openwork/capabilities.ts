/** What an OpenWork host offers (`GET /capabilities`), and the write timeout that follows from it. */
import { isRecord, numberOr } from '@/lib/guards';
import type { PairedHost } from '../types';
import { objectOf } from './answers';
import { call } from './client';

/**
 * Feature flags of a host (`GET /capabilities`). A missing block means "not offered"; a block
 * that is not an object is dropped, and a permission that is not `true` reads as `false`.
 * `approvals.timeoutMs` is in ms. Blocks this app does not know are kept as the host sent them.
 */
export interface OpenworkCapabilities {
  skills?: { read: boolean; write: boolean };
  plugins?: { read: boolean; write: boolean };
  mcp?: { read: boolean; write: boolean };
  commands?: { read: boolean; write: boolean };
  config?: { read: boolean; write: boolean };
  approvals?: { mode: 'manual' | 'auto'; timeoutMs: number };
  proxy?: { opencode?: boolean };
  [key: string]: unknown;
}

/** How long a host waits for its owner to approve a write when it publishes no timeout: 30 s (in ms). */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 30_000;

/** How long a write may take, in ms: the host's approval timeout plus 10 s, so the host decides first. */
export function writeTimeoutMs(capabilities: OpenworkCapabilities | undefined): number {
  return (capabilities?.approvals?.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS) + 10_000;
}

const PERMISSION_BLOCKS = ['skills', 'plugins', 'mcp', 'commands', 'config'] as const;

const readCapabilities = objectOf('an object of capabilities', (body): OpenworkCapabilities => {
  const capabilities: OpenworkCapabilities = { ...body };
  for (const key of PERMISSION_BLOCKS) {
    const block = body[key];
    if (isRecord(block)) capabilities[key] = { read: block.read === true, write: block.write === true };
    else delete capabilities[key];
  }
  const { approvals, proxy } = body;
  if (isRecord(approvals))
    capabilities.approvals = {
      mode: approvals.mode === 'auto' ? 'auto' : 'manual',
      timeoutMs: numberOr(approvals.timeoutMs, DEFAULT_APPROVAL_TIMEOUT_MS),
    };
  else delete capabilities.approvals;
  if (isRecord(proxy)) capabilities.proxy = typeof proxy.opencode === 'boolean' ? { opencode: proxy.opencode } : {};
  else delete capabilities.proxy;
  return capabilities;
});

/**
 * `GET /capabilities` → {@link OpenworkCapabilities}.
 *
 * @throws {HostError} `bad-response` when the answer is not an object; see `call` for the rest.
 */
export function getCapabilities(host: PairedHost): Promise<OpenworkCapabilities> {
  return call(host, { path: '/capabilities', template: '/capabilities' }, {}, readCapabilities);
}
