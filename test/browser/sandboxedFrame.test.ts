/**
 * A session in an iframe sandboxed without `allow-same-origin`: an opaque origin, where Chromium
 * refuses IndexedDB and Web Locks with a SecurityError (sandboxed-frame/main.ts runs the session
 * there and reports). The session must work on memory and without the lock, not fail every
 * locked step with the SecurityError. The page's script is inlined in the frame's document: a
 * module script from a URL would need CORS, the frame's origin being `null`.
 */
import { fileURLToPath } from 'node:url';
import { mintTokens } from '@sessionkit/core/testing';
import type { Browser } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_POOL, type SandboxedFrameResult } from '../sandboxed-frame/contract.js';
import { launchChromium } from '../src/chromium.js';

const ENTRY = fileURLToPath(new URL('../sandboxed-frame/main.ts', import.meta.url));

/** The frame's script as one ES module (the built packages, msw's getResponse), inlined. */
async function bundleFrame(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: ENTRY, formats: ['es'], fileName: 'frame' },
    },
  })) as Rollup.RollupOutput[];
  const chunks = output.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`expected one chunk, got ${chunks.length}`);
  return (chunks[0] as Rollup.OutputChunk).code;
}

describe('a session in a sandboxed iframe (opaque origin)', () => {
  let browser: Browser;
  let frameScript: string;
  beforeAll(async () => {
    frameScript = await bundleFrame();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('starts on memory, signs in, refreshes and signs out without Web Locks', async () => {
    const sub = '7d3f5c1e-0a3b-4c59-9d0e-1f2a3b4c5d6e';
    const tokens = [
      await mintTokens({ sub }, FRAME_POOL),
      await mintTokens({ sub }, { ...FRAME_POOL, withRefreshToken: false }),
    ];
    const context = await browser.newContext();
    await context.route('https://app.example/**', (route) => {
      const { pathname } = new URL(route.request().url());
      const body =
        pathname === '/frame.html'
          ? `<!doctype html><script>window.FRAME_TOKENS = ${JSON.stringify(tokens)};</script>` +
            `<script type="module">${frameScript.replaceAll('</script', '<\\/script')}</script>`
          : `<!doctype html><script>
              window.report = new Promise((resolve) => addEventListener('message', (event) => resolve(event.data)));
            </script><iframe sandbox="allow-scripts" src="/frame.html"></iframe>`;
      return route.fulfill({ contentType: 'text/html', body });
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('https://app.example/');
    const result = (await page.evaluate(
      () => (window as unknown as { report: Promise<unknown> }).report,
    )) as SandboxedFrameResult;
    await context.close();

    expect(pageErrors).toEqual([]);
    expect(result).toEqual({ ok: true, report: expect.any(Object) });
    if (!result.ok) return;
    const { report } = result;
    // The frame is what the test means it to be: an opaque origin that refuses both APIs.
    expect(report).toMatchObject({
      origin: 'null',
      locks: 'SecurityError',
      indexedDB: 'SecurityError',
    });
    expect(report.states).toEqual(['signedOut', 'signedIn', 'signedIn:refreshed', 'signedOut']);
    expect(report.events).toEqual(['storageFallback:storage', 'signedIn', 'signedOut']);
    expect(report.requests).toEqual(['GetTokensFromRefreshToken']);
  });
});
