import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests written as an app would (the README example) import the package by name.
    alias: [
      { find: /^@sessionkit\/core\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^@sessionkit\/core$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testSetup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
