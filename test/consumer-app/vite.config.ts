// A plain Vite + React config, as a user writes it: no `resolve.conditions`, so the packages
// resolve through their published `types`/`default` exports only.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { sourcemap: false, reportCompressedSize: false },
});
