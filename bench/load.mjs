/**
 * Load: first-screen JavaScript and CSS of the production build (what index.html loads and its
 * static imports; lazy route chunks excluded), gzip and brotli, and every chunk's size.
 * Target: first-screen JS ≤ 130 kB gzip (was 150 kB until the first screen was trimmed).
 *
 *   node bench/load.mjs            build the working tree into bench/.dist, then measure
 *   node bench/load.mjs --no-build measure bench/.dist as it is
 *   node bench/load.mjs --dir dist measure another build folder
 */
import { buildApp, BENCH_DIST } from './lib/app.mjs';
import { FIRST_SCREEN_JS_GZIP_BUDGET, kB, measureBuild } from './lib/bundle.mjs';
import { isMain, parseArgs } from './lib/cli.mjs';
import { figure, printFigures } from './lib/figures.mjs';

/** Prints the per-chunk table. */
function printChunks(report) {
  console.log('\nchunks (gzip / brotli / raw), first screen first:');
  for (const c of report.chunks) {
    console.log(
      `  ${c.firstScreen ? '*' : ' '} ${c.file.padEnd(48)} ${kB(c.gzip).padStart(9)} ${kB(c.brotli).padStart(9)} ${kB(c.raw).padStart(9)}`,
    );
  }
  console.log('  (* = loaded by the first screen)');
  if (report.lazy.length) {
    console.log('\nlazy chunks, with what they statically pull in beyond the first screen (gzip):');
    for (const l of report.lazy)
      console.log(
        `    ${l.entry.padEnd(48)} ${kB(l.gzip).padStart(9)}  (${l.files.length} file${l.files.length === 1 ? '' : 's'})`,
      );
  }
}

/**
 * Measures a build folder and returns figures.
 * @param {string} distDir
 */
export function loadFigures(distDir) {
  const report = measureBuild(distDir);
  const { jsSizes, cssSizes, js, css } = report.firstScreen;
  const rows = [
    figure(
      'load',
      'first-screen JS (gzip)',
      jsSizes.gzip / 1000,
      'kB',
      { max: FIRST_SCREEN_JS_GZIP_BUDGET / 1000 },
      `${js.length} files: ${js.map((f) => f.replace(/^assets\//, '')).join(', ')}`,
    ),
    figure('load', 'first-screen JS (brotli)', jsSizes.brotli / 1000, 'kB'),
    figure('load', 'first-screen JS (raw)', jsSizes.raw / 1000, 'kB'),
    figure(
      'load',
      'first-screen CSS (gzip)',
      cssSizes.gzip / 1000,
      'kB',
      undefined,
      `${css.length} file${css.length === 1 ? '' : 's'}`,
    ),
    figure('load', 'first-screen CSS (brotli)', cssSizes.brotli / 1000, 'kB'),
    figure(
      'load',
      'all JS chunks (gzip)',
      report.totalJs.gzip / 1000,
      'kB',
      undefined,
      `${report.chunks.filter((c) => c.kind === 'js').length} chunks`,
    ),
  ];
  for (const l of report.lazy.slice(0, 8)) {
    rows.push(
      figure(
        'load',
        `lazy chunk ${l.entry.replace(/^assets\//, '').replace(/-[\w-]{8}\.m?js$/, '')} (gzip)`,
        l.gzip / 1000,
        'kB',
      ),
    );
  }
  return { rows, report };
}

/** The bench as run.mjs calls it: build (unless told not to) and measure. */
export async function run({ args = {} } = {}) {
  const distDir = typeof args.dir === 'string' ? args.dir : BENCH_DIST;
  if (typeof args.dir !== 'string' && !args['no-build']) {
    const ms = await buildApp(distDir);
    console.log(`built the working tree into ${distDir} in ${Math.round(ms)} ms`);
  }
  const { rows, report } = loadFigures(distDir);
  printChunks(report);
  return rows;
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  const rows = await run({ args });
  printFigures('load', rows);
  if (typeof args.json === 'string') (await import('node:fs')).writeFileSync(args.json, JSON.stringify(rows, null, 2));
}
