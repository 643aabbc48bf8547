/**
 * The app under measurement: the production build of the current working tree, built into a
 * bench-only folder (`bench/.dist`, so `dist/` and the e2e build are left alone) and served by
 * `vite preview` on 127.0.0.1 (which compresses with gzip/brotli like a real static host).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the bench build goes (gitignored). */
export const BENCH_DIST = fileURLToPath(new URL('../.dist', import.meta.url));

/**
 * Builds the app in `root` (default: the working tree) with its own vite.config.ts into `outDir`.
 * @returns {Promise<number>} build time in ms
 */
export async function buildApp(outDir = BENCH_DIST, root = ROOT) {
  const { build } = await import('vite');
  const started = performance.now();
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return performance.now() - started;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Serves a build with `vite preview` on 127.0.0.1.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serveApp(outDir = BENCH_DIST, root = ROOT) {
  if (!existsSync(`${outDir}/index.html`))
    throw new Error(`no build at ${outDir}: run the bench through bench/run.mjs or without --app`);
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.httpServer.close(() => resolve())),
  };
}
