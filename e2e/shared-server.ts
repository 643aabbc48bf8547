/**
 * Leaves the shared OpenCode server (global setup's, used by most specs) clean after each spec
 * file: specs count what waits in the inbox, so a permission request or question that one spec
 * left pending, or a run it left going, would make the next spec's counts wrong and turn one
 * failure into several. After every file this lists `GET /permission`, `GET /question` and
 * `GET /session/status`, rejects what still waits, aborts what still runs, and prints one line to
 * stderr naming the file, so the spec that left it can be fixed.
 *
 * A spec that failed halfway is the usual cause; a passing spec that leaves something is a defect
 * of that spec.
 */
import { relative } from 'node:path';
import { afterAll, expect, inject } from 'vitest';

const base = inject('opencodeUrl');
const specFile = relative(process.cwd(), expect.getState().testPath ?? '(unknown file)');

async function call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return undefined;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    // The server is down or slow: nothing to clean that we could reach; the next spec will say so.
    return undefined;
  }
}

afterAll(async () => {
  if (!base) return;
  const left: string[] = [];
  for (const request of (await call<Array<{ id: string }>>('GET', '/permission')) ?? []) {
    left.push(`permission ${request.id}`);
    await call('POST', `/permission/${request.id}/reply`, { reply: 'reject' });
  }
  for (const request of (await call<Array<{ id: string }>>('GET', '/question')) ?? []) {
    left.push(`question ${request.id}`);
    await call('POST', `/question/${request.id}/reject`);
  }
  const statuses = (await call<Record<string, { type: string }>>('GET', '/session/status')) ?? {};
  for (const [sessionId, status] of Object.entries(statuses)) {
    if (status.type === 'idle') continue;
    left.push(`a ${status.type} run in ${sessionId}`);
    await call('POST', `/session/${sessionId}/abort`);
  }
  if (left.length > 0)
    process.stderr.write(
      `e2e: ${specFile} left on the shared OpenCode server: ${left.join(', ')} (rejected / aborted now)\n`,
    );
}, 30_000);
