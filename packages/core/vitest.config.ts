import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testSetup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
