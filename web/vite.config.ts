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
    // The bundle is embedded into the server binary: no source maps, one chunk of ~210 kB gzip.
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // Keys starting with ^ are regular expressions: a plain '/node' prefix would also swallow
    // Vite's own /node_modules/ requests.
    proxy: {
      '^/api/': { target: server },
      '^/node/': { target: server, ws: true },
    },
  },
});
