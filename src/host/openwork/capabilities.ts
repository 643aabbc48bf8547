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

/** The approval timeout assumed when an `approvals` block names a mode but no timeout: 30 s (in ms), the hosts' default. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 30_000;

/**
 * How long a write may wait when the host does not publish how it approves writes (no `approvals`
 * block, as on the v0.7.1 line), in ms: 15 minutes. Such a host may hold a write for its owner
 * longer than its default 30 s (the timeout is a host setting), so the app waits until the host
 * answers, within this outer bound, rather than give up first.
 */
export const UNPUBLISHED_APPROVAL_WAIT_MS = 15 * 60_000;

/**
 * How a host approves writes, as far as it says: `manual` (held until its owner answers, up to
 * `timeoutMs`), `auto` (done at once), or `unknown` when `/capabilities` has no `approvals` block
 * (or is not loaded): then neither the mode nor the timeout is guessed.
 */
export type ApprovalPolicy = { mode: 'manual' | 'auto'; timeoutMs: number } | { mode: 'unknown' };

/** The {@link ApprovalPolicy} published in `capabilities` (`unknown` without an `approvals` block). */
export function approvalPolicy(capabilities: OpenworkCapabilities | null | undefined): ApprovalPolicy {
  const approvals = capabilities?.approvals;
  return approvals ? { mode: approvals.mode, timeoutMs: approvals.timeoutMs } : { mode: 'unknown' };
}

/**
 * How long a write may take, in ms: the host's published approval timeout plus 10 s, so the host
 * decides first; {@link UNPUBLISHED_APPROVAL_WAIT_MS} when the host publishes none.
 */
export function writeTimeoutMs(capabilities: OpenworkCapabilities | null | undefined): number {
  const policy = approvalPolicy(capabilities);
  return policy.mode === 'unknown' ? UNPUBLISHED_APPROVAL_WAIT_MS : policy.timeoutMs + 10_000;
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
