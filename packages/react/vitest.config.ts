import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// React 18 with its own Testing Library, installed together (react18/package.json) so that
// react-dom 18 and @testing-library/react load React 18 as their peer, not the React 19 of this
// package. Aliasing the bare names to their folders makes the same test files run against it.
const require = createRequire(import.meta.url);
const fromHarness = createRequire(require.resolve('sessionkit-react18-harness/package.json'));
const folderOf = (name: string) => dirname(fromHarness.resolve(`${name}/package.json`));
const react18 = {
  react: folderOf('react'),
  reactDom: folderOf('react-dom'),
  testingLibrary: folderOf('@testing-library/react'),
};

// Resolve the workspace's packages to their TypeScript source (the private `@sessionkit/source` export condition, as
// tsconfig.base.json does for tsc), so these tests run against core as it is, not its last build.
const conditions = ['@sessionkit/source', 'module', 'development|production'];

const ownSource = fileURLToPath(new URL('./src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    conditions: [...conditions, 'browser'],
    // Tests written as an app would (the README example) import this package by name.
    alias: [{ find: /^@sessionkit\/react$/, replacement: ownSource }],
  },
  ssr: { resolve: { conditions: [...conditions, 'node'] } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    restoreMocks: true,
    unstubGlobals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'react19',
          provide: { reactMajor: '19' },
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
        },
      },
      {
        extends: true,
        resolve: {
          alias: [
            { find: /^react(\/.*)?$/, replacement: `${react18.react}$1` },
            { find: /^react-dom(\/.*)?$/, replacement: `${react18.reactDom}$1` },
            { find: /^@testing-library\/react$/, replacement: react18.testingLibrary },
          ],
        },
        test: { name: 'react18', provide: { reactMajor: '18' } },
      },
    ],
  },
});
