/**
 * Starts what the e2e specs need, once: the scripted model, a real OpenCode server (isolated
 * HOME/XDG) and the production build of the app under `vite preview`, all on 127.0.0.1.
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';
import './provided-context';
import { startMockLlm } from './fixtures/mock-llm.mjs';
import { startOpencode } from './fixtures/opencode.mjs';
import { SEEDED_FILES } from './fixtures/workspace-seed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The production build, in a child process: vitest sets NODE_ENV=test, and a Vite build that
 * inherits it bundles React's development build.
 */
export function buildApp(): void {
  execFileSync(
    process.execPath,
    [fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  // E2E_REUSE_BUILD=1 (set by e2e/repeat.mjs after its one build): test the dist/ already there.
  if (process.env.E2E_REUSE_BUILD === '1' && existsSync(new URL('../dist/index.html', import.meta.url)))
    console.log('e2e: reusing dist/ (E2E_REUSE_BUILD=1)');
  else buildApp();
  const port = await freePort();
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true } });
  const appUrl = `http://127.0.0.1:${port}`;
  const llm = await startMockLlm();
  const opencode = await startOpencode({ llm, corsOrigins: [appUrl], files: SEEDED_FILES });
  console.log(`e2e: app ${appUrl}, OpenCode ${opencode.url} (ready in ${Date.now() - started} ms)`);
  project.provide('appUrl', appUrl);
  project.provide('opencodeUrl', opencode.url);
  project.provide('workspaceDir', opencode.workspaceDir);
  return async () => {
    await opencode.stop();
    await llm.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}
