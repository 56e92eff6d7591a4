import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['browser/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['./src/globalSetup.ts'],
    // Real browsers: launching Chromium and loading pages on a 2-core machine takes seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time: each file launches its own.
    fileParallelism: false,
  },
});
