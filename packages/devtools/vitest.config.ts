import { defineConfig } from 'vitest/config';

// The workspace's packages resolve to their TypeScript source (the private `@sessionkit/source`
// export condition, as tsconfig.base.json does for tsc), and this package to its development
// build: the suites test the panel, and production.test.ts imports the no-op twins by path.
const conditions = ['@sessionkit/source', 'development', 'module'];

export default defineConfig({
  resolve: { conditions: [...conditions, 'browser'] },
  ssr: { resolve: { conditions: [...conditions, 'node'] } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    restoreMocks: true,
    unstubGlobals: true,
  },
});
