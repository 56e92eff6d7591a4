/**
 * What the example's production builds contain (examples/react-vite/vite.config.ts): a build for
 * a real pool carries no fake-pool code, no MSW and no worker; every build has a
 * Content-Security-Policy naming only the pool's origins; and incomplete real-pool settings are
 * an error on the page, not a silent fallback to the fake pool (checked in Chromium).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, serveExample } from '../example/serveExample.js';
import { launchChromium } from '../src/chromium.js';

/** Every file of a build, relative path → text. */
async function readBuild(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(outDir.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no Content-Security-Policy meta in index.html');
  return match[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"');
}

/** Text that only the fake pool, MSW or the demo API would put in a bundle. */
const FAKE_POOL_MARKERS = [
  // (The file name mockServiceWorker.js may appear: a real-pool page unregisters a worker left
  // over from a fake-pool run.)
  'MOCKING_ENABLED',
  'createFakeUserPool',
  'sessionkit-fake-cognito',
  'SessionKitDemo',
  'Demo-Passw0rd!',
  'Invalid session for the user',
  'MSW',
  // The fake pool's outbox panel (examples/react-vite/src/components/FakeOutbox.tsx).
  'Fake pool outbox',
];

/**
 * The devtools panel's host element name (packages/devtools/src/panel.ts): in a production build
 * `@sessionkit/devtools/react` resolves to its no-op twin, so no build file may contain it.
 * (devtools.test.ts finds it in a development build of the same example.)
 */
const DEVTOOLS_MARKER = 'sessionkit-devtools';

const REAL_POOL = {
  VITE_COGNITO_REGION: 'eu-central-1',
  VITE_COGNITO_USER_POOL_ID: 'eu-central-1_RealPool1',
  VITE_COGNITO_CLIENT_ID: 'realclientid123',
  VITE_COGNITO_DOMAIN: 'auth.real.example.com',
};

describe('the example production builds', () => {
  // Vitest sets NODE_ENV=test, and Vite resolves the `development` export condition whenever
  // NODE_ENV is not `production`: build as `vite build` does from a shell, NODE_ENV=production.
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(() => {
    process.env.NODE_ENV = 'production';
  });
  afterAll(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });

  it('a real-pool build contains no fake-pool code, no MSW and no worker; its CSP names only that pool', async () => {
    const build = await buildExample({ env: REAL_POOL });
    try {
      const files = await readBuild(build.outDir);
      expect([...files.keys()].some((name) => name.includes('mockServiceWorker'))).toBe(false);
      for (const [name, text] of files) {
        for (const marker of FAKE_POOL_MARKERS) {
          expect(text.includes(marker), `${name} contains "${marker}"`).toBe(false);
        }
        expect(text.includes(DEVTOOLS_MARKER), `${name} contains devtools code`).toBe(false);
      }
      const csp = cspOf(files.get('index.html') ?? '');
      expect(csp).toContain(
        "connect-src 'self' https://cognito-idp.eu-central-1.amazonaws.com https://auth.real.example.com",
      );
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      // The same scan finds the markers in a fake-pool build (the check can fail).
      const fake = await buildExample();
      try {
        const fakeFiles = await readBuild(fake.outDir);
        expect(fakeFiles.has('mockServiceWorker.js')).toBe(true);
        const all = [...fakeFiles.values()].join('\n');
        // The example mounts the devtools; its production build carries none of the panel.
        expect(all.includes(DEVTOOLS_MARKER)).toBe(false);
        expect(FAKE_POOL_MARKERS.filter((marker) => all.includes(marker)).length).toBeGreaterThan(
          3,
        );
        expect(cspOf(fakeFiles.get('index.html') ?? '')).toContain(
          "connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com https://demo.auth.eu-west-1.amazoncognito.com",
        );
      } finally {
        await fake.cleanUp();
      }
    } finally {
      await build.cleanUp();
    }
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('incomplete real-pool settings are an error on the page, not the fake pool', async () => {
      const example = await serveExample({
        env: { VITE_COGNITO_REGION: 'eu-central-1', VITE_COGNITO_USER_POOL_ID: 'eu-central-1_X1' },
      });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(example.url);
        const alert = page.getByRole('alert');
        await alert.waitFor({ timeout: 15_000 });
        await expect(alert.textContent()).resolves.toMatch(
          /settings are incomplete: set VITE_COGNITO_CLIENT_ID/,
        );
        expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations())).toEqual([]);
      } finally {
        await context.close();
        await example.close();
      }
    });
  });
});
