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
    // Sign-ins run real SRP (3072-bit modPow, WebCrypto) and several suites real timers: on a
    // loaded 2-core machine one test can pass 5 s. Fake timers keep the rest deterministic.
    testTimeout: 20_000,
    unstubGlobals: true,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
