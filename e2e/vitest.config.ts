import { defineConfig } from 'vitest/config';

// End-to-end tests: a real `opencode serve` with the scripted model, the production build served
// by `vite preview`, and Debian's Chromium driven by playwright-core. One worker: the specs share
// one OpenCode server and the machine has two cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // Names the test (and listener step) behind an unhandled rejection, before vitest's report; and
    // leaves the shared OpenCode server with nothing pending after each spec file.
    setupFiles: ['e2e/setup-unhandled.ts', 'e2e/shared-server.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
