/**
 * examples/react-vite's account and passwordless pages end to end, in real Chromium, on its
 * production build (the fake pool in MSW's service worker): sign-up confirmed with the code the
 * page's "fake pool outbox" shows (and signed in right away), a profile edit seen in the ID-token
 * claims, an email address verified, a passkey registered and used to sign in (Chromium's virtual
 * authenticator over CDP; it counts as MFA in this pool, so no code follows), a forgotten password
 * reset, the passkey again, and "sign out everywhere" reaching a second tab.
 *
 * The page is opened as `http://localhost:<port>/`: the fake pool's relying party id is the
 * page's host, and an IP address (the server's 127.0.0.1) cannot be one.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleTab, openTab, totpCode, waitForStatus } from '../example/exampleTab.js';
import { type ServedExample, serveExample } from '../example/serveExample.js';
import { launchChromium } from '../src/chromium.js';

const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

const ALICE = {
  username: 'alice',
  email: 'alice@example.com',
  password: 'Alice-Passw0rd!',
  newPassword: 'Alice-N3w-Passw0rd!',
  name: 'Alice Liddell',
  newEmail: 'alice@wonderland.example',
};

/** The newest code the page's outbox shows for this user and purpose. */
async function outboxCode(page: Page, username: string, purpose: string): Promise<string> {
  const code = page
    .locator(
      `[data-testid="outbox-entry"][data-username="${username}"][data-purpose="${purpose}"] [data-testid="outbox-code"]`,
    )
    .first();
  await code.waitFor();
  return (await code.textContent()) ?? '';
}

/** The value of one ID-token claim in the page's claims table. */
function claim(page: Page, name: string) {
  return page.locator(`[data-testid="claims"] tr[data-claim="${name}"] td`);
}

/** Picks one of the sign-in page's ways in ("Password", "Create an account"…). */
function chooseWayIn(page: Page, label: string) {
  return page
    .getByRole('navigation', { name: 'Ways in' })
    .getByRole('button', { name: label, exact: true })
    .click();
}

async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await waitForStatus(page, 'signedOut');
}

/** A password sign-in on the page (the remembered device answers instead of MFA). */
async function signInWithPassword(page: Page, username: string, password: string) {
  await chooseWayIn(page, 'Password');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in with password' }).click();
}

describe('examples/react-vite account and passwordless flows, in Chromium', () => {
  let example: ServedExample;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    example = await serveExample();
    url = example.url.replace('127.0.0.1', 'localhost');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await example?.close();
  });

  it('signs up with the outbox code, edits the profile, signs in with a passkey as MFA, resets the password, signs out everywhere', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    let cdp: CDPSession | undefined;
    let authenticatorId = '';
    const a: ExampleTab = await openTab(context, url, async (page) => {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      }));
    });
    const { page } = a;
    await waitForStatus(page, 'signedOut');
    // The outbox is the fake pool's, and says so.
    await expect(page.getByTestId('outbox').getByRole('heading').textContent()).resolves.toBe(
      'Fake pool outbox — a real pool would email this',
    );

    // Sign-up; the code from the outbox; confirmed and signed in at once (USER_AUTH with the
    // sign-up's session), which in this MFA-required pool means setting up an authenticator.
    await chooseWayIn(page, 'Create an account');
    await page.getByLabel('New username').fill(ALICE.username);
    await page.getByLabel('Email', { exact: true }).fill(ALICE.email);
    await page.getByLabel('New password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Create the account' }).click();
    const signUpCode = await outboxCode(page, ALICE.username, 'SIGN_UP');
    expect(signUpCode).toMatch(/^\d{6}$/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'example-sign-up.png'), fullPage: true });
    await page.getByLabel('Confirmation code').fill(signUpCode);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel('First code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await waitForStatus(page, 'signedIn');
    expect(await page.getByTestId('profile-email').textContent()).toBe(ALICE.email);
    expect(await claim(page, 'cognito:username').textContent()).toBe(ALICE.username);
    expect(await claim(page, 'name').count()).toBe(0);

    // A profile edit: saved, refreshed, and the new ID token's claims on the page.
    const refreshesBefore = await page.locator('[data-event-type="refreshed"]').count();
    await page.getByLabel('Name', { exact: true }).fill(ALICE.name);
    await page.getByRole('button', { name: 'Save' }).click();
    await claim(page, 'name').filter({ hasText: ALICE.name }).waitFor();
    await expect(page.locator('#profile-title').textContent()).resolves.toBe(ALICE.name);
    expect(await page.locator('[data-event-type="refreshed"]').count()).toBeGreaterThan(
      refreshesBefore,
    );

    // A new email address: unverified in the claims, then verified with the outbox's code.
    await page.getByLabel('Email address').fill(ALICE.newEmail);
    await page.getByRole('button', { name: 'Save' }).click();
    await claim(page, 'email_verified').filter({ hasText: 'false' }).waitFor();
    expect(await claim(page, 'email').textContent()).toBe(ALICE.newEmail);
    await page
      .getByLabel('Email verification code')
      .fill(await outboxCode(page, ALICE.username, 'VERIFY_ATTRIBUTE'));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await claim(page, 'email_verified').filter({ hasText: 'true' }).waitFor();
    expect(await page.getByTestId('verify-email').count()).toBe(0);

    await page.screenshot({
      path: join(RESULTS_DIR, 'example-account-profile.png'),
      fullPage: true,
    });

    // A passkey, made by the virtual authenticator and listed by the pool.
    await page.getByTestId('passkeys-empty').waitFor();
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByTestId('passkey').first().waitFor();
    expect(await page.getByTestId('passkey').count()).toBe(1);
    const { credentials } = await cdp!.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    // Signed out, then in with the passkey: no password, and no code (a passkey that verifies
    // the user counts as MFA).
    await signOut(page);
    await chooseWayIn(page, 'Passkey');
    await page.getByLabel('Username', { exact: true }).fill(ALICE.username);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await waitForStatus(page, 'signedIn');
    expect(await claim(page, 'name').textContent()).toBe(ALICE.name);
    const { credentials: used } = await cdp!.send('WebAuthn.getCredentials', { authenticatorId });
    expect(used[0]?.signCount).toBeGreaterThan(credentials[0]?.signCount ?? 0);

    // Forgotten password. The pool hides unknown users, as the console's app clients do: a
    // username nobody has gets the same "code sent" step, and the page promises nothing.
    await signOut(page);
    await chooseWayIn(page, 'Forgot password');
    await page.getByLabel('Username', { exact: true }).fill('nobody');
    await page.getByRole('button', { name: 'Send a reset code' }).click();
    await page
      .getByTestId('reset-password-confirm')
      .filter({ hasText: 'If nobody has an account, Cognito sent its code to' })
      .waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    // Then alice's: the code from the outbox, a new password; the old one is refused.
    await page.getByLabel('Username', { exact: true }).fill(ALICE.username);
    await page.getByRole('button', { name: 'Send a reset code' }).click();
    await page
      .getByLabel('Reset code')
      .fill(await outboxCode(page, ALICE.username, 'FORGOT_PASSWORD'));
    await page.getByLabel('New password').fill(ALICE.newPassword);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByTestId('sign-in-notice').filter({ hasText: 'Password changed' }).waitFor();
    await signInWithPassword(page, ALICE.username, ALICE.password);
    await page.getByTestId('sign-in-error').waitFor();
    expect(await page.getByTestId('status').getAttribute('data-status')).toBe('signedOut');
    // The device was remembered at the first sign-in: the new password alone signs in.
    await signInWithPassword(page, ALICE.username, ALICE.newPassword);
    await waitForStatus(page, 'signedIn');
    await signOut(page);

    // The passkey again: it counts as MFA in this pool, which requires MFA.
    await chooseWayIn(page, 'Passkey');
    await page.getByLabel('Username', { exact: true }).fill(ALICE.username);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await waitForStatus(page, 'signedIn');

    // Sign out everywhere: this tab and a second one end signed out.
    const b = await openTab(context, url);
    await waitForStatus(b.page, 'signedIn');
    await page.getByTestId('global-sign-out').click();
    await waitForStatus(page, 'signedOut');
    await waitForStatus(b.page, 'signedOut');
    await page.locator('[data-testid="signed-out-reason"][data-reason="user"]').waitFor();
    await b.page.locator('[data-testid="signed-out-reason"][data-reason="otherTab"]').waitFor();

    expect([...a.errors, ...b.errors]).toEqual([]);
    await context.close();
  });
});
