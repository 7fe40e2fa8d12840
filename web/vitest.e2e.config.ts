// Vitest configuration of the end-to-end tests (e2e/): real `plenum serve`, real headless
// Chromium through playwright-core. Run by `cargo xtask test` inside a loopback-only network
// namespace; needs PLENUM_BIN (the server binary). Not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
