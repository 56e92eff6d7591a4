/**
 * Loads a module of browser/ into the browser-like Node of the Node figures (browserEnv.ts) the
 * way adapters.ts's `loadAdapterModule` loads peers/*.ts: bundled for the browser by esbuild
 * (minified ESM, `process.env.NODE_ENV` "production"), written under bench/.cache/ and imported.
 * So a peer configured for the Chromium pages (auth0LocalStorage.ts) runs the same in Node.
 */
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import type { PeerModule } from './pageApi.ts';

const CACHE_DIR = new URL('../../.cache/', import.meta.url).pathname;

/** Bundles `browser/<file>` (e.g. 'auth0LocalStorage.ts') for the browser and imports it. */
export async function loadBrowserModule(file: string): Promise<PeerModule> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const outfile = `${CACHE_DIR}browser-${file.replace(/\.ts$/, '')}.mjs`;
  await build({
    entryPoints: [new URL(`./${file}`, import.meta.url).pathname],
    outfile,
    bundle: true,
    minify: !process.env.BENCH_NO_MINIFY,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return import(`${outfile}?t=${Date.now()}`);
}
