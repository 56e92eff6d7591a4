import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // Real browsers: launching Chromium and loading pages on a 2-core machine takes seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time: each file launches its own.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['browser/**/*.test.ts', 'src/**/*.test.ts'],
          globalSetup: ['./src/globalSetup.ts'],
        },
      },
      {
        // The documentation checks (code blocks type-check, links resolve): no Chromium, no
        // browser app, so `npx vitest run docs/` does not build one.
        extends: true,
        test: { name: 'docs', include: ['docs/**/*.test.ts'] },
      },
    ],
  },
});
