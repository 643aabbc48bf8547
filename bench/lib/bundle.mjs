/**
 * Sizes of a production build: what the first screen loads, and every chunk.
 *
 * First screen = what `index.html` loads before any route is lazily imported: its module scripts,
 * modulepreloads and stylesheets, plus every chunk those JS files import *statically*
 * (`import … from "./x.js"`, `export … from "./x.js"`, `import "./x.js"`), transitively. Dynamic
 * `import("./x.js")` targets (lazy routes, heavy components) are not first screen.
 *
 * gzip with zlib's default level (as Vite reports it); brotli at quality 11 (zlib's default). Sizes
 * are in bytes; kB in reports are 1,000 bytes, as Vite prints them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** The CI budget: first-screen JS, gzip, in bytes. */
export const FIRST_SCREEN_JS_GZIP_BUDGET = 130_000;

/** `{raw, gzip, brotli}` byte sizes of a buffer. */
export function compressedSizes(buffer) {
  return { raw: buffer.length, gzip: gzipSync(buffer).length, brotli: brotliCompressSync(buffer).length };
}

// Minifiers quote with ", ' or ` (rolldown prefers backticks).
const STATIC_IMPORT = /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'`]([^"'`]+\.(?:m?js|css))["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.m?js)["'`]\s*\)/g;

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
    out[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

/** `/assets/x.js` or `./x.js` (relative to `fromFile`) → path relative to the build root. */
function resolveAsset(distDir, fromFile, ref) {
  if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) return undefined;
  const clean = ref.split(/[?#]/)[0];
  const path = clean.startsWith('/') ? clean.slice(1) : posix.join(posix.dirname(fromFile), clean);
  try {
    return statSync(join(distDir, path)).isFile() ? posix.normalize(path) : undefined;
  } catch {
    // Not a file of this build (e.g. a string that only looks like an import): ignored.
    return undefined;
  }
}

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? walk(full, base) : [relative(base, full).split('\\').join('/')];
  });
}

/**
 * Measures a build folder.
 * @param {string} distDir e.g. bench/.dist or dist
 * @returns {{
 *   firstScreen: {js: string[], css: string[], jsSizes: {raw:number,gzip:number,brotli:number}, cssSizes: {raw:number,gzip:number,brotli:number}},
 *   chunks: {file: string, kind: 'js'|'css', firstScreen: boolean, raw: number, gzip: number, brotli: number, dynamicImports: string[]}[],
 *   lazy: {entry: string, files: string[], gzip: number, brotli: number}[],
 *   totalJs: {raw:number,gzip:number,brotli:number},
 * }}
 */
export function measureBuild(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const js = new Set();
  const css = new Set();
  for (const m of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    if (m[1].toLowerCase() === 'script' && attrs.src && attrs.type === 'module') {
      const file = resolveAsset(distDir, 'index.html', attrs.src);
      if (file) js.add(file);
    } else if (m[1].toLowerCase() === 'script' && attrs.src) {
      const file = resolveAsset(distDir, 'index.html', attrs.src);
      if (file) js.add(file);
    } else if (attrs.rel === 'modulepreload' && attrs.href) {
      const file = resolveAsset(distDir, 'index.html', attrs.href);
      if (file) js.add(file);
    } else if (attrs.rel === 'stylesheet' && attrs.href) {
      const file = resolveAsset(distDir, 'index.html', attrs.href);
      if (file) css.add(file);
    }
  }

  const staticDeps = new Map();
  const dynamicDeps = new Map();
  const scan = (file) => {
    if (staticDeps.has(file)) return;
    const code = readFileSync(join(distDir, file), 'utf8');
    const stat = new Set();
    const dyn = new Set();
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const dep = resolveAsset(distDir, file, m[1]);
      if (dep) stat.add(dep);
    }
    for (const m of code.matchAll(DYNAMIC_IMPORT)) {
      const dep = resolveAsset(distDir, file, m[1]);
      if (dep) dyn.add(dep);
    }
    staticDeps.set(file, stat);
    dynamicDeps.set(file, dyn);
    for (const dep of stat) if (dep.endsWith('.js') || dep.endsWith('.mjs')) scan(dep);
  };

  const closure = (entries) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!/\.m?js$/.test(file)) return;
      scan(file);
      for (const dep of staticDeps.get(file)) visit(dep);
    };
    entries.forEach(visit);
    return seen;
  };

  const first = closure([...js]);
  for (const file of first) if (file.endsWith('.css')) css.add(file);
  const firstJs = [...first].filter((f) => /\.m?js$/.test(f));

  const sizeOf = new Map();
  const sizes = (file) => {
    if (!sizeOf.has(file)) sizeOf.set(file, compressedSizes(readFileSync(join(distDir, file))));
    return sizeOf.get(file);
  };
  const sum = (files) =>
    files.reduce(
      (acc, f) => {
        const s = sizes(f);
        return { raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip, brotli: acc.brotli + s.brotli };
      },
      { raw: 0, gzip: 0, brotli: 0 },
    );

  // Every JS and CSS file of the build, except the service worker and its workbox runtime, which
  // the page does not load.
  const all = walk(distDir).filter(
    (f) => /\.(m?js|css)$/.test(f) && !/(^|\/)(sw|workbox-[\w-]+|sw-[\w-]+)\.m?js$/.test(f),
  );
  for (const f of all) if (/\.m?js$/.test(f)) scan(f);
  const chunks = all
    .map((file) => ({
      file,
      kind: file.endsWith('.css') ? 'css' : 'js',
      firstScreen: first.has(file) || css.has(file),
      ...sizes(file),
      dynamicImports: [...(dynamicDeps.get(file) ?? [])],
    }))
    .sort((a, b) => Number(b.firstScreen) - Number(a.firstScreen) || b.gzip - a.gzip);

  // What each lazily imported chunk costs on top of the first screen: it and its static imports.
  const lazyEntries = new Set([...dynamicDeps.values()].flatMap((s) => [...s]).filter((f) => !first.has(f)));
  const lazy = [...lazyEntries]
    .map((entry) => {
      const files = [...closure([entry])].filter((f) => !first.has(f));
      return { entry, files, ...sum(files) };
    })
    .sort((a, b) => b.gzip - a.gzip);

  return {
    firstScreen: { js: firstJs, css: [...css], jsSizes: sum(firstJs), cssSizes: sum([...css]) },
    chunks,
    lazy,
    totalJs: sum(all.filter((f) => !f.endsWith('.css'))),
  };
}

/** `12345` bytes → `12.3 kB`. */
export function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
