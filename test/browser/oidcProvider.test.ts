/**
 * Sign-in against a real OpenID Provider (oidc-provider on 127.0.0.1) in real Chromium: a
 * redirect sign-in through its login and consent pages, three refreshes with rotated refresh
 * tokens, and a sign-out with revocation after which the provider refuses the old token.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CLIENT_ID, type RunningProvider, startOidcProvider } from '../oidc/oidcProvider.js';
import { launchChromium } from '../src/chromium.js';

const APP_ROOT = fileURLToPath(new URL('../oidc-app/', import.meta.url));

type OidcTestApi = {
  ready(): Promise<boolean>;
  callback(): Promise<{
    ok: boolean;
    appState?: unknown;
    cleanUrl?: string;
    error?: { code: string };
  } | null>;
  state(): Promise<Record<string, unknown>>;
  signIn(): Promise<void>;
  refresh(): Promise<{
    ok: boolean;
    state?: Record<string, unknown>;
    error?: { code: string; message: string };
  }>;
  signOut(redirect: boolean): Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function call<Name extends keyof OidcTestApi>(
  page: Page,
  name: Name,
  ...args: Parameters<OidcTestApi[Name]>
): Promise<Awaited<ReturnType<OidcTestApi[Name]>>> {
  return page.evaluate(
    ([method, parameters]) =>
      // biome-ignore lint/suspicious/noExplicitAny: the page API, typed on the Node side
      (window as any).oidcTest[method](...parameters),
    [name, args] as const,
  );
}

describe('oidc() against a real OpenID Provider, in Chromium', () => {
  let provider: RunningProvider;
  let app: PreviewServer;
  let outDir: string;
  let appUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}/`;
    provider = await startOidcProvider(appUrl);
    outDir = await mkdtemp(join(tmpdir(), 'sessionkit-oidc-app-'));
    await build({
      root: APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      define: {
        __OIDC_ISSUER__: JSON.stringify(provider.issuer),
        __OIDC_CLIENT_ID__: JSON.stringify(OIDC_CLIENT_ID),
      },
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        reportCompressedSize: false,
      },
    });
    app = await preview({
      root: APP_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('signs in with a redirect, refreshes three times with rotation, and signs out with revocation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(appUrl);
    await call(page, 'ready');
    expect(await call(page, 'state')).toMatchObject({ status: 'signedOut' });

    // The provider's own login and consent pages (oidc-provider's development interactions).
    await Promise.all([page.waitForURL(`${provider.issuer}/**`), call(page, 'signIn')]);
    await page.fill('input[name="login"]', 'alice');
    await page.fill('input[name="password"]', 'any password will do');
    await page.click('button[type="submit"]');
    await page.waitForURL(`${provider.issuer}/**`);
    await Promise.all([page.waitForURL(`${appUrl}**`), page.click('button[type="submit"]')]);

    const callback = await call(page, 'callback');
    expect(callback).toMatchObject({ ok: true, appState: { from: 'oidc-test' } });
    expect(new URL(callback?.cleanUrl ?? '').search).toBe(''); // code and state are gone
    const signedIn = await call(page, 'state');
    expect(signedIn).toMatchObject({
      status: 'signedIn',
      sub: 'alice',
      email: 'alice@example.com',
    });

    // Three refreshes, each rotating the refresh token.
    const refreshTokens = [signedIn.refreshToken as string];
    for (let round = 1; round <= 3; round++) {
      const result = await call(page, 'refresh');
      expect(result, JSON.stringify(result.error)).toMatchObject({ ok: true });
      refreshTokens.push(result.state?.refreshToken as string);
    }
    expect(new Set(refreshTokens).size).toBe(4);
    const last = refreshTokens.at(-1) ?? '';

    // The rotated-out tokens are dead at the provider already.
    const discovery = await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json();
    const refreshAtProvider = (refreshToken: string) =>
      fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: OIDC_CLIENT_ID,
          refresh_token: refreshToken,
        }),
      });
    expect((await (await refreshAtProvider(refreshTokens[0] ?? '')).json()).error).toBe(
      'invalid_grant',
    );

    await call(page, 'signOut', false);
    expect(await call(page, 'state')).toEqual({ status: 'signedOut', reason: 'user' });
    const refused = await refreshAtProvider(last);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toBe('invalid_grant');
    expect(errors).toEqual([]);
    await context.close();
  });
});
