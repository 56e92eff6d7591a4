/**
 * Bundling as docs/benchmarks.md prescribes: esbuild `--bundle --minify --format=esm
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

/**
 * Bundles an entry (file path, or `contents` resolved from bench/ or from `resolveDir`) and returns
 * the code. `define` adds to the defaults (the SRP figure's amazon-cognito-identity-js pulls in the
 * `buffer` package, which reads a Node-style `global`).
 */
export async function bundle(
  entry: { path: string } | { contents: string; resolveDir?: string },
  options: { external?: string[]; minify?: boolean; define?: Record<string, string> } = {},
): Promise<string> {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : {
          stdin: {
            contents: entry.contents,
            resolveDir: entry.resolveDir ?? BENCH_ROOT,
            loader: 'ts',
          },
        }),
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
    define: { 'process.env.NODE_ENV': '"production"', ...options.define },
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
