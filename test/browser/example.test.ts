/**
 * examples/react-vite end to end, in real Chromium: its production build served from dist, the
 * fake pool in MSW's service worker, driven through the page as a user would. Two tabs are two
 * pages of one browser context: one IndexedDB, BroadcastChannel, Web Locks and service worker.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOTP_SECRET, openTab, totpCode, waitForStatus } from '../example/exampleTab.js';
import { EXAMPLE_ROOT, type ServedExample, serveExample } from '../example/serveExample.js';
import { launchChromium } from '../src/chromium.js';
import { waitUntil } from '../src/waitUntil.js';

/** The test output folder (git-ignored). */
const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));
const SCREENSHOT_PATH = join(RESULTS_DIR, 'example-profile.png');
/**
 * The README's screenshot. Refreshed only on request (`SESSIONKIT_UPDATE_SCREENSHOT=1`): the
 * page shows times and token ids, so every run's image differs and would dirty the work tree.
 */
const README_SCREENSHOT_PATH = join(EXAMPLE_ROOT, 'docs/profile.png');

/** The token lifetime picked on the page: 20 s tokens refresh at half-life, every 10 s. */
const TOKEN_LIFETIME_SECONDS = '20';

describe('examples/react-vite, built and served from dist, in Chromium', () => {
  let example: ServedExample;
  let browser: Browser;

  beforeAll(async () => {
    example = await serveExample();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await example?.close();
  });

  it('signs in, refreshes, calls the API with the access token only, and shares the session between two tabs', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const a = await openTab(context, example.url);

    // The sign-in page shows the demo user; short tokens, then a password sign-in.
    await expect(a.page.getByTestId('demo-credentials').textContent()).resolves.toContain(
      'Demo-Passw0rd!',
    );
    await a.page.getByTestId('token-lifetime').selectOption(TOKEN_LIFETIME_SECONDS);
    // The page is built with a Content-Security-Policy; every violation would be a console error.
    expect(await a.page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
    await a.page.getByLabel('Username').fill('demo');
    await a.page.getByLabel('Password').fill('Demo-Passw0rd!');
    await a.page.getByRole('button', { name: 'Sign in with password' }).click();
    // SRP, then the pool's required MFA: a code computed here with otpauth from the demo secret.
    await a.page.getByText('SOFTWARE_TOKEN_MFA').waitFor();
    await a.page.getByLabel('Authenticator code').fill(totpCode(DEMO_TOTP_SECRET));
    await a.page.getByRole('button', { name: 'Continue' }).click();
    await waitForStatus(a.page, 'signedIn');

    // The profile: email and groups from the ID token.
    expect(await a.page.getByTestId('profile-email').textContent()).toBe('demo@example.com');
    const groups = await a.page.getByTestId('profile-groups').locator('.chip').allTextContents();
    expect(groups).toEqual(['admins', 'beta']);

    // Two refreshes, as the event log shows them.
    await waitUntil(
      () => a.page.locator('[data-event-type="refreshed"]').count(),
      (count) => count >= 2,
      { description: 'the event log shows two refreshes', timeoutMs: 40_000, intervalMs: 250 },
    );

    // The demo API takes the (refreshed) access token from the authorised fetch and refuses the
    // ID token.
    await a.page.getByTestId('call-api-access').click();
    const accepted = a.page.getByTestId('api-result-access');
    await accepted.waitFor();
    expect(await accepted.getAttribute('data-status')).toBe('200');
    expect(await accepted.textContent()).toContain('your access token was accepted');
    await a.page.getByTestId('call-api-id').click();
    const refused = a.page.getByTestId('api-result-id');
    await refused.waitFor();
    expect(await refused.getAttribute('data-status')).toBe('401');
    expect(await refused.textContent()).toContain('Token use not allowed: id');

    await mkdir(RESULTS_DIR, { recursive: true });
    await a.page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
    if (process.env.SESSIONKIT_UPDATE_SCREENSHOT === '1') {
      await copyFile(SCREENSHOT_PATH, README_SCREENSHOT_PATH);
    }

    // A second tab is signed in from the shared IndexedDB record, without signing in, and its
    // own worker handlers accept its access token.
    const b = await openTab(context, example.url);
    await waitForStatus(b.page, 'signedIn');
    expect(await b.page.getByTestId('profile-email').textContent()).toBe('demo@example.com');
    await b.page.getByTestId('call-api-access').click();
    await b.page.locator('[data-testid="api-result-access"][data-status="200"]').waitFor();

    // Signing out in the second tab signs the first one out.
    await b.page.getByTestId('sign-out').click();
    await waitForStatus(b.page, 'signedOut');
    await waitForStatus(a.page, 'signedOut');
    await a.page.locator('[data-testid="signed-out-reason"][data-reason="otherTab"]').waitFor();
    await a.page.locator('[data-event-type="signedOut"]').first().waitFor();

    // The hosted-UI redirect through the fake pool: back on the app signed in, code and state
    // gone from the address bar, and the other tab signed in with it.
    await a.page.getByRole('button', { name: /hosted UI/ }).click();
    await waitForStatus(a.page, 'signedIn');
    expect(new URL(a.page.url()).pathname).toBe('/');
    expect(new URL(a.page.url()).search).toBe('');
    await waitForStatus(b.page, 'signedIn');

    expect([...a.errors, ...b.errors]).toEqual([]);
    await context.close();
  });

  it('walks a new user through TOTP set-up with a QR code, then remembers the device so the next sign-in asks no code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await openTab(context, example.url);
    await tab.page.getByLabel('Username').fill('newcomer');
    await tab.page.getByLabel('Password').fill('Newcomer-Passw0rd!');
    expect(await tab.page.getByLabel(/Remember this device/).isChecked()).toBe(true);
    await tab.page.getByRole('button', { name: 'Sign in with password' }).click();

    // MFA_SETUP: a QR code of the otpauth:// URI and the secret; the first code from otpauth.
    const qr = tab.page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await tab.page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await tab.page.screenshot({
      path: join(RESULTS_DIR, 'example-totp-set-up.png'),
      fullPage: true,
    });
    await tab.page.getByLabel('First code from the app').fill(totpCode(secret));
    // The page remembers the device after the sign-in resolved (UpdateDeviceStatus): a sign-out
    // before that answer would leave the device unremembered, so the test waits for it.
    const remembered = tab.page.waitForResponse(
      (response) =>
        response.request().headers()['x-amz-target'] ===
        'AWSCognitoIdentityProviderService.UpdateDeviceStatus',
      { timeout: 30_000 },
    );
    await tab.page.getByRole('button', { name: 'Verify and sign in' }).click();
    await waitForStatus(tab.page, 'signedIn');
    expect((await remembered).status()).toBe(200);
    expect(await tab.page.getByTestId('profile-email').textContent()).toBe('newcomer@example.com');

    // Signed out and in again on this (remembered) device: SRP, then the device's own proof
    // instead of a code (without the remembered device the pool would ask SOFTWARE_TOKEN_MFA and
    // the page would never be signed in).
    await tab.page.getByTestId('sign-out').click();
    await waitForStatus(tab.page, 'signedOut');
    await tab.page.getByLabel('Username').fill('newcomer');
    await tab.page.getByLabel('Password').fill('Newcomer-Passw0rd!');
    await tab.page.getByRole('button', { name: 'Sign in with password' }).click();
    await waitForStatus(tab.page, 'signedIn');
    expect(await tab.page.getByText('SOFTWARE_TOKEN_MFA').count()).toBe(0);

    expect(tab.errors).toEqual([]);
    await context.close();
  });
});
