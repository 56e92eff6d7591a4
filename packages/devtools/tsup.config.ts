import { defineConfig } from 'tsup';

export default defineConfig({
  // The panel (index, react) and its no-op twins (production, react.production): package.json's
  // `exports` picks one or the other by the `development` condition.
  entry: {
    index: 'src/index.ts',
    production: 'src/production.ts',
    react: 'src/react.ts',
    'react.production': 'src/react.production.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  banner: { js: "'use client';" },
  // React and the core stay imports: the app's single copies are used, never bundled ones.
  external: [/^react($|\/)/, /^react-dom($|\/)/, /^@sessionkit\/core($|\/)/],
});
