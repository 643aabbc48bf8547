/**
 * Figures: one measured value, its unit, and the target it is held to. Every bench script returns
 * a list of these; `run.mjs` writes them to `bench/results.json` and the table in
 * `bench/README.md`.
 *
 * Shape (results.json): `{bench, figure, value, unit, target, met, note?}` where `value` is a
 * number (or null when it could not be measured), `target` a string such as "≤ 150 kB" (or null
 * for a figure printed for context only) and `met` true/false (null without a target).
 */

/**
 * A figure. `target` is `{max}` (value must be ≤ max) or `{min}` (≥ min), in the figure's unit;
 * omit it for a figure without a target.
 *
 * @param {string} bench short name of the script (`load`, `streaming`, …)
 * @param {string} figure what was measured, in words
 * @param {number | null} value
 * @param {string} unit `ms`, `kB`, `%`, `nodes`, `MB`, `count`, `score`
 * @param {{max?: number, min?: number}} [target]
 * @param {string} [note] how it was measured, or why the value is missing or a bound
 */
export function figure(bench, figure, value, unit, target, note) {
  let targetText = null;
  let met = null;
  if (target && typeof target.max === 'number') {
    targetText = `≤ ${withUnit(formatNumber(target.max), unit)}`;
    met = typeof value === 'number' && Number.isFinite(value) ? value <= target.max : false;
  } else if (target && typeof target.min === 'number') {
    targetText = `≥ ${withUnit(formatNumber(target.min), unit)}`;
    met = typeof value === 'number' && Number.isFinite(value) ? value >= target.min : false;
  }
  const row = {
    bench,
    figure,
    value: typeof value === 'number' && Number.isFinite(value) ? round(value) : null,
    unit,
    target: targetText,
    met,
  };
  if (note) row.note = note;
  return row;
}

/**
 * Rounds to a precision that reads well and still shows why a value near its target missed it:
 * integers from 1,000, one decimal from 10, two below.
 */
export function round(value) {
  if (Math.abs(value) >= 1000) return Math.round(value);
  if (Math.abs(value) >= 100) return Math.round(value * 10) / 10;
  if (Math.abs(value) >= 10) return Math.round(value * 10) / 10;
  return Math.round(value * 100) / 100;
}

/** `12345` → `12,345`; keeps decimals. */
export function formatNumber(value) {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Units printed after a number; counts and scores read better bare. */
function withUnit(number, unit) {
  return unit && unit !== 'count' && unit !== 'score' ? `${number} ${unit}` : number;
}

/** The value as printed: number with unit, or `n/a`. */
export function formatValue(row) {
  return row.value === null ? 'n/a' : withUnit(formatNumber(row.value), row.unit);
}

function metText(row) {
  if (row.met === null) return '';
  return row.met ? 'yes' : 'NO';
}

/**
 * Prints figures as an aligned text table, target beside each value, notes underneath.
 *
 * @param {string} title
 * @param {ReturnType<typeof figure>[]} rows
 */
export function printFigures(title, rows) {
  const header = ['figure', 'value', 'target', 'met'];
  const cells = rows.map((r) => [r.figure, formatValue(r), r.target ?? '—', metText(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 1 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  console.log(`\n== ${title} ==`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    console.log('notes:');
    for (const r of notes) console.log(`  - ${r.figure}: ${r.note}`);
  }
}

/**
 * A markdown table of figures (for bench/README.md); with `beforeLabel`, a column of each row's
 * `before` value (the same figure measured on a baseline commit).
 */
export function markdownTable(rows, beforeLabel) {
  const escape = (text) => String(text).replace(/\|/g, '\\|');
  const before = (r) => (r.before === undefined || r.before === null ? 'n/a' : formatValue({ ...r, value: r.before }));
  const lines = beforeLabel
    ? [`| bench | figure | ${beforeLabel} | now | target | met |`, '| --- | --- | ---: | ---: | --- | --- |']
    : ['| bench | figure | value | target | met |', '| --- | --- | ---: | --- | --- |'];
  for (const r of rows) {
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${r.bench} | ${escape(r.figure)} | ${beforeLabel ? `${before(r)} | ` : ''}${formatValue(r)} | ${r.target ?? '—'} | ${met} |`,
    );
  }
  return lines.join('\n');
}

/** The p-th percentile (0–100) of numbers, nearest-rank; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The median of numbers; NaN for an empty list. */
export function median(values) {
  return percentile(values, 50);
}
