/**
 * Builds the browser test app (browser-app/) with Vite from the BUILT packages and serves it on
 * 127.0.0.1. A production build plus `vite preview` rather than the dev server: no dependency
 * discovery that reloads a page mid-test, no HMR socket, and the app bundles `@sessionkit/core`
 * the way an app would (its `default` export condition, packages/core/dist).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type PreviewServer, preview } from 'vite';

/** Root of the test app (index.html, main.ts). */
// The `default` export condition, as the app's bundle resolves it: packages/core/dist.
const require = createRequire(import.meta.url);

export const BROWSER_APP_ROOT = fileURLToPath(new URL('../browser-app/', import.meta.url));

/** A served build of the app; `close()` stops the server and deletes the build. */
export interface ServedBrowserApp {
  /** `http://127.0.0.1:<port>/`: the one origin every tab uses. */
  url: string;
  close(): Promise<void>;
}

/** Fails with a clear message when the core package has not been built. */
export function assertCoreBuilt(): void {
  const missing = ['@sessionkit/core', '@sessionkit/core/testing'].filter((specifier) => {
    try {
      return !existsSync(require.resolve(specifier));
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `The browser suite runs on the built packages, but ${missing.join(' and ')} has no build: ` +
        'run `pnpm --filter @sessionkit/core build` first (the root `pnpm test` builds before testing).',
    );
  }
}

/** Builds the app into a temporary directory and serves it on a free port of 127.0.0.1. */
export async function serveBrowserApp(): Promise<ServedBrowserApp> {
  assertCoreBuilt();
  const outDir = await mkdtemp(join(tmpdir(), 'sessionkit-browser-app-'));
  let server: PreviewServer | null = null;
  try {
    await build({
      root: BROWSER_APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        sourcemap: true,
        reportCompressedSize: false,
      },
    });
    // The worker script comes from the installed msw at every run, so it always matches the
    // msw/browser bundled into the app (MSW refuses a worker of another version).
    await copyFile(
      require.resolve('msw/mockServiceWorker.js'),
      join(outDir, 'mockServiceWorker.js'),
    );
    server = await preview({
      root: BROWSER_APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
    const address = server.httpServer.address() as AddressInfo | null;
    if (!address || typeof address === 'string') {
      throw new Error('The preview server did not report its port');
    }
    const served = server;
    return {
      url: `http://127.0.0.1:${address.port}/`,
      async close() {
        await served.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
}
