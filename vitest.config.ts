import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_BUILD__: JSON.stringify('test-build') },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
    // Two projects: the app (jsdom, MSW) and the push gateway's Node modules (scripts/gateway).
    projects: [
      { extends: true, test: { name: 'app' } },
      {
        test: {
          name: 'gateway',
          include: ['scripts/**/*.test.mjs'],
          environment: 'node',
          globals: true,
          restoreMocks: true,
        },
      },
    ],
  },
});
