/**
 * Shared set-up of the React suites: the testing kit's fake Cognito pool behind MSW (node
 * interceptors, real timers: the pool signs with WebCrypto, which takes real time), and sessions
 * on memory storage that are disposed after each test.
 */
import {
  cognito,
  createSession,
  memoryStorage,
  type Session,
  type TokenStorage,
} from '@sessionkit/core';
import { createFakeUserPool, type FakeUserPool } from '@sessionkit/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, type MockInstance, vi } from 'vitest';

export const POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_ReactTest1',
  clientId: 'sessionkitreacttests01',
};
export const ALICE = {
  username: 'alice',
  password: 'Corr3ct-Horse!',
  email: 'alice@example.com',
  tenant: 'acme',
};

const server = setupServer();
const sessions: Session[] = [];

/** Installs MSW for the file: unknown requests fail the test instead of reaching the network. */
export function setUpMsw(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    for (const session of sessions.splice(0)) session.dispose();
  });
  afterAll(() => server.close());
}

/** A fake pool with Alice (an email, a custom attribute, a group), its handlers installed. */
export async function startPool(): Promise<FakeUserPool> {
  const pool = createFakeUserPool({
    ...POOL,
    // USER_PASSWORD_AUTH: signInWithPassword's USER_PASSWORD_AUTH option; the rest is AWS's default.
    explicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ],
  });
  await pool.addUser({
    username: ALICE.username,
    password: ALICE.password,
    attributes: { email: ALICE.email, email_verified: 'true', 'custom:tenant': ALICE.tenant },
    groups: ['admins'],
  });
  server.use(...pool.handlers);
  return pool;
}

/** A session on the fake pool (this tab alone: no `crossTab`), disposed after the test. */
export function startSession(storage: TokenStorage = memoryStorage()): Session {
  const session = createSession({ provider: cognito(POOL), storage });
  sessions.push(session);
  return session;
}

/**
 * Storage that already holds Alice's session, as after a reload: a session on it starts
 * `loading` and becomes `signedIn` once it has read the record.
 */
export async function storageWithAlice(pool: FakeUserPool): Promise<TokenStorage> {
  const storage = memoryStorage();
  const earlier = createSession({ provider: cognito(POOL), storage });
  await earlier.setTokens(await pool.issueTokens(ALICE.username));
  earlier.dispose();
  return storage;
}

/**
 * Fails the test when React (or anything) logs an error it did not expect: act() warnings,
 * hydration mismatches, key warnings. Returns the spy for tests that expect an error.
 */
export function failOnConsoleError(): { readonly spy: MockInstance<typeof console.error> } {
  const holder = {} as { spy: MockInstance<typeof console.error> };
  beforeEach(() => {
    holder.spy = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    expect(holder.spy.mock.calls.map((call) => String(call[0]))).toEqual([]);
  });
  return holder;
}
