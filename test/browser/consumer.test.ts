/**
 * What a user installs, end to end: both packages packed as npm would publish them (contents,
 * publint, attw), installed with npm from those tarballs into a Vite + React + TypeScript app in
 * a temporary folder outside the workspace (test/consumer-app), type-checked with bundler and
 * node16 resolution, built with Vite and run in Chromium on the testing kit's fake pool: a
 * session restored from IndexedDB after a reload, refreshed, then signed out.
 *
 * Runs on the packages' dist: `pnpm test` builds them first (else this fails, saying so).
 */
import { copyFile, lstat, mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/chromium.js';
import {
  extractTarball,
  listFiles,
  PACKAGES,
  type PackageName,
  packPackage,
  run,
  serveStatic,
  tarballEntries,
  WORKSPACE_ROOT,
  writeConsumerApp,
} from '../src/consumerApp.js';

const BIN = join(WORKSPACE_ROOT, 'packages/core/node_modules/.bin');
/** npm install from the registry (or npm's cache) is the slow step: minutes on a cold cache. */
const INSTALL_TIMEOUT_MS = 5 * 60_000;
const STEP_TIMEOUT_MS = 15_000;

/** What a published tarball may hold: the manifest, README, LICENSE and built files. */
function isPublishable(entry: string): boolean {
  if (['package/package.json', 'package/README.md', 'package/LICENSE'].includes(entry)) return true;
  return /^package\/dist\/.+\.(js|d\.ts|js\.map)$/.test(entry) && !/\.test\./.test(entry);
}

describe('the packed packages, installed by npm into an app outside the workspace', () => {
  let root: string;
  const tarballs = {} as Record<PackageName, string>;
  let appDir = '';
  let installed = false;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sessionkit-consumer-'));
    for (const pkg of PACKAGES) tarballs[pkg.name] = await packPackage(pkg, root);
  });

  afterAll(async () => {
    if (root && process.env.SESSIONKIT_KEEP_CONSUMER_APP !== '1') {
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    }
  });

  it.each(PACKAGES)(
    '$name: the tarball holds package.json, README, LICENSE and dist only; publint and attw pass',
    async (pkg) => {
      const tarball = tarballs[pkg.name];
      const entries = await tarballEntries(tarball);
      expect(entries.filter((entry) => !isPublishable(entry))).toEqual([]);
      for (const required of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
        expect(entries).toContain(required);
      }
      for (const file of pkg.built) expect(entries).toContain(`package/dist/${file}`);

      const extracted = await extractTarball(tarball, join(root, 'extracted', pkg.dir));
      const manifest = JSON.parse(await readFile(join(extracted, 'package.json'), 'utf8'));
      expect(JSON.stringify(manifest)).not.toContain('workspace:');
      await run(join(BIN, 'publint'), ['--strict', extracted], { cwd: root, timeoutMs: 60_000 });
      await run(join(BIN, 'attw'), [tarball, '--profile', 'esm-only'], {
        cwd: root,
        timeoutMs: 60_000,
      });
    },
  );

  it(
    'installs from the tarballs with npm: real folders, resolved to the file: tarballs, nothing from the workspace',
    async () => {
      appDir = join(root, 'app');
      // Nothing above the app that Node, TypeScript or Vite could pick up.
      for (let dir = dirname(appDir); ; dir = dirname(dir)) {
        for (const name of ['node_modules', 'package.json', 'tsconfig.json']) {
          await expect(lstat(join(dir, name)), `${join(dir, name)} exists`).rejects.toThrow();
        }
        if (dirname(dir) === dir) break;
      }
      expect(resolve(appDir).startsWith(WORKSPACE_ROOT)).toBe(false);
      await writeConsumerApp(appDir, tarballs);
      await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: appDir,
        timeoutMs: INSTALL_TIMEOUT_MS,
      });
      // MSW's worker script from the installed msw, served by the build from public/.
      await mkdir(join(appDir, 'public'), { recursive: true });
      await copyFile(
        join(appDir, 'node_modules/msw/lib/mockServiceWorker.js'),
        join(appDir, 'public/mockServiceWorker.js'),
      );

      const lock = JSON.parse(await readFile(join(appDir, 'package-lock.json'), 'utf8'));
      for (const pkg of PACKAGES) {
        const folder = join(appDir, 'node_modules', pkg.name);
        const stats = await lstat(folder);
        expect(stats.isSymbolicLink(), `${folder} is a symlink`).toBe(false);
        expect(stats.isDirectory()).toBe(true);
        expect((await realpath(folder)).startsWith(WORKSPACE_ROOT)).toBe(false);
        // Exactly the tarball's files: no src/ for a `@sessionkit/source` condition to find.
        const packed = (await tarballEntries(tarballs[pkg.name])).map((entry) =>
          entry.slice('package/'.length),
        );
        expect(await listFiles(folder)).toEqual(packed);

        const locked = lock.packages[`node_modules/${pkg.name}`];
        expect(locked?.resolved, `package-lock.json entry of ${pkg.name}`).toMatch(/^file:/);
        expect(resolve(appDir, String(locked.resolved).slice('file:'.length))).toBe(
          tarballs[pkg.name],
        );
        expect(locked.link).toBeUndefined();
      }
      // Vite resolves the published exports only: no custom conditions, no aliases.
      const viteConfig = (await readFile(join(appDir, 'vite.config.ts'), 'utf8')).replace(
        /\/\/.*$/gm,
        '',
      );
      expect(viteConfig).not.toMatch(/conditions|alias|@sessionkit\/source/);
      installed = true;
    },
    INSTALL_TIMEOUT_MS + 60_000,
  );

  it('type-checks strictly with bundler and with node16 resolution', async () => {
    if (!installed) throw new Error('The app was not installed (see the test before)');
    const tsc = join(appDir, 'node_modules/typescript/bin/tsc');
    for (const config of ['tsconfig.json', 'tsconfig.node16.json']) {
      // As TypeScript reads it (extends included): strict, and no paths or custom conditions.
      const shown = await run(process.execPath, [tsc, '-p', config, '--showConfig'], {
        cwd: appDir,
        timeoutMs: 60_000,
      });
      const { compilerOptions } = JSON.parse(shown.stdout);
      expect(compilerOptions, config).toMatchObject({
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        jsx: 'react-jsx',
        moduleResolution: config === 'tsconfig.json' ? 'bundler' : 'node16',
      });
      expect(compilerOptions.paths, config).toBeUndefined();
      expect(compilerOptions.customConditions, config).toBeUndefined();
      await run(process.execPath, [tsc, '-p', config], { cwd: appDir, timeoutMs: 120_000 });
    }
  }, 240_000);

  describe('built with Vite and run in Chromium', () => {
    let browser: Browser | undefined;
    afterAll(async () => {
      await browser?.close();
    });

    it('restores the stored session after a reload, refreshes it and signs out, on the fake pool', async () => {
      if (!installed) throw new Error('The app was not installed (see the tests before)');
      const vite = join(appDir, 'node_modules/vite/bin/vite.js');
      await run(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
        cwd: appDir,
        timeoutMs: 120_000,
      });
      const distDir = join(appDir, 'dist');
      // Built from the app's node_modules: no path of the workspace in the bundle.
      for (const file of await listFiles(distDir)) {
        const content = await readFile(join(distDir, file), 'utf8');
        expect(content.includes(WORKSPACE_ROOT), `${file} names ${WORKSPACE_ROOT}`).toBe(false);
      }
      const server = await serveStatic(distDir);
      try {
        browser = await launchChromium();
        const context = await browser.newContext({ serviceWorkers: 'allow' });
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            errors.push(`console: ${message.text()}`);
          }
        });
        const text = (testId: string) => page.getByTestId(testId).textContent();
        const waitForText = (testId: string, value: string) =>
          page
            .getByTestId(testId)
            .filter({ hasText: new RegExp(`^${value}$`) })
            .waitFor();
        const status = (value: string) =>
          page.locator(`[data-testid="status"][data-status="${value}"]`).waitFor();

        await page.goto(server.url);
        await status('signedOut');
        // A session from the pool's tokens, stored in IndexedDB; the reload restores it.
        await page.getByTestId('seed').click();
        await status('signedIn');
        await waitForText('origin', 'seeded');
        await page.reload();
        await status('signedIn');
        await waitForText('origin', 'restored');
        expect(await text('email')).toBe('ada@example.com');
        expect(await text('refresh-requests')).toBe('0');
        const before = await text('access-token');
        expect(before).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);

        await page.getByTestId('refresh').click();
        await waitForText('refresh-requests', '1');
        await expect
          .poll(() => text('access-token'), { timeout: STEP_TIMEOUT_MS })
          .not.toBe(before);
        expect(await text('access-token')).toMatch(/^ey/);

        await page.getByTestId('sign-out').click();
        await status('signedOut');
        await waitForText('revocations', '1');
        expect(await text('access-token')).toBe('');
        expect(await text('error')).toBe('');
        expect(errors).toEqual([]);
        await context.close();
      } finally {
        await server.close();
      }
    }, 180_000);
  });
});
