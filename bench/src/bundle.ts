/**
 * Bundling as BENCHMARKS.md prescribes: esbuild `--bundle --minify --format=esm
 * --platform=browser`, React external, then raw, gzip -9 and brotli (max quality) bytes.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Bytes of one bundle. */
export interface BundleSize {
  minified: number;
  gzip: number;
  brotli: number;
}

export const BENCH_ROOT = new URL('../', import.meta.url).pathname;

/** Bundles an entry (file path, or `contents` resolved from bench/) and returns the code. */
export async function bundle(
  entry: { path: string } | { contents: string },
  options: { external?: string[]; minify?: boolean } = {},
): Promise<string> {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: BENCH_ROOT, loader: 'ts' } }),
    bundle: true,
    minify: options.minify ?? true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react-dom', 'react/jsx-runtime', ...(options.external ?? [])],
    write: false,
    // core's own dependencies (jwt-decode, mitt, idb-keyval), for the reference entry.
    nodePaths: [new URL('../../packages/core/node_modules', import.meta.url).pathname],
    logLevel: 'silent',
    // Peers read process.env.NODE_ENV to drop development code, as an app's bundler would.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

/** Minified, gzip -9 and brotli bytes of some code. */
export function measure(code: string): BundleSize {
  const bytes = Buffer.from(code);
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  };
}

/**
 * What an SPA imports from sessionkit core for a session, doing what every peer's entry in
 * src/entries/ does: create the client, read the session, sign in (redirect) when there is none,
 * get an access token.
 */
export const CORE_ENTRY = `
import { cognito, createSession } from '@sessionkit/core';
export async function main() {
  const session = createSession({
    provider: cognito({
      region: 'eu-west-1', userPoolId: 'eu-west-1_Pool', clientId: 'client', domain: 'auth.app.example',
    }),
  });
  await session.ready;
  if (session.getState().status !== 'signedIn') return session.signInWithRedirect();
  return session.getAccessToken();
}
`;

/** The core entry plus every React binding (core and React themselves are subtracted/external). */
export const REACT_ENTRY = `${CORE_ENTRY}
export {
  SessionProvider, SignedIn, SignedOut, useAccessToken, useSession, useUser,
} from '@sessionkit/react';
`;
