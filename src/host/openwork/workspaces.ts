/** The host's workspace list (`GET /workspaces`). */
import type { PairedHost } from '../types';
import { objectOf } from './answers';
import { call } from './client';

/**
 * Checks that a `GET /workspaces` answer holds a workspace list (`items`, or `workspaces` on
 * hosts that send both) and hands the body on unread: `parseWorkspaces` reads the entries.
 */
const readWorkspaceList = objectOf('a list of workspaces', (body, wrong): unknown => {
  if (!Array.isArray(body.items) && !Array.isArray(body.workspaces)) wrong('items');
  return body;
});

/**
 * `GET /workspaces` → the answer `{items, activeId?}` as it came; parse it with
 * `parseWorkspaces`.
 *
 * @throws {HostError} `bad-response` when the answer is not an object with a workspace list; see
 *   `call` for the rest.
 */
export function getWorkspaces(host: PairedHost): Promise<unknown> {
  return call(host, { path: '/workspaces', template: '/workspaces' }, {}, readWorkspaceList);
}
