/**
 * What the example signs in against. By default the testing kit's fake pool, in an MSW service
 * worker with the demo API beside it (fakeBackend.ts, loaded only then); with `.env.local`
 * naming a pool, that real pool and no worker at all.
 */
import type { PoolConfig } from './config';
import type { TokenLifetimeSetting } from './tokenLifetime';

/** The fake pool in the service worker. */
export interface FakeBackend {
  kind: 'fake';
  pool: PoolConfig;
  /** The lifetime of the next tokens the fake pool mints, shared by the tabs. */
  tokenLifetime: TokenLifetimeSetting;
  /** `navigate` for `signInWithRedirect`: through the fake hosted UI (see fakeBackend.ts). */
  navigateToHostedUi(url: string): Promise<void>;
}

/** A real Cognito user pool from `.env.local`. */
export interface RealBackend {
  kind: 'real';
  pool: PoolConfig;
}

export type DemoBackend = FakeBackend | RealBackend;

/** Starts the backend: the real pool when `realPool` is given, else the fake one. */
export async function startBackend(realPool: PoolConfig | null): Promise<DemoBackend> {
  if (!realPool) {
    const { startFakeBackend } = await import('./fakeBackend');
    return startFakeBackend();
  }
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
