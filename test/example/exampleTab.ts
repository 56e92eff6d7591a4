/**
 * What the example's end-to-end suites (browser/example*.test.ts) share: a tab of the example
 * that collects its errors, the status badge, and TOTP codes computed apart from the kit.
 */
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';

/** How long any one step may take in the page (a click's effect, a page load). */
export const STEP_TIMEOUT_MS = 15_000;

/** The demo user's authenticator secret (examples/react-vite/src/config.ts). */
export const DEMO_TOTP_SECRET = 'KRUGS4ZANFZSAYJAMRSW23ZAONSWG4TF';

export interface ExampleTab {
  page: Page;
  /** Uncaught errors and console errors, but not Chromium's lines for 4xx answers (the 401). */
  errors: string[];
}

/** The current code for a base32 secret, by otpauth: an implementation apart from the kit's. */
export function totpCode(secret: string): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
  }).generate();
}

/**
 * Opens the example in a new page of `context`, collecting errors and Content-Security-Policy
 * violations (the build has a CSP meta). `beforeLoad` runs before the page loads (a CDP virtual
 * authenticator, say).
 */
export async function openTab(
  context: BrowserContext,
  url: string,
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<ExampleTab> {
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
  await beforeLoad?.(page);
  await page.goto(url);
  return { page, errors };
}

/** Waits until the page's status badge says `status` ('signedIn' | 'signedOut'). */
export function waitForStatus(page: Page, status: 'signedIn' | 'signedOut') {
  return page.locator(`[data-testid="status"][data-status="${status}"]`).waitFor();
}
