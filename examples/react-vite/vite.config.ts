import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, loadEnv, type Plugin } from 'vite';
import { FAKE_POOL } from './src/config';

const require = createRequire(import.meta.url);

/** What the build runs against, settled in the `config` hook from the `VITE_COGNITO_*` settings. */
interface PoolMode {
  usesFakePool: boolean;
  /** The origins the page talks to: Cognito's JSON API of the pool's region, and its domain. */
  poolOrigins: string[];
}

/**
 * Reads the `VITE_COGNITO_*` settings from the env directory Vite will use (a test may point it
 * elsewhere) and defines `__SESSIONKIT_FAKE_POOL__`: any setting switches to the real pool, and
 * then the fake pool, its worker and the demo API stay out of the bundle (src/backend.ts).
 */
function poolMode(mode: PoolMode): Plugin {
  return {
    name: 'sessionkit-example:pool-mode',
    config(config, { mode: viteMode }) {
      const root = resolve(config.root ?? process.cwd());
      const envDir = config.envDir ? resolve(root, config.envDir) : root;
      const env = loadEnv(viteMode, envDir, 'VITE_COGNITO_');
      mode.usesFakePool = !Object.values(env).some((value) => value.trim() !== '');
      const region = mode.usesFakePool ? FAKE_POOL.region : env.VITE_COGNITO_REGION?.trim();
      const domain = mode.usesFakePool ? FAKE_POOL.domain : env.VITE_COGNITO_DOMAIN?.trim();
      mode.poolOrigins = [
        ...(region ? [`https://cognito-idp.${region}.amazonaws.com`] : []),
        ...(domain ? [`https://${domain}`] : []),
      ];
      return { define: { __SESSIONKIT_FAKE_POOL__: JSON.stringify(mode.usesFakePool) } };
    },
  };
}

/**
 * Serves MSW's worker script at `/mockServiceWorker.js` from the installed msw, in dev and in
 * the build: no committed copy that could drift from the `msw/browser` bundled into the app
 * (MSW refuses a worker of another version). Only on the fake pool.
 */
function mockServiceWorker(mode: PoolMode): Plugin {
  const workerPath = require.resolve('msw/mockServiceWorker.js');
  return {
    name: 'sessionkit-example:mock-service-worker',
    configureServer(server) {
      if (!mode.usesFakePool) return;
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.setHeader('Cache-Control', 'no-cache');
        response.end(readFileSync(workerPath));
      });
    },
    generateBundle() {
      if (!mode.usesFakePool) return;
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(workerPath, 'utf8'),
      });
    },
  };
}

/**
 * The Content-Security-Policy of the production build, as a `<meta>` (a static host may not let
 * the app set headers; `frame-ancestors` needs a header and is left to the host). No inline
 * script or style, no `eval`; requests only to this origin and the pool's. The dev server goes
 * without it (Vite injects inline scripts for hot reloading).
 */
function contentSecurityPolicy(mode: PoolMode): Plugin {
  return {
    name: 'sessionkit-example:content-security-policy',
    apply: 'build',
    transformIndexHtml() {
      const policy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        ["connect-src 'self'", ...mode.poolOrigins].join(' '),
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ].join('; ');
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

const mode: PoolMode = { usesFakePool: true, poolOrigins: [] };

export default defineConfig({
  plugins: [react(), poolMode(mode), mockServiceWorker(mode), contentSecurityPolicy(mode)],
  resolve: {
    // The workspace packages export a private `@sessionkit/source` condition (src/*.ts): the example runs right
    // after `pnpm install`, with no build of @sessionkit/core or @sessionkit/react.
    conditions: ['@sessionkit/source', ...defaultClientConditions],
    // One React and one MSW, whichever package imports them.
    dedupe: ['react', 'react-dom', 'msw'],
  },
  server: { port: 5173, strictPort: true },
  build: { target: 'es2022' },
});
