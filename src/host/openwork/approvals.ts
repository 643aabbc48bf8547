/**
 * The host's own approvals: writes it holds until its owner allows or denies them (`GET
 * /approvals`, `POST /approvals/:id`, owner routes), and who the paired token is (`GET /whoami`).
 */
import { isRecord, nonEmptyString, numberOr, stringList, stringOr } from '@/lib/guards';
import type { PairedHost } from '../types';
import { itemsOf, objectOf, readActor } from './answers';
import { call } from './client';

/** A write the host holds for its owner's decision (`GET /approvals`). */
export interface HostApproval {
  id: string;
  workspaceId: string;
  action: string;
  summary: string;
  /** Absolute paths on the host. */
  paths: string[];
  /** Epoch ms. */
  createdAt: number;
  actor: { type: string; clientId?: string; tokenHash?: string; scope?: string };
}

/**
 * One held write in the app's shape; undefined (skipped) without an id, since it cannot be
 * answered. Missing texts read as empty, `paths` keeps its strings, and a missing `createdAt`
 * reads as now (the moment it was seen), so the owner still sees and can answer it.
 */
export function readHostApproval(value: unknown): HostApproval | undefined {
  if (!isRecord(value)) return undefined;
  const id = nonEmptyString(value.id);
  if (!id) return undefined;
  return {
    id,
    workspaceId: stringOr(value.workspaceId, ''),
    action: stringOr(value.action, ''),
    summary: stringOr(value.summary, ''),
    paths: stringList(value.paths),
    createdAt: numberOr(value.createdAt, Date.now()),
    actor: readActor(value.actor),
  };
}

const readApprovals = itemsOf('a list of approvals', readHostApproval);

/**
 * `GET /approvals` (owner: host token or owner bearer) → the writes the host holds.
 *
 * @throws {HostError} `bad-response` without an `items` list; 401/403 for a token that is not the
 *   owner's; see `call` for the rest.
 */
export async function listHostApprovals(host: PairedHost): Promise<HostApproval[]> {
  return call(host, { path: '/approvals', template: '/approvals' }, { owner: true }, readApprovals);
}

const readReply = objectOf('an answer {ok, allowed}', (body, wrong) => {
  if (typeof body.ok !== 'boolean') wrong('ok');
  return { ok: body.ok as boolean, allowed: body.allowed === true };
});

/**
 * `POST /approvals/:id` `{reply: 'allow' | 'deny'}` → `{ok, allowed}`.
 *
 * @throws {HostError} 404 `approval_not_found` (already answered or timed out); `bad-response`
 *   without a boolean `ok`; see `call` for the rest.
 */
export function replyHostApproval(
  host: PairedHost,
  id: string,
  reply: 'allow' | 'deny',
): Promise<{ ok: boolean; allowed: boolean }> {
  return call(
    host,
    { path: `/approvals/${encodeURIComponent(id)}`, template: '/approvals/{id}' },
    { method: 'POST', body: { reply }, owner: true },
    readReply,
  );
}

const readWhoami = objectOf('an answer {ok, actor}', (body, wrong) => {
  if (!isRecord(body.actor)) wrong('actor');
  const actor = readActor(body.actor);
  return {
    ok: typeof body.ok === 'boolean' ? body.ok : true,
    actor: { type: actor.type, ...(actor.scope ? { scope: actor.scope } : {}) },
  };
});

/**
 * `GET /whoami` → who the paired token is; `actor.scope` is `viewer`, `collaborator` or `owner`
 * (absent on hosts that name none). `ok` reads as true when the host leaves it out.
 *
 * @throws {HostError} `bad-response` without an `actor` object; 404 on hosts without the route.
 */
export function whoami(host: PairedHost): Promise<{ ok: boolean; actor: { type: string; scope?: string } }> {
  return call(host, { path: '/whoami', template: '/whoami' }, {}, readWhoami);
}
