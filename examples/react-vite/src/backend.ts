/**
 * What the example signs in against. By default the testing kit's fake pool, in an MSW service
 * worker with the demo API beside it (fakeBackend.ts, loaded only then); with `.env.local`
 * naming a pool, that real pool and no worker at all.
 */

import type { SentCode } from '@sessionkit/core/testing';
import { type DEMO_USER, type NEW_USER, type PoolConfig, readRealPoolConfig } from './config';
import type { DemoAuthenticator } from './demoAuthenticator';
import type { TokenLifetimeSetting } from './tokenLifetime';

/** The fake pool in the service worker. */
export interface FakeBackend {
  kind: 'fake';
  pool: PoolConfig;
  /** The lifetime of the next tokens the fake pool mints, shared by the tabs. */
  tokenLifetime: TokenLifetimeSetting;
  /** The demo user the sign-in page offers (only a fake-pool build carries its password). */
  demoUser: typeof DEMO_USER;
  /** A user without MFA: the pool requires it, so the first sign-in sets up TOTP. */
  newUser: typeof NEW_USER;
  /** Shows the codes an authenticator app would (the demo user's, and set-ups on this page). */
  authenticator: DemoAuthenticator;
  /** The codes the fake pool "sent" by email or SMS, oldest first (shown in its outbox panel). */
  sentCodes(): Promise<SentCode[]>;
  /** `navigate` for `signInWithRedirect`: through the fake hosted UI (see fakeBackend.ts). */
  navigateToHostedUi(url: string): Promise<void>;
}

/** A real Cognito user pool from `.env.local`. */
export interface RealBackend {
  kind: 'real';
  pool: PoolConfig;
}

export type DemoBackend = FakeBackend | RealBackend;

/**
 * Starts the backend: the fake pool in a build without `VITE_COGNITO_*` settings, else the real
 * pool they name (an error when they are incomplete). `__SESSIONKIT_FAKE_POOL__` is a constant of
 * the build, so a real-pool build contains neither the fake pool nor its worker.
 */
export async function startBackend(): Promise<DemoBackend> {
  if (__SESSIONKIT_FAKE_POOL__) {
    const { startFakeBackend } = await import('./fakeBackend');
    return startFakeBackend();
  }
  const realPool = readRealPoolConfig();
  // A worker left registered by an earlier run on the fake pool would still sit between the
  // page and the network: remove it so requests go to the real Cognito untouched.
  const registrations = (await navigator.serviceWorker?.getRegistrations()) ?? [];
  await Promise.all(
    registrations
      .filter((registration) => registration.active?.scriptURL.endsWith('/mockServiceWorker.js'))
      .map((registration) => registration.unregister()),
  );
  return { kind: 'real', pool: realPool };
}
