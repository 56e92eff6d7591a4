import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * Serves MSW's worker script at `/mockServiceWorker.js` from the installed msw, in dev and in
 * the build: no committed copy that could drift from the `msw/browser` bundled into the app
 * (MSW refuses a worker of another version).
 */
function mockServiceWorker(): Plugin {
  const workerPath = require.resolve('msw/mockServiceWorker.js');
  return {
    name: 'sessionkit-example:mock-service-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.setHeader('Cache-Control', 'no-cache');
        response.end(readFileSync(workerPath));
      });
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(workerPath, 'utf8'),
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), mockServiceWorker()],
  resolve: {
    // The workspace packages export a `source` condition (src/*.ts): the example runs right
    // after `pnpm install`, with no build of @sessionkit/core or @sessionkit/react.
    conditions: ['source', ...defaultClientConditions],
    // One React and one MSW, whichever package imports them.
    dedupe: ['react', 'react-dom', 'msw'],
  },
  server: { port: 5173, strictPort: true },
  build: { target: 'es2022' },
});
