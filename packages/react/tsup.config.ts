import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  // Everything here runs on the client: React Server Components frameworks must see the
  // directive at the top of the bundle (esbuild drops the per-file ones when it bundles).
  banner: { js: "'use client';" },
  // React and the core stay imports: the app's single copies are used, never bundled ones.
  external: [/^react($|\/)/, /^react-dom($|\/)/, /^@sessionkit\/core($|\/)/],
});
