// Vite build of the UI. The output is loaded by Electron from a custom protocol and by the web
// bridge (`trailview serve`) over loopback HTTP, both under the CSP `script-src 'self'`: so no
// inline scripts, no remote assets, relative URLs (base './') that work under either origin.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    // Inlined assets would become data: URLs; keep every asset a file of our own origin.
    assetsInlineLimit: 0,
    // Vite's module preload polyfill is an inline script: not allowed by the CSP, and not needed
    // by the Chromium versions we run in.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // The bundle is loaded from local disk or loopback, never over a network: one chunk of ~1 MB
    // (React + xterm.js) costs nothing worth splitting for. Warn only well above that.
    chunkSizeWarningLimit: 2048,
    target: 'chrome120',
  },
  server: { host: '127.0.0.1' },
});
