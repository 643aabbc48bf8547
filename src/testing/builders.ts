/** Data builders for tests: realistic OpenCode shapes with overridable fields. */
import type { PermissionRequest, Session } from '@/domain';
import type { OpencodePairedHost, OpenworkPairedHost, PairedHost } from '@/host';

/** A paired host: direct OpenCode by default; `kind: 'openwork'` (with a `workspaceId`) for an OpenWork one. */
export function buildHost(overrides?: Partial<OpencodePairedHost>): OpencodePairedHost;
export function buildHost(
  overrides: Partial<OpenworkPairedHost> & { kind: 'openwork'; workspaceId: string },
): OpenworkPairedHost;
export function buildHost(overrides: Partial<OpencodePairedHost> | Partial<OpenworkPairedHost> = {}): PairedHost {
  return {
    id: 'host_test',
    name: 'Test host',
    url: 'http://127.0.0.1:4096',
    kind: 'opencode',
    kindReason: 'Direct OpenCode: test.',
    credentials: {},
    opencode: { baseUrl: 'http://127.0.0.1:4096', auth: 'none' },
    pairedAt: 0,
    ...overrides,
  } as PairedHost;
}

export function buildSession(overrides: Partial<Session> = {}): Session {
  return {
    id: 'ses_1',
    slug: 'nimble-orchid',
    projectID: 'prj',
    directory: '/tmp/workspace',
    title: 'My session',
    version: '1.18.33',
    time: { created: 1_000, updated: 2_000 },
    ...overrides,
  } as Session;
}

export function buildPermission(overrides: Partial<PermissionRequest> = {}): PermissionRequest {
  return {
    id: 'per_1',
    sessionID: 'ses_1',
    permission: 'edit',
    patterns: ['approved.txt'],
    metadata: { filepath: '/tmp/workspace/approved.txt', diff: '+hello' },
    always: ['*'],
    tool: { messageID: 'msg_1', callID: 'call_write_1' },
    ...overrides,
  };
}
