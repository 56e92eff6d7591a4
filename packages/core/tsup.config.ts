import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    devtools: 'src/devtools.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  // Runtime dependencies and the optional msw peer stay imports, never bundled.
  external: ['msw', 'msw/browser', 'msw/node', 'jwt-decode', 'mitt', 'idb-keyval'],
});
