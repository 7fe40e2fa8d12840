// Vitest configuration: unit and component tests under src/ only. End-to-end tests (e2e/) are
// run by Playwright separately and are never picked up here. Component tests opt into jsdom with
// a `@vitest-environment jsdom` docblock; everything else runs in plain Node. Tests run in the
// Europe/Berlin time zone.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    setupFiles: ['src/ui/setupTests.ts'],
    restoreMocks: true,
    // Component tests render whole pages in jsdom; on two busy cores some take several seconds.
    testTimeout: 15_000,
    // Dates and times in tests are checked in a fixed zone, whatever the machine's.
    env: { TZ: 'Europe/Berlin' },
  },
});
