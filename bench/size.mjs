/**
 * The size budget for CI: first-screen JS ≤ 130 kB gzip, measured like bench/load.mjs.
 *
 *   node bench/size.mjs --check            build the working tree into bench/.dist, exit 1 over budget
 *   node bench/size.mjs --check --dir dist check an existing build instead of building
 *
 * Without --check it only prints.
 */
import { buildApp, BENCH_DIST } from './lib/app.mjs';
import { FIRST_SCREEN_JS_GZIP_BUDGET, kB, measureBuild } from './lib/bundle.mjs';
import { parseArgs } from './lib/cli.mjs';

const args = parseArgs();
const distDir = typeof args.dir === 'string' ? args.dir : BENCH_DIST;
if (typeof args.dir !== 'string') await buildApp(distDir);

const { firstScreen } = measureBuild(distDir);
const gzip = firstScreen.jsSizes.gzip;
const over = gzip > FIRST_SCREEN_JS_GZIP_BUDGET;
console.log(
  `first-screen JS: ${kB(gzip)} gzip, ${kB(firstScreen.jsSizes.brotli)} brotli (${firstScreen.js.length} files); budget ${kB(FIRST_SCREEN_JS_GZIP_BUDGET)} gzip`,
);
for (const file of firstScreen.js) console.log(`  ${file}`);
if (over) {
  console.error(
    `size budget exceeded by ${kB(gzip - FIRST_SCREEN_JS_GZIP_BUDGET)}: move heavy code behind a lazy import (see bench/README.md)`,
  );
  if (args.check) process.exit(1);
} else {
  console.log(`within budget (${kB(FIRST_SCREEN_JS_GZIP_BUDGET - gzip)} to spare)`);
}
