/**
 * Push latency: from a host event to the push request at the push service. The scripted host
 * (`sse-host.mjs`) emits `permission.asked`; the push gateway (`npm start -- --proxy <host>`, a
 * child process, as a user runs it) watches it and sends a Web Push (VAPID, aes128gcm) to a fake
 * push service on 127.0.0.1 that verifies and decrypts it. Measured per request: the time from
 * the host writing the event to the push service having the decrypted push (one clock: host and
 * push service run in this process). Each request is then answered (`permission.replied`) and its
 * withdrawal awaited, so requests never overlap. The first pushes (session title fetch, TLS
 * handshake) are warm-up and not counted.
 *
 * Target (issue 16): p95 ≤ 100 ms on loopback.
 *
 *   node bench/push.mjs [--json <file>]   (builds dist/ first when it is missing, as npm start does)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../e2e/fixtures/gateway.mjs';
import { startPushService } from '../e2e/fixtures/push-service.mjs';
import { isMain, parseArgs } from './lib/cli.mjs';
import { makeSessions } from './lib/data.mjs';
import { figure, median, percentile, printFigures } from './lib/figures.mjs';
import { startSseHost } from './sse-host.mjs';

const REQUESTS = Number(process.env.BENCH_PUSH_REQUESTS ?? 60);
const WARM_UP = 3;
const DIRECTORY = '/bench/workspace';

/**
 * Runs the bench (the app URL run.mjs passes is not needed: the gateway serves its own dist/).
 * @returns {Promise<ReturnType<typeof figure>[]>}
 */
export async function run() {
  const [session] = makeSessions(1, { prefix: 'ses_push' });
  const host = await startSseHost({ sessions: [session] });
  const pushService = await startPushService();
  const stateParent = mkdtempSync(join(tmpdir(), 'owpwa-bench-push-'));
  const gateway = await startGateway({
    proxy: host.url,
    stateDir: join(stateParent, 'state'),
    caFile: pushService.caFile,
  });
  try {
    const device = pushService.subscribe();
    const response = await fetch(`${gateway.url}/push/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({ subscription: device.subscription, host: gateway.hostUrl, directory: DIRECTORY }),
    });
    if (response.status !== 201) throw new Error(`subscribing answered ${response.status}: ${await response.text()}`);
    await host.waitForClients(1);
    await waitForLive(gateway.url);

    const latencies = [];
    for (let i = 0; i < REQUESTS + WARM_UP; i += 1) {
      const id = `per_bench_${String(i).padStart(4, '0')}`;
      const seen = device.received.length;
      const emittedAt = Date.now();
      host.emit({
        type: 'permission.asked',
        properties: {
          id,
          sessionID: session.id,
          permission: 'bash',
          patterns: [`npm test -- --shard ${i}`],
          metadata: { command: `npm test -- --shard ${i}` },
          always: ['npm *'],
        },
      });
      const push = await device.next({ after: seen, timeoutMs: 10_000 });
      if (push.payload.requestID !== id) throw new Error(`expected the push for ${id}, got ${push.payload.requestID}`);
      if (i >= WARM_UP) latencies.push(push.at - emittedAt);
      host.emit({ type: 'permission.replied', properties: { sessionID: session.id, requestID: id, reply: 'once' } });
      await device.next({ after: seen + 1, timeoutMs: 10_000 });
    }
    const note = `${latencies.length} requests after ${WARM_UP} warm-up; gateway as a child process, push service verifies VAPID and decrypts`;
    return [
      figure('push', 'host event → push at the push service, p50', median(latencies), 'ms', undefined, note),
      figure('push', 'host event → push at the push service, p95', percentile(latencies, 95), 'ms', { max: 100 }, note),
    ];
  } catch (error) {
    throw new Error(`${error.message}\n--- the gateway's output ---\n${gateway.log().slice(-2000)}`);
  } finally {
    await gateway.stop();
    await pushService.close();
    await host.close();
    rmSync(stateParent, { recursive: true, force: true });
  }
}

/** Waits until the gateway reports its watch live (ms timeout). */
async function waitForLive(gatewayUrl, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await (await fetch(`${gatewayUrl}/push/status`)).json();
    if (status.watching?.[0]?.state === 'live') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the gateway's watch was not live within ${timeoutMs} ms`);
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  let rows;
  let code = 0;
  try {
    rows = await run();
  } catch (error) {
    console.error(error);
    rows = [figure('push', 'bench failed', null, '', undefined, String(error?.message ?? error).split('\n')[0])];
    code = 1;
  }
  printFigures('push', rows);
  if (typeof args.json === 'string') writeFileSync(args.json, JSON.stringify(rows, null, 2));
  process.exit(code);
}
