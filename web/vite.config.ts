import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const serverPublic = fileURLToPath(new URL('../server/public', import.meta.url));

// The dev server forwards the API to a locally running `tsx server/main.ts`;
// CONNECTORY_API_URL points it elsewhere (e.g. a server started on another port).
const apiTarget = process.env.CONNECTORY_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  // Options live here, not in a svelte.config.js, so there is one place to look.
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: serverPublic,
    emptyOutDir: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
