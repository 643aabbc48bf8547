import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The app talks only to hosts the user pairs with; the service worker precaches the shell
// and never caches host data (react-query is the data cache). See docs in README.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      devOptions: { enabled: false },
      includeAssets: ['icon.svg'],
      manifest: {
        id: '/',
        name: 'OpenWork Remote',
        short_name: 'OpenWork',
        description: 'Watch and steer OpenCode agent runs from your phone.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#111827',
        background_color: '#111827',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        navigateFallback: 'index.html',
        // Hash routing keeps every app route on "/", so only "/" and "/index.html" are app
        // navigations; anything else on this origin is not ours to answer.
        navigateFallbackAllowlist: [/^\/$/, /^\/index\.html$/],
        runtimeCaching: [],
      },
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
});
