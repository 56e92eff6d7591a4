/**
 * Tools of test/browser/consumer.test.ts, which installs the packed packages with npm into an app
 * outside the workspace: running commands with their output in the error, packing a package,
 * reading a tarball, writing the app from test/consumer-app and serving its build.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The monorepo's root. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The app's sources (index.html, src/, tsconfigs, vite.config.ts); package.json is written here. */
const TEMPLATE_DIR = fileURLToPath(new URL('../consumer-app/', import.meta.url));

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs `file args…` without a shell; rejects with the command, exit code and the tail of its
 * output. The environment loses pnpm's and npm's `npm_*` variables: the workspace's settings do
 * not reach a command run for the app outside it.
 */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number },
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_)/.test(name)) env[name] = value;
  }
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { cwd: options.cwd, env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const output = `${stdout}\n${stderr}`.trim().slice(-6_000);
        const how = error.killed
          ? `killed after ${options.timeoutMs} ms`
          : `exit code ${error.code}`;
        reject(
          new Error(
            `\`${[file, ...args].join(' ')}\` in ${options.cwd} failed (${how}):\n${output}`,
          ),
        );
      },
    );
  });
}

/** Packages of the workspace the test packs, with the dist files each must have been built with. */
export const PACKAGES = [
  {
    name: '@sessionkit/core',
    dir: 'packages/core',
    built: ['index.js', 'index.d.ts', 'testing/index.js', 'testing/index.d.ts'],
  },
  { name: '@sessionkit/react', dir: 'packages/react', built: ['index.js', 'index.d.ts'] },
] as const;

export type PackageName = (typeof PACKAGES)[number]['name'];

/**
 * `pnpm pack` of one workspace package into a new folder under `destination`; returns the
 * tarball's path. Fails, saying to build first, when dist is missing. Checks that the tarball
 * holds the built files and retries for a while otherwise: another process may be rebuilding the
 * package (tsup empties dist before it writes it).
 */
export async function packPackage(
  pkg: (typeof PACKAGES)[number],
  destination: string,
): Promise<string> {
  const packageDir = join(WORKSPACE_ROOT, pkg.dir);
  const attempts = 6;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const missing = pkg.built.filter((file) => !existsSync(join(packageDir, 'dist', file)));
      if (missing.length > 0) {
        throw new Error(
          `${pkg.dir}/dist is missing ${missing.join(', ')}: build the packages first ` +
            `(\`pnpm build\` at the repository root, or \`pnpm --filter ${pkg.name} build\`)`,
        );
      }
      const packDir = join(destination, `${basename(pkg.dir)}-${attempt}`);
      await mkdir(packDir, { recursive: true });
      await run('pnpm', ['pack', '--pack-destination', packDir], {
        cwd: packageDir,
        timeoutMs: 60_000,
      });
      const tarballs = (await readdir(packDir)).filter((file) => file.endsWith('.tgz'));
      if (tarballs.length !== 1 || !tarballs[0]) {
        throw new Error(`pnpm pack of ${pkg.dir} wrote ${tarballs.length} tarballs`);
      }
      const tarball = join(packDir, tarballs[0]);
      const entries = await tarballEntries(tarball);
      const unpacked = pkg.built.filter((file) => !entries.includes(`package/dist/${file}`));
      if (unpacked.length > 0) {
        throw new Error(
          `The tarball of ${pkg.dir} lacks dist/${unpacked.join(', dist/')} (was it being rebuilt?)`,
        );
      }
      return tarball;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await delay(5_000);
    }
  }
}

/** The tarball's entries (`package/…`), sorted. */
export async function tarballEntries(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], {
    cwd: dirname(tarball),
    timeoutMs: 30_000,
  });
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .sort();
}

/** Extracts the tarball into `destination` (its files land in `destination/package`). */
export async function extractTarball(tarball: string, destination: string): Promise<string> {
  await mkdir(destination, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', destination], { cwd: destination, timeoutMs: 30_000 });
  return join(destination, 'package');
}

/** Every file under `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The third-party dependencies of the app and the workspace manifests that name them. */
const APP_DEPENDENCIES = ['react', 'react-dom', 'msw'] as const;
const APP_DEV_DEPENDENCIES = [
  'vite',
  '@vitejs/plugin-react',
  'typescript',
  '@types/react',
  '@types/react-dom',
] as const;
const VERSION_SOURCES = ['examples/react-vite', 'test'] as const;

/**
 * The version the workspace uses, pinned: the one installed for examples/react-vite or test,
 * which their package.json names (the range itself if, oddly, nothing is installed).
 */
async function workspaceVersion(name: string): Promise<string> {
  for (const dir of VERSION_SOURCES) {
    const manifest = JSON.parse(await readFile(join(WORKSPACE_ROOT, dir, 'package.json'), 'utf8'));
    const range: string | undefined =
      manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (range === undefined) continue;
    const installed = join(WORKSPACE_ROOT, dir, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) return range;
    return JSON.parse(await readFile(installed, 'utf8')).version as string;
  }
  throw new Error(`Neither ${VERSION_SOURCES.join(' nor ')} depends on ${name}`);
}

/**
 * Writes the app into `appDir`: the template files and a package.json with the tarballs as
 * `file:` dependencies and the workspace's versions of everything else. Returns the manifest.
 */
export async function writeConsumerApp(
  appDir: string,
  tarballs: Record<PackageName, string>,
): Promise<Record<string, unknown>> {
  await cp(TEMPLATE_DIR, appDir, { recursive: true });
  const pinned = async (names: readonly string[]) =>
    Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await workspaceVersion(name)])),
    );
  const manifest = {
    name: 'sessionkit-consumer-app',
    private: true,
    version: '0.0.0',
    type: 'module',
    dependencies: {
      '@sessionkit/core': `file:${relative(appDir, tarballs['@sessionkit/core'])}`,
      '@sessionkit/react': `file:${relative(appDir, tarballs['@sessionkit/react'])}`,
      ...(await pinned(APP_DEPENDENCIES)),
    },
    devDependencies: await pinned(APP_DEV_DEPENDENCIES),
  };
  await writeFile(join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves `root` on a free port of 127.0.0.1 (a secure context, as service workers need). */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
