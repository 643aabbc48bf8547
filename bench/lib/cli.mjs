/**
 * What every bench script shares when run on its own (`node bench/streaming.mjs`): find or make
 * the app to measure, run, print the figures beside their targets, and optionally write them.
 *
 * Flags:
 *   --app <url>     measure an app already served there (run.mjs passes its own preview server)
 *   --no-build      serve the existing bench/.dist instead of building the working tree first
 *   --json <file>   also write the figures as JSON (run.mjs collects them this way)
 */
import { writeFileSync } from 'node:fs';
import { buildApp, serveApp } from './app.mjs';
import { figure, printFigures } from './figures.mjs';

/** Reads `--name value` and `--flag` arguments. */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args[name] = next;
      i += 1;
    } else args[name] = true;
  }
  return args;
}

/** True when `metaUrl` is the script node was started with. */
export function isMain(metaUrl) {
  return metaUrl === `file://${process.argv[1]}`;
}

/**
 * Runs a bench as a script: `run({appUrl, args})` returns figures.
 * @param {string} name the bench's short name
 * @param {(ctx: {appUrl: string, args: Record<string, string | boolean>}) => Promise<object[]>} run
 */
export async function runStandalone(name, run) {
  const args = parseArgs();
  let server;
  let code = 0;
  try {
    let appUrl = typeof args.app === 'string' ? args.app : undefined;
    if (!appUrl) {
      if (!args['no-build']) {
        const ms = await buildApp();
        console.log(`built the working tree into bench/.dist in ${Math.round(ms)} ms`);
      }
      server = await serveApp();
      appUrl = server.url;
    }
    let rows;
    try {
      rows = await run({ appUrl, args });
    } catch (error) {
      console.error(error);
      rows = [figure(name, 'bench failed', null, '', undefined, String(error?.message ?? error).split('\n')[0])];
      code = 1;
    }
    printFigures(name, rows);
    if (typeof args.json === 'string') writeFileSync(args.json, JSON.stringify(rows, null, 2));
  } finally {
    await server?.close();
  }
  // A lingering socket or timer must not keep a finished bench alive.
  process.exit(code);
}
