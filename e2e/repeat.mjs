#!/usr/bin/env node
/**
 * Runs the e2e suite N times in a row on one build and says, per test, how often it failed
 * (issue 15): a flake shows up here before it reaches CI.
 *
 *   npm run test:e2e:repeat                 # 5 runs
 *   npm run test:e2e:repeat -- --runs 10    # or: npm run test:e2e:repeat -- 10
 *   npm run test:e2e:repeat -- --runs 3 e2e/pairing-link.spec.ts   # further arguments go to vitest
 *
 * The app is built once (then E2E_REUSE_BUILD=1 tells e2e/global-setup.ts to use that dist/).
 * Each run uses vitest's dot reporter on the console and its JSON reporter to a file; the logs and
 * reports stay in a temp directory, printed at the end. The table lists the tests that failed at
 * least once, then the runs that exited non-zero although every test passed (unhandled errors),
 * with the first line of each error. Exits 1 when any run failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

/** `--runs N`, `--runs=N` or a first bare number; everything else goes to vitest. */
function parseArgs(argv) {
  let runs = 5;
  const rest = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--runs') runs = Number(argv[(i += 1)]);
    else if (arg.startsWith('--runs=')) runs = Number(arg.slice('--runs='.length));
    else if (i === 0 && /^\d+$/.test(arg)) runs = Number(arg);
    else rest.push(arg);
  }
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('usage: npm run test:e2e:repeat -- [--runs N | N] [vitest arguments]');
    process.exit(2);
  }
  return { runs, rest };
}

/** One vitest run: output shown and kept, JSON report to `jsonFile`. */
function runOnce(jsonFile, logFile, rest) {
  return new Promise((resolve) => {
    const args = [
      VITEST,
      'run',
      '--config',
      'e2e/vitest.config.ts',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${jsonFile}`,
      ...rest,
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, E2E_REUSE_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code, signal) => {
      writeFileSync(logFile, output);
      resolve({ code: code ?? 1, signal, output: stripVTControlCharacters(output) });
    });
    child.on('error', (error) => resolve({ code: 1, signal: null, output: String(error) }));
  });
}

/** Per test (file › name): passed or not, from vitest's JSON report. Null when there is none. */
function results(jsonFile) {
  if (!existsSync(jsonFile)) return null;
  let report;
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    return null;
  }
  const tests = new Map();
  for (const file of report.testResults ?? []) {
    const name = relative(ROOT, file.name);
    let failedTests = 0;
    for (const test of file.assertionResults ?? []) {
      const failed = test.status === 'failed';
      if (failed) failedTests += 1;
      tests.set(`${name} › ${[...(test.ancestorTitles ?? []), test.title].join(' > ')}`, failed);
    }
    // A file that failed with no failed test in it: a hook, or it did not load.
    if (file.status === 'failed' && failedTests === 0) tests.set(`${name} › (the file: hooks or load)`, true);
  }
  return tests;
}

/** The first line of each unhandled error vitest reported, and the e2e setup's line naming its test. */
function unhandledErrors(output) {
  const lines = output.split('\n');
  const errors = [];
  lines.forEach((line, i) => {
    if (!/(Unhandled Rejection|Uncaught Exception|Unhandled Error)\b/.test(line) || /Unhandled Errors/.test(line))
      return;
    const first = lines.slice(i + 1).find((next) => next.trim() !== '');
    errors.push((first ?? line).trim());
  });
  const named = lines
    .filter((line) => /^e2e: (unhandled rejection|uncaught exception)/.test(line))
    .map((line) => line.trim());
  if (errors.length === 0 && named.length === 0) {
    const any = lines.find((line) => /Unhandled|Error:/.test(line));
    if (any) errors.push(any.trim());
  }
  return { errors, named };
}

async function main() {
  const { runs, rest } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'e2e-repeat-'));

  console.log('e2e repeat: building the app once');
  const build = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error(`e2e repeat: the build failed (exit ${build.status ?? build.signal})`);
    process.exit(1);
  }

  const failures = new Map(); // test -> runs it failed in
  const perRun = [];
  for (let run = 1; run <= runs; run += 1) {
    console.log(`\ne2e repeat: run ${run} of ${runs}`);
    const jsonFile = join(dir, `run-${run}.json`);
    const { code, signal, output } = await runOnce(jsonFile, join(dir, `run-${run}.log`), rest);
    const tests = results(jsonFile);
    const failed = tests ? [...tests].filter(([, f]) => f).map(([name]) => name) : [];
    for (const name of failed) failures.set(name, [...(failures.get(name) ?? []), run]);
    perRun.push({
      run,
      code,
      signal,
      tests: tests?.size ?? 0,
      failed: failed.length,
      hasReport: tests !== null,
      output,
    });
    console.log(
      `e2e repeat: run ${run}: exit ${code}${signal ? ` (${signal})` : ''}, ${tests ? `${tests.size - failed.length} of ${tests.size} tests passed` : 'no JSON report'}`,
    );
  }

  const failedRuns = perRun.filter((r) => r.code !== 0);
  const testsPerRun = [...new Set(perRun.map((r) => r.tests))].join(' or ');
  console.log(
    `\ne2e repeat: ${runs} run${runs === 1 ? '' : 's'} of the e2e suite on one build (${testsPerRun} tests a run)${rest.length ? `, vitest arguments: ${rest.join(' ')}` : ''}`,
  );
  if (failures.size === 0) console.log('no test failed in any run');
  else {
    console.log(' failed  test');
    const rows = [...failures].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    for (const [name, inRuns] of rows)
      console.log(
        `${`${inRuns.length}/${runs}`.padStart(7)}  ${name}  (run${inRuns.length === 1 ? '' : 's'} ${inRuns.join(', ')})`,
      );
  }
  const testFailures = [...failures.values()].reduce((sum, inRuns) => sum + inRuns.length, 0);
  console.log(
    `total: ${testFailures} test failure${testFailures === 1 ? '' : 's'} (${failures.size} distinct test${failures.size === 1 ? '' : 's'}); ${failedRuns.length} of ${runs} runs exited non-zero`,
  );

  const quietFailures = failedRuns.filter((r) => r.failed === 0);
  if (quietFailures.length > 0) {
    console.log('runs that exited non-zero with every test passing:');
    for (const r of quietFailures) {
      const { errors, named } = unhandledErrors(r.output);
      const why = r.hasReport ? `${r.tests} of ${r.tests} passed` : 'no JSON report';
      console.log(
        `  run ${r.run} (exit ${r.code}, ${why}): ${errors.length} unhandled error${errors.length === 1 ? '' : 's'}`,
      );
      for (const line of errors) console.log(`    ${line}`);
      for (const line of named) console.log(`    ${line}`);
    }
  }
  console.log(`logs and JSON reports: ${dir}`);
  process.exit(failedRuns.length > 0 ? 1 : 0);
}

await main();
