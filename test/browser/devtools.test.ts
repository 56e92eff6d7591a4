/**
 * @sessionkit/devtools on examples/react-vite, in real Chromium: a development build of the
 * example (where `@sessionkit/devtools/react` resolves to the panel, packages/devtools/package.json
 * `exports`), served from dist like example.test.ts serves the production one. The panel shows a
 * refresh as it happens, "expire" makes the next API call refresh, a second tab's refresh is
 * marked with that tab's id, no token string reaches the panel's DOM, and axe-core finds no
 * serious or critical violation in it.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ROOT } from '../example/serveExample.js';
import { launchChromium } from '../src/chromium.js';
import { waitUntil } from '../src/waitUntil.js';

const require = createRequire(import.meta.url);
const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));
/** The docs' screenshot, refreshed on request only (`SESSIONKIT_UPDATE_SCREENSHOT=1`). */
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/images/devtools.png', import.meta.url));
const STEP_TIMEOUT_MS = 15_000;
/** The panel's host element (packages/devtools/src/panel.ts). */
const HOST = 'sessionkit-devtools';
/** The demo user's authenticator secret (examples/react-vite/src/config.ts). */
const DEMO_TOTP_SECRET = 'KRUGS4ZANFZSAYJAMRSW23ZAONSWG4TF';

interface Tab {
  page: Page;
  errors: string[];
}

/** Builds the example with NODE_ENV=development (Vite then resolves the `development` condition). */
async function serveDevelopmentBuild() {
  const outDir = await mkdtemp(join(tmpdir(), 'sessionkit-devtools-example-'));
  const envDir = await mkdtemp(join(tmpdir(), 'sessionkit-devtools-env-'));
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('VITE_COGNITO_')) delete process.env[name];
  }
  const config = { root: EXAMPLE_ROOT, configFile: join(EXAMPLE_ROOT, 'vite.config.ts'), envDir };
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  try {
    await build({
      ...config,
      mode: 'development',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, reportCompressedSize: false },
    });
  } finally {
    // (Assigning undefined would store the string "undefined" and spoil later builds.)
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const server: PreviewServer = await preview({
    ...config,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
      await rm(envDir, { recursive: true, force: true });
    },
  };
}

async function openTab(context: BrowserContext, url: string): Promise<Tab> {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const errors: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  await page.goto(url);
  return { page, errors };
}

/** Opens the panel with its floating button; returns the panel. */
async function openPanel(page: Page): Promise<Locator> {
  const host = page.locator(HOST);
  await host.getByRole('button', { name: 'sessionkit devtools' }).click();
  const panel = host.getByRole('region', { name: 'sessionkit devtools panel' });
  await panel.waitFor();
  return panel;
}

const refreshes = (panel: Locator) =>
  panel.locator('[data-moments] li[data-kind="refresh"][data-outcome="ok"]');

/** The tokens of the stored session records (storage/recordCodec.ts in core names them). */
async function storedTokens(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sessionkit');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('sessions').objectStore('sessions').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const found: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string' && value.startsWith('{')) walk(JSON.parse(value));
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (
            ['idToken', 'accessToken', 'refreshToken'].includes(key) &&
            typeof item === 'string'
          ) {
            found.push(item);
          } else walk(item);
        }
      }
    };
    walk(values);
    return found;
  });
}

/** The panel's text and every attribute value, shadow root included. */
async function panelStrings(page: Page): Promise<string[]> {
  return page.evaluate((hostTag) => {
    const root = document.querySelector(hostTag)?.shadowRoot;
    if (!root) throw new Error('no devtools shadow root');
    const strings: string[] = [root.textContent ?? ''];
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) strings.push(attribute.value);
    }
    for (const element of [document.querySelector(hostTag) as Element]) {
      for (const attribute of element.attributes) strings.push(attribute.value);
    }
    return strings;
  }, HOST);
}

describe('@sessionkit/devtools on the example, in Chromium', () => {
  let served: Awaited<ReturnType<typeof serveDevelopmentBuild>>;
  let browser: Browser;

  beforeAll(async () => {
    served = await serveDevelopmentBuild();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('the development build carries the panel (the production-build check in exampleBuilds.test.ts can fail)', async () => {
    const files = await readdir(served.outDir, { recursive: true });
    const scripts = files.filter((name) => name.endsWith('.js') && name.startsWith('assets'));
    const texts = await Promise.all(
      scripts.map((name) => readFile(join(served.outDir, name), 'utf8')),
    );
    expect(texts.some((text) => text.includes(HOST))).toBe(true);
  });

  it('shows refreshes live, expires the access token so the next call refreshes, names the tab that refreshed, never shows a token, and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const a = await openTab(context, served.url);
    const tokens = new Set<string>();
    const collect = async (page: Page) => {
      for (const token of await storedTokens(page)) tokens.add(token);
    };
    const expectNoToken = async (page: Page) => {
      await collect(page);
      expect(tokens.size).toBeGreaterThanOrEqual(3);
      const strings = await panelStrings(page);
      for (const token of tokens) {
        const signature = token.split('.')[2];
        for (const text of strings) {
          expect(text.includes(token), `a token string in the panel: ${token.slice(0, 12)}…`).toBe(
            false,
          );
          if (signature && signature.length >= 20) {
            expect(text.includes(signature), 'a token signature in the panel').toBe(false);
          }
        }
      }
    };

    // 20 s tokens (a refresh every 10 s), then the demo user's password sign-in and MFA.
    await a.page.getByTestId('token-lifetime').selectOption('20');
    await a.page.getByLabel('Username').fill('demo');
    await a.page.getByLabel('Password').fill('Demo-Passw0rd!');
    await a.page.getByRole('button', { name: 'Sign in with password' }).click();
    await a.page.getByText('SOFTWARE_TOKEN_MFA').waitFor();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET) });
    await a.page.getByLabel('Authenticator code').fill(code.generate());
    await a.page.getByRole('button', { name: 'Continue' }).click();
    await a.page.locator('[data-testid="status"][data-status="signedIn"]').waitFor();

    // The panel: state, user, a sign-in on the timeline; then a refresh appears while it is open.
    const panelA = await openPanel(a.page);
    await panelA.locator('[data-testid="devtools-status"][data-status="signedIn"]').waitFor();
    expect(await panelA.locator('[data-claims] td[data-claim="email"]').first().textContent()).toBe(
      'demo@example.com',
    );
    expect(await panelA.locator('[data-moments] li[data-kind="signedIn"]').count()).toBe(1);
    expect(await panelA.locator('svg rect.bar').count()).toBeGreaterThanOrEqual(1);
    const before = await refreshes(panelA).count();
    await waitUntil(
      () => refreshes(panelA).count(),
      (count) => count > before,
      { description: 'a refresh appears on the open panel', timeoutMs: 30_000, intervalMs: 250 },
    );
    await panelA.locator('svg rect.span[data-outcome="ok"]').first().waitFor();
    await mkdir(RESULTS_DIR, { recursive: true });
    await a.page.screenshot({ path: join(RESULTS_DIR, 'devtools-refresh.png') });
    await expectNoToken(a.page);

    // "Expire": the state says expired, and the next API call refreshes before the planned time.
    const refreshAt = Number(
      await panelA.locator('svg rect.bar[data-refresh-at]').last().getAttribute('data-refresh-at'),
    );
    const beforeExpire = await refreshes(panelA).count();
    await panelA.getByRole('button', { name: 'Expire access token' }).click();
    await panelA.locator('[data-moments] li[data-kind="expiredLocally"]').waitFor();
    expect(await panelA.locator('p.status').textContent()).toContain('expired');
    await a.page.getByTestId('call-api-access').click();
    await a.page.locator('[data-testid="api-result-access"][data-status="200"]').waitFor();
    await waitUntil(
      () => refreshes(panelA).count(),
      (count) => count > beforeExpire,
      { description: 'the API call refreshed', timeoutMs: 10_000, intervalMs: 100 },
    );
    const refreshedAt = Number(
      await panelA
        .locator('[data-moments] li[data-kind="refresh"]')
        .first()
        .getAttribute('data-at'),
    );
    expect(refreshedAt).toBeLessThan(refreshAt);
    expect(await panelA.locator('p.status').textContent()).not.toContain('expired');

    // A second tab: whichever tab refreshes next, the other marks it with that tab's id.
    const b = await openTab(context, served.url);
    await b.page.locator('[data-testid="status"][data-status="signedIn"]').waitFor();
    const panelB = await openPanel(b.page);
    const idOf = async (panel: Locator) =>
      (await panel.locator('header [data-tab]').getAttribute('data-tab')) ?? '';
    const ids = { a: await idOf(panelA), b: await idOf(panelB) };
    expect(ids.a).toMatch(/^[0-9a-f]{4}$/);
    expect(ids.a).not.toBe(ids.b);
    const marked = (panel: Locator, otherId: string) =>
      panel.locator(`[data-moments] li[data-kind="otherTab"][data-tab="${otherId}"]`).count();
    await waitUntil(
      async () => (await marked(panelA, ids.b)) + (await marked(panelB, ids.a)),
      (count) => count > 0,
      { description: "a tab marks the other tab's refresh", timeoutMs: 40_000, intervalMs: 250 },
    );
    const shot = join(RESULTS_DIR, 'devtools-two-tabs.png');
    const [pageWithMark] = (await marked(panelB, ids.a)) > 0 ? [b.page] : [a.page];
    await pageWithMark?.screenshot({ path: shot });
    if (process.env.SESSIONKIT_UPDATE_SCREENSHOT === '1') {
      await mkdir(join(DOCS_SCREENSHOT, '..'), { recursive: true });
      await copyFile(shot, DOCS_SCREENSHOT);
    }
    await expectNoToken(a.page);
    await expectNoToken(b.page);

    // axe-core in the page, on the panel (its shadow root included).
    const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await a.page.evaluate(axeSource);
    const violations = await a.page.evaluate(async (hostTag) => {
      const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
      const results = await axe.run({ include: [hostTag] } as never);
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((node) => node.target.join(' > ')).slice(0, 3),
      }));
    }, HOST);
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe).toEqual([]);

    // Keyboard: Escape closes the panel and gives the focus back to its button.
    await panelA.getByRole('button', { name: 'Pause' }).focus();
    await a.page.keyboard.press('Escape');
    expect(await panelA.isHidden()).toBe(true);

    expect([...a.errors, ...b.errors]).toEqual([]);
    await context.close();
  });
});
