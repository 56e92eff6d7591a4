/**
 * The default backend: the testing kit's fake Cognito pool and the demo API, answered by MSW's
 * service worker. The pool is `shared`: its keys, users and refresh tokens live in IndexedDB, so
 * every tab of the origin sees one pool (each tab runs its own pool object and handlers; the
 * worker hands each request back to the page that sent it).
 */
import { createFakeUserPool } from '@sessionkit/core/testing';
import { getResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { FakeBackend } from './backend';
import { DEMO_USER, FAKE_POOL, NEW_USER } from './config';
import { createDemoApi } from './demoApi';
import { createDemoAuthenticator } from './demoAuthenticator';
import { createTokenLifetimeSetting } from './tokenLifetime';

/** Adds the demo user, starts the worker (before any session exists) and resolves when it serves. */
export async function startFakeBackend(): Promise<FakeBackend> {
  if (!('serviceWorker' in navigator)) {
    throw new Error(
      'This browser gives the page no service worker (they need https, localhost or 127.0.0.1): ' +
        'open the example at http://localhost:5173.',
    );
  }
  const pool = createFakeUserPool({
    ...FAKE_POOL,
    // What AWS gives an app client created without explicit flows (the page signs in with SRP),
    // plus ALLOW_USER_AUTH: choice-based sign-in (a passkey) and the sign-in
    // right after a confirmed sign-up (docs/account.md, docs/passwordless.md).
    explicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_USER_AUTH',
    ],
    // The sign-in policy (Essentials plan): a password or a passkey. With MFA required, Cognito
    // allows no sign-in with a code by email or SMS, and a passkey only where it counts as MFA.
    userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
    // Passkeys bound to the page's host (the default relying party id): they work on
    // http://localhost, not on an IP address such as 127.0.0.1 (docs/passkeys.md). One that
    // verifies the user (fingerprint, face or PIN) counts as MFA, so it signs in with no code.
    webAuthn: { factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
    // As a security-minded pool is set up: MFA required (an authenticator app), and devices
    // tracked when the user opts in ("remember this device" skips the code next time).
    mfa: 'required',
    mfaFactors: ['SOFTWARE_TOKEN_MFA'],
    deviceTracking: 'userOptIn',
    // What the Cognito console sets for a new app client: a username nobody has gets a wrong
    // password's answer, and a password reset for it "sends" a code nowhere (docs/account.md).
    preventUserExistenceErrors: true,
    shared: true,
    callbackUrls: [`${location.origin}/callback`],
    logoutUrls: [location.origin],
  });
  // Added once per pool (the pool lives in IndexedDB): a password reset or a profile change
  // made on the page stays, instead of being undone by the next tab's start-up.
  if (!(await pool.hasUser(DEMO_USER.username))) {
    await pool.addUser({
      username: DEMO_USER.username,
      password: DEMO_USER.password,
      attributes: {
        sub: DEMO_USER.sub,
        email: DEMO_USER.email,
        email_verified: 'true',
        name: 'Demo User',
        'custom:plan': DEMO_USER.plan,
      },
      groups: [...DEMO_USER.groups],
      mfa: { type: 'SOFTWARE_TOKEN_MFA', secret: DEMO_USER.totpSecret },
    });
  }
  // No MFA yet: the first sign-in sets up an authenticator app (a QR code on the page).
  if (!(await pool.hasUser(NEW_USER.username))) {
    await pool.addUser({
      username: NEW_USER.username,
      password: NEW_USER.password,
      attributes: { sub: NEW_USER.sub, email: NEW_USER.email, email_verified: 'true' },
    });
  }
  await pool.setHostedUiUser(DEMO_USER.username);
  const api = await createDemoApi(pool, FAKE_POOL);

  const worker = setupWorker(...pool.handlers, api);
  await worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest(request, print) {
      // The app's own files pass through; anything bound elsewhere is worth a warning.
      if (new URL(request.url).origin !== location.origin) print.warning();
    },
  });

  return {
    kind: 'fake',
    pool: FAKE_POOL,
    demoUser: DEMO_USER,
    newUser: NEW_USER,
    authenticator: createDemoAuthenticator(),
    tokenLifetime: createTokenLifetimeSetting((seconds) => pool.setTokenLifetime(seconds)),
    // What the pool "sent" (sign-up, password reset, attribute and sign-in codes), every tab's.
    sentCodes: () => pool.sentCodes(),
    /**
     * The fake hosted UI. The browser cannot simply go to the authorize URL: a navigation to
     * another origin is not controlled by our service worker (and MSW's worker lets navigation
     * requests through anyway), so it would hit the real Cognito domain. A `fetch` of it does
     * reach the worker, but with `redirect: 'manual'` the 302 comes back as an opaque redirect
     * that hides `Location`; followed, Chromium ends on the callback URL (`response.url`), but
     * only after fetching the callback page for nothing, and how a redirect answered by a
     * service worker is followed across origins is each browser's business. So the page asks
     * the pool's own handlers (MSW's `getResponse`: the handlers the worker runs, without the
     * network), reads the 302's `Location` (the callback URL with `code` and `state`) and goes
     * there, where Cognito's managed login would send the browser after the user signed in.
     */
    async navigateToHostedUi(url) {
      const response = await getResponse(pool.handlers, new Request(url));
      const callback = response?.headers.get('Location');
      if (response?.status !== 302 || !callback) {
        throw new Error(
          `The fake hosted UI did not redirect (HTTP ${response?.status ?? 'none'}).`,
        );
      }
      location.assign(callback);
    },
  };
}
