// Vite configuration for the Plenum web client: React plugin, build into web/dist, and a dev
// server that proxies the REST API (/api) and the signaling WebSocket (/node) to a local
// `plenum serve`. It is not the test configuration (see vitest.config.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const server = process.env.PLENUM_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle is embedded into the server binary: no source maps, one chunk of ~240 kB gzip.
    // Background effects load on demand: their worker (with MediaPipe's vision bundle), its wasm
    // (~13 MB, ~3.9 MB gzip) and the segmentation model are separate assets, fetched only when
    // someone picks one.
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  // The background worker is a module worker (`type: 'module'`, same origin: the CSP has no
  // blob:); MediaPipe `import()`s its ES-module runtime from there.
  worker: { format: 'es' },
  server: {
    // Keys starting with ^ are regular expressions: a plain '/node' prefix would also swallow
    // Vite's own /node_modules/ requests.
    proxy: {
      '^/api/': { target: server },
      '^/node/': { target: server, ws: true },
    },
  },
});
