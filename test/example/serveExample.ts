/**
 * Builds examples/react-vite with Vite's `build()` and its own vite.config.ts into a temporary
 * directory, and serves that dist with `preview()` on 127.0.0.1: the production build, the way
 * `pnpm --filter ./examples/react-vite build` makes it, not the dev server.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig, type PreviewServer, preview } from 'vite';

/** The example's root (index.html, vite.config.ts). */
export const EXAMPLE_ROOT = fileURLToPath(new URL('../../examples/react-vite/', import.meta.url));

/** A served build of the example; `close()` stops the server and deletes the build. */
export interface ServedExample {
  /** `http://127.0.0.1:<port>/`: a secure context, as the service worker needs. */
  url: string;
  close(): Promise<void>;
}

/** What to build: by default the fake pool. */
export interface ExampleBuildOptions {
  /** `VITE_COGNITO_*` settings, written to the build's own `.env` (a real pool). */
  env?: Record<string, string>;
}

/** Builds the example (on the fake pool unless `env` names a real one) into a new directory. */
export async function buildExample(options: ExampleBuildOptions = {}): Promise<{
  outDir: string;
  config: InlineConfig;
  cleanUp(): Promise<void>;
}> {
  const outDir = await mkdtemp(join(tmpdir(), 'sessionkit-example-'));
  // An empty env directory: a developer's examples/react-vite/.env.local (a real pool) must not
  // switch the build under test away from the fake pool. Vite also reads VITE_* variables from
  // the process environment, so those go too.
  const envDir = await mkdtemp(join(tmpdir(), 'sessionkit-example-env-'));
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('VITE_COGNITO_')) delete process.env[name];
  }
  if (options.env) {
    const lines = Object.entries(options.env).map(([name, value]) => `${name}=${value}`);
    await writeFile(join(envDir, '.env'), `${lines.join('\n')}\n`);
  }
  const config: InlineConfig = {
    root: EXAMPLE_ROOT,
    configFile: join(EXAMPLE_ROOT, 'vite.config.ts'),
    envDir,
    logLevel: 'warn',
  };
  const cleanUp = async () => {
    await rm(outDir, { recursive: true, force: true });
    await rm(envDir, { recursive: true, force: true });
  };
  try {
    await build({
      ...config,
      build: { outDir, emptyOutDir: true, reportCompressedSize: false },
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { outDir, config, cleanUp };
}

/** Builds the example (see {@link buildExample}) and serves it on a free port of 127.0.0.1. */
export async function serveExample(options: ExampleBuildOptions = {}): Promise<ServedExample> {
  const { outDir, config, cleanUp: removeBuild } = await buildExample(options);
  let server: PreviewServer | null = null;
  const cleanUp = async () => {
    await server?.close();
    await removeBuild();
  };
  try {
    server = await preview({
      ...config,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
    const address = server.httpServer.address() as AddressInfo | null;
    if (!address || typeof address === 'string') {
      throw new Error('The preview server did not report its port');
    }
    return { url: `http://127.0.0.1:${address.port}/`, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
