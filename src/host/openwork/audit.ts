/** A workspace's audit log (`GET /workspace/:id/audit`): who changed what, newest first. */
import { isRecord, nonEmptyString, stringOr } from '@/lib/guards';
import type { PairedHost } from '../types';
import { itemsOf, readActor } from './answers';
import { call, workspaceRoute } from './client';

/** One audit entry: `actor` is who asked (`clientId` names the device), `timestamp` epoch ms. */
export interface AuditEntry {
  id: string;
  workspaceId: string;
  actor: { type: string; clientId?: string; scope?: string };
  action: string;
  target: string;
  summary: string;
  /** Epoch ms. */
  timestamp: number;
}

/**
 * One audit entry in the app's shape; undefined (skipped) without an id or a numeric timestamp,
 * since the log shows each entry by its time. Missing texts read as empty.
 */
export function readAuditEntry(value: unknown): AuditEntry | undefined {
  if (!isRecord(value)) return undefined;
  const id = nonEmptyString(value.id);
  const timestamp = value.timestamp;
  if (!id || typeof timestamp !== 'number' || !Number.isFinite(timestamp)) return undefined;
  return {
    id,
    workspaceId: stringOr(value.workspaceId, ''),
    actor: readActor(value.actor),
    action: stringOr(value.action, ''),
    target: stringOr(value.target, ''),
    summary: stringOr(value.summary, ''),
    timestamp,
  };
}

const readAudit = itemsOf('a list of audit entries', readAuditEntry);

/**
 * `GET /workspace/:id/audit?limit=` → entries, newest first (`limit` ≤ 200 on the host).
 *
 * @throws {HostError} `bad-response` without an `items` list; 404 (`isRouteMissing`) on a host
 *   that keeps no audit log; see `call` for the rest.
 */
export async function listAudit(host: PairedHost, workspaceId: string, limit = 50): Promise<AuditEntry[]> {
  return call(host, workspaceRoute(workspaceId, '/audit'), { query: { limit } }, readAudit);
}
