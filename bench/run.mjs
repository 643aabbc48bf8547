/**
 * `npm run bench`: builds the working tree once (bench/.dist), serves it with `vite preview` on
 * 127.0.0.1, runs every bench one after the other (each in its own process with a time limit, the
 * whole run within 9.5 minutes), prints each table, writes bench/results.json and rewrites the
 * results table in bench/README.md.
 *
 *   node bench/run.mjs                       everything
 *   node bench/run.mjs --only streaming,load some benches (results.json and README keep the rest)
 *   node bench/run.mjs --baseline <git-ref>  also build that commit and run every bench on it
 *                                            first, for a before/after table from one run
 *                                            (about twice as long)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIST, buildApp, ROOT, serveApp } from './lib/app.mjs';
import { parseArgs } from './lib/cli.mjs';
import { figure, markdownTable } from './lib/figures.mjs';
import { runLimited } from './lib/process.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const RESULTS = join(HERE, 'results.json');
const README = join(HERE, 'README.md');
/** The whole run, build included, stays under the issue's 10 minutes on 2 cores. */
const TOTAL_BUDGET_MS = 570_000;

/** Each bench: its script and the most it may take (it bounds its own waits well inside this). */
const BENCHES = [
  { name: 'load', script: 'load.mjs', limitMs: 60_000 },
  { name: 'cold-start', script: 'cold-start.mjs', limitMs: 200_000 },
  { name: 'event-to-pixel', script: 'event-to-pixel.mjs', limitMs: 120_000 },
  { name: 'streaming', script: 'streaming.mjs', limitMs: 150_000 },
  { name: 'long-session', script: 'long-session.mjs', limitMs: 240_000 },
  { name: 'many-sessions', script: 'many-sessions.mjs', limitMs: 60_000 },
  { name: 'composer', script: 'composer.mjs', limitMs: 120_000 },
  { name: 'push', script: 'push.mjs', limitMs: 150_000 },
];

const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already exited.
      }
    }
    process.exit(130);
  });
}

/** Runs one bench script in its own process group; kills the group (its Chromium too) at the limit. */
function runBench(bench, target, limitMs) {
  const out = join(tmpdir(), `openwork-bench-${process.pid}-${bench.name}.json`);
  rmSync(out, { force: true });
  const args = [
    join(HERE, bench.script),
    '--json',
    out,
    ...(bench.name === 'load' ? ['--dir', target.dist] : ['--app', target.url]),
  ];
  const started = Date.now();
  let pid;
  const onSpawn = (spawned) => running.add((pid = spawned));
  return runLimited(process.execPath, args, { timeoutMs: limitMs, cwd: ROOT, onSpawn }).then(({ code, timedOut }) => {
    running.delete(pid);
    const ms = Date.now() - started;
    let rows = [];
    if (existsSync(out)) {
      rows = JSON.parse(readFileSync(out, 'utf8'));
      rmSync(out, { force: true });
    }
    if (timedOut)
      rows.push(
        figure(
          bench.name,
          'bench stopped at its time limit',
          null,
          '',
          undefined,
          `killed after ${Math.round(limitMs / 1000)} s`,
        ),
      );
    else if (rows.length === 0)
      rows.push(figure(bench.name, 'bench failed', null, '', undefined, `exit code ${code}, no figures`));
    console.log(`(${bench.name}: ${(ms / 1000).toFixed(1)} s)`);
    return { rows, ms };
  });
}

function quiet(command, args) {
  try {
    return execFileSync(command, args, {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Informational only (no git, no Chromium): the results say "unknown".
    return 'unknown';
  }
}

/**
 * The source of a commit in <tmp>/openwork-pwa-bench-baseline/<sha>/tree (git archive; outside the
 * repository so lint and tests never see it), sharing the working tree's node_modules.
 */
function checkoutBaseline(ref) {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`not a commit: ${ref}`);
  const dir = join(tmpdir(), 'openwork-pwa-bench-baseline', sha.slice(0, 12));
  const tree = join(dir, 'tree');
  if (!existsSync(join(tree, 'package.json'))) {
    mkdirSync(tree, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${tree}"`], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!existsSync(join(tree, 'node_modules')))
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  return { ref, commit: sha.slice(0, 7), tree, dist: join(dir, 'dist') };
}

function rewriteReadme(results) {
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const { machine, app } = results;
  const before = results.baseline
    ? ` Before = the same benches, same run, on ${results.baseline.ref}${results.baseline.commit.startsWith(results.baseline.ref) ? '' : ` (${results.baseline.commit})`}.`
    : '';
  const block = [
    start,
    `Last run: ${results.generatedAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.chromium}; app at ${app.commit}${app.dirty ? ' with uncommitted changes' : ''}; ${Math.round(results.durationMs / 1000)} s in all.${before}`,
    '',
    markdownTable(results.figures, results.baseline ? `before (${results.baseline.commit})` : undefined),
    end,
  ].join('\n');
  const text = existsSync(README) ? readFileSync(README, 'utf8') : '# Benchmarks\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from !== -1 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n## Results\n\n${block}\n`;
  writeFileSync(README, next);
}

const args = parseArgs();
const only = typeof args.only === 'string' ? new Set(args.only.split(',')) : undefined;
const selected = BENCHES.filter((b) => !only || only.has(b.name));
const runStart = Date.now();

/** What gets measured: the working tree, and first the baseline commit when asked for. */
const targets = [];
if (typeof args.baseline === 'string') {
  const baseline = checkoutBaseline(args.baseline);
  console.log(`bench: building ${baseline.ref} (${baseline.commit}) into ${baseline.dist}`);
  const ms = await buildApp(baseline.dist, baseline.tree);
  console.log(`bench: built in ${(ms / 1000).toFixed(1)} s`);
  targets.push({ label: `before: ${baseline.ref}`, ...baseline, server: await serveApp(baseline.dist, baseline.tree) });
}
console.log('bench: building the working tree into bench/.dist');
const buildMs = await buildApp();
console.log(`bench: built in ${(buildMs / 1000).toFixed(1)} s`);
targets.push({ label: 'working tree', dist: BENCH_DIST, server: await serveApp() });
for (const t of targets) {
  t.url = t.server.url;
  t.figures = [];
  console.log(`bench: ${t.label} at ${t.url}`);
}

try {
  for (const bench of selected) {
    for (const target of targets) {
      const left = TOTAL_BUDGET_MS - (Date.now() - runStart);
      if (left < 15_000) {
        target.figures.push(
          figure(bench.name, 'bench skipped', null, '', undefined, 'the run had used its 9.5 min budget'),
        );
        continue;
      }
      console.log(`\n--- ${bench.name}${targets.length > 1 ? ` (${target.label})` : ''} ---`);
      const { rows } = await runBench(bench, target, Math.min(bench.limitMs, left));
      target.figures.push(...rows);
    }
  }
} finally {
  for (const t of targets) await t.server.close();
}

const now = targets.at(-1);
const base = targets.length > 1 ? targets[0] : undefined;
const figures = now.figures.map((row) => {
  if (!base) return row;
  const match = base.figures.find((b) => b.bench === row.bench && b.figure === row.figure);
  return { ...row, before: match ? match.value : null };
});
const order = (r) => BENCHES.findIndex((x) => x.name === r.bench);
const previous = only && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')).figures ?? []) : [];
const merged = only
  ? [...previous.filter((r) => !only.has(r.bench)), ...figures].sort((a, b) => order(a) - order(b))
  : figures;
const results = {
  generatedAt: new Date().toISOString(),
  durationMs: Date.now() - runStart,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    chromium: quiet(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
  },
  app: {
    commit: quiet('git', ['rev-parse', '--short', 'HEAD']),
    dirty: quiet('git', ['status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts', 'package.json']) !== '',
  },
  ...(base ? { baseline: { ref: base.ref, commit: base.commit } } : {}),
  figures: merged,
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
rewriteReadme(results);

const missed = merged.filter((r) => r.met === false);
console.log(
  `\nbench: ${merged.length} figures, ${merged.filter((r) => r.met === true).length} targets met, ${missed.length} missed; ${Math.round(results.durationMs / 1000)} s in all`,
);
for (const r of missed)
  console.log(
    `  missed: [${r.bench}] ${r.figure}: ${r.value ?? 'n/a'} ${r.unit} (target ${r.target})${base ? `; before: ${r.before ?? 'n/a'}` : ''}`,
  );
console.log('bench: wrote bench/results.json and the table in bench/README.md');
// Benchmarks print figures; missing a target is not a failure of the run.
process.exit(0);
