import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { META_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './scripts/csp.mjs';

// The app talks only to hosts the user pairs with; the service worker precaches the shell
// and never caches host data (react-query is the data cache). See docs in README.
// Shown under "This device" so a user (and the update test) can tell which build is running.
const buildId = process.env.OPENWORK_BUILD_ID ?? new Date().toISOString();

/**
 * Writes the Content-Security-Policy into the built index.html, right after the charset, before
 * anything it governs. Build only: the dev server's inline react-refresh preamble would be refused.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'openwork-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      const charset = /<meta charset="UTF-8" \/>/;
      if (!charset.test(html)) throw new Error('index.html: no <meta charset="UTF-8" /> to put the CSP after');
      return html.replace(
        charset,
        (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}

/** Modules of the first screen that lazy chunks share (see `build.rolldownOptions` below). */
const FIRST_SCREEN_MODULES = [
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|zustand)[\\/]/,
  /[\\/]node_modules[\\/](@tanstack[\\/](query-core|react-query)|@opencode-ai[\\/]sdk)[\\/]/,
  /[\\/]src[\\/](lib|domain)[\\/]/,
  /[\\/]src[\\/]host[\\/](http|auth|hosts-store|secure-storage|page-signals|errors|url|shapes|timeouts)\.ts$/,
  /[\\/]src[\\/]host[\\/](workspace-target|workspaces|stream-client|connections|sdk|queries)\.ts$/,
  /[\\/]src[\\/]host[\\/]openwork[\\/](answers|errors|route-memory|client|approvals|capabilities|workspaces)\.ts$/,
];

export default defineConfig({
  define: { __APP_BUILD__: JSON.stringify(buildId) },
  plugins: [
    react(),
    contentSecurityPolicyMeta(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      // Our own worker (src/sw.ts): precache and navigation as before, plus push and notification taps.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      devOptions: { enabled: false },
      // Also precached, next to the build's js/css/html and the manifest icons: the favicon, the
      // iOS home-screen icon and the notification badge. The install-sheet screenshot is not.
      includeAssets: ['icon.svg', 'apple-touch-icon-180x180.png', 'notification-badge-96x96.png'],
      // Every PNG here is generated from public/icon.svg by scripts/generate-icons.mjs.
      manifest: {
        id: '/',
        name: 'OpenWork Remote',
        short_name: 'OpenWork',
        description: 'Watch and steer OpenCode agent runs from your phone.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#111827',
        background_color: '#111827',
        categories: ['developer', 'productivity', 'utilities'],
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
        screenshots: [
          {
            src: 'screenshot-narrow.png',
            sizes: '780x1688',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'A session: the streamed reply, a bash command waiting and its approval card',
          },
        ],
      },
      // The precache list injected into src/sw.ts; navigation, cache cleanup and "nothing cached at
      // run time" are in the worker itself.
      injectManifest: {},
    }),
  ],
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What the first screen needs goes into one chunk. Left alone, the bundler splits every
          // module that a lazy screen shares with the first one into its own small chunk: 12 files
          // instead of 5, and each costs its own gzip overhead (about 3 kB in all). The list names
          // only modules the first screen loads anyway (see `node bench/modules.mjs`), so nothing
          // lazy moves onto it; a module missing here only costs a small extra chunk.
          groups: [{ name: 'shell', test: (id) => FIRST_SCREEN_MODULES.some((pattern) => pattern.test(id)) }],
        },
      },
    },
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // The built app under its CSP (scripts/csp.mjs); frame-ancestors only works as a header.
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: SECURITY_HEADERS },
});
