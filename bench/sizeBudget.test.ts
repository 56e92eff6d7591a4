/**
 * Size budgets of the published packages, checked by `pnpm test` (after the root build): the
 * bundle-size entries of `pnpm bench`, bundled by esbuild from packages/core/dist and
 * packages/react/dist, gzip -9 bytes. Budgets (src/sizeBudgets.ts) are the measured figure plus
 * about 5 % headroom.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundle, CORE_ENTRY, measure, REACT_ENTRY } from './src/bundle.ts';
import { CORE_GZIP_BUDGET, REACT_GZIP_BUDGET } from './src/sizeBudgets.ts';

const dist = (name: string) =>
  new URL(`../packages/${name}/dist/index.js`, import.meta.url).pathname;

describe('size budget (gzip -9 bytes, esbuild --bundle --minify --format=esm --platform=browser)', () => {
  it('bundles the built packages', () => {
    for (const name of ['core', 'react']) {
      expect(existsSync(dist(name)), `packages/${name}/dist is missing: run pnpm build first`).toBe(
        true,
      );
    }
  });

  it(`keeps @sessionkit/core within ${CORE_GZIP_BUDGET} bytes`, async () => {
    const core = measure(await bundle({ contents: CORE_ENTRY }));
    expect(core.gzip).toBeLessThanOrEqual(CORE_GZIP_BUDGET);
  });

  it(`keeps @sessionkit/react within ${REACT_GZIP_BUDGET} bytes on top of core`, async () => {
    const core = measure(await bundle({ contents: CORE_ENTRY }));
    const withReact = measure(await bundle({ contents: REACT_ENTRY }));
    expect(withReact.gzip - core.gzip).toBeLessThanOrEqual(REACT_GZIP_BUDGET);
  });
});
