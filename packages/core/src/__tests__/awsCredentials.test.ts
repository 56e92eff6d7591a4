/**
 * createAwsCredentials against the testing kit's identity pool: the user's credentials (logged in
 * with the ID token), a guest's, what is kept and for how long, and the refusals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../createSession.js';
import { createAwsCredentials } from '../flows/awsCredentials.js';
import { oidc } from '../providers/oidc/oidc.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import {
  issue,
  REGION,
  requestsOf,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

const IDENTITY_POOL_ID = `${REGION}:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70`;
const LOGIN = `cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;

async function signedIn(allowUnauthenticated = false) {
  const pool = await startPool({
    identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated },
  });
  const { session } = startSession();
  await session.setTokens(await issue(pool));
  return { pool, session };
}

const calls = (pool: Awaited<ReturnType<typeof startPool>>) => ({
  getId: requestsOf(pool, 'GetId'),
  credentials: requestsOf(pool, 'GetCredentialsForIdentity'),
});

describe('createAwsCredentials', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it("logs in with the user's ID token, and keeps the credentials until 5 minutes before they expire", async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const first = await credentials();
    expect(first).toEqual({
      accessKeyId: expect.stringMatching(/^ASIA/),
      secretAccessKey: expect.any(String),
      sessionToken: expect.any(String),
      expiration: new Date(Date.now() + 3600_000),
      identityId: expect.stringMatching(new RegExp(`^${REGION}:`)),
      authenticated: true,
    });
    const idToken = await session.getIdToken();
    expect(calls(pool).getId.map((request) => request.body)).toEqual([
      { IdentityPoolId: IDENTITY_POOL_ID, Logins: { [LOGIN]: idToken } },
    ]);
    expect(calls(pool).credentials.map((request) => request.body)).toEqual([
      { IdentityId: first.identityId, Logins: { [LOGIN]: idToken } },
    ]);
    expect(requestsOf(pool, 'GetId')[0]?.headers['x-amz-target']).toBe(
      'AWSCognitoIdentityService.GetId',
    );
    expect(await credentials()).toBe(first);
    vi.setSystemTime(first.expiration.getTime() - 6 * 60_000);
    expect(await credentials()).toBe(first);
    vi.setSystemTime(first.expiration.getTime() - 4 * 60_000);
    const second = await credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.identityId).toBe(first.identityId);
    // The identity is the user's: asked for once.
    expect(calls(pool).getId).toHaveLength(1);
    expect(calls(pool).credentials).toHaveLength(2);
  });

  it('refreshes an ID token with less than a minute left before logging in with it', async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const state = session.getState();
    if (state.status !== 'signedIn') throw new Error('expected signedIn');
    vi.setSystemTime(state.expiresAt - 30_000);
    const before = requestsOf(pool, 'GetTokensFromRefreshToken').length;
    await credentials();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(before + 1);
    const body = calls(pool).getId[0]?.body as { Logins?: Record<string, string> } | undefined;
    const sent = body?.Logins?.[LOGIN];
    expect(sent).toBe(await session.getIdToken());
  });

  it('forceRefresh asks again; concurrent calls share one request', async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const [a, b] = await Promise.all([credentials(), credentials()]);
    expect(a).toBe(b);
    expect(calls(pool).credentials).toHaveLength(1);
    const forced = await credentials({ forceRefresh: true });
    expect(forced.accessKeyId).not.toBe(a.accessKeyId);
    expect(calls(pool).credentials).toHaveLength(2);
  });

  it("a guest's identity is kept in the session's storage: the next page load asks no GetId", async () => {
    const pool = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const guest = await createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    })();
    expect(guest).toMatchObject({ authenticated: false });
    expect(calls(pool).getId[0]?.body).toEqual({ IdentityPoolId: IDENTITY_POOL_ID });
    expect(calls(pool).credentials[0]?.body).toEqual({ IdentityId: guest.identityId });
    session.dispose();
    const { session: reloaded } = startSession({ storage });
    const again = await createAwsCredentials(reloaded, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    })();
    expect(again.identityId).toBe(guest.identityId);
    expect(calls(pool).getId).toHaveLength(1);
  });

  it("switches to the user's credentials at sign-in and refuses after sign-out without allowGuest", async () => {
    const pool = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const { session } = startSession();
    const guestOnly = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    await expect(guestOnly()).rejects.toMatchObject({
      code: 'signed_out',
      message: 'No user is signed in; pass allowGuest: true for guest credentials.',
    });
    expect(calls(pool).getId).toHaveLength(0);
    const credentials = createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    });
    const guest = await credentials();
    await session.setTokens(await issue(pool));
    const user = await credentials();
    expect(user).toMatchObject({ authenticated: true });
    // As Amplify does: the guest identity, asked for with the login, is the user's from now on.
    expect(user.identityId).toBe(guest.identityId);
    expect(calls(pool).credentials.at(-1)?.body).toEqual({
      IdentityId: guest.identityId,
      Logins: { [LOGIN]: await session.getIdToken() },
    });
    expect(calls(pool).getId).toHaveLength(1);
    await session.signOut();
    // The identity is no guest's any more (forgotten as one): the next guest gets a new one.
    const asked = calls(pool).credentials.length;
    const nextGuest = await credentials();
    expect(calls(pool).credentials).toHaveLength(asked + 1);
    expect(nextGuest).toMatchObject({ authenticated: false });
    expect(nextGuest.identityId).not.toBe(user.identityId);
    const strict = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    await expect(strict()).rejects.toMatchObject({ code: 'signed_out' });
  });

  it("keeps a guest's credentials through a sign-in and sign-out that asked for none", async () => {
    const pool = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const { session } = startSession();
    const credentials = createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    });
    const guest = await credentials();
    await session.setTokens(await issue(pool));
    await session.signOut({ revoke: false });
    expect(await credentials()).toBe(guest);
    expect(calls(pool).credentials).toHaveLength(1);
  });

  it('asks for a new guest identity when storage holds something that is not one', async () => {
    const pool = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const storage = memoryStorage();
    await storage.set(`sessionkit-identity:${IDENTITY_POOL_ID}`, 42);
    const { session } = startSession({ storage });
    const guest = await createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    })();
    expect(calls(pool).getId).toHaveLength(1);
    expect(await storage.get(`sessionkit-identity:${IDENTITY_POOL_ID}`)).toBe(guest.identityId);
  });

  it("rejects with the identity pool's refusals as provider errors, and starts a lost guest identity again", async () => {
    const pool = await startPool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const guest = createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    });
    await expect(guest()).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'Unauthenticated access is not supported for this identity pool.',
      message: expect.stringContaining('guests'),
    });
    const other = createAwsCredentials(session, {
      identityPoolId: `${REGION}:11111111-2222-3333-4444-555555555555`,
      allowGuest: true,
    });
    await expect(other()).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'ResourceNotFoundException',
    });
    // A guest identity the pool no longer knows: a new one is asked for, once.
    const open = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    await storage.set(`sessionkit-identity:${IDENTITY_POOL_ID}`, `${REGION}:deleted-identity`);
    const renewed = await guest();
    expect(renewed.identityId).not.toBe(`${REGION}:deleted-identity`);
    expect(await storage.get(`sessionkit-identity:${IDENTITY_POOL_ID}`)).toBe(renewed.identityId);
    expect(calls(open).credentials).toHaveLength(2);
    expect(pool).toBeDefined();
  });

  it("drops the user's credentials at sign-out: the same user signing in again gets new ones", async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const first = await credentials();
    await session.signOut();
    await session.setTokens(await issue(pool));
    const again = await credentials();
    expect(again.accessKeyId).not.toBe(first.accessKeyId);
    expect(again.identityId).toBe(first.identityId);
    expect(calls(pool).credentials).toHaveLength(2);
  });

  it("keeps only a guest's identity in storage, never a user's", async () => {
    const pool = await startPool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    await session.setTokens(await issue(pool));
    await createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID })();
    expect(await storage.get(`sessionkit-identity:${IDENTITY_POOL_ID}`)).toBeUndefined();
  });

  it("keeps a guest's identity in memory only with persist: 'none'", async () => {
    await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const storage = memoryStorage();
    const { session } = startSession({ storage, persist: 'none' });
    const credentials = createAwsCredentials(session, {
      identityPoolId: IDENTITY_POOL_ID,
      allowGuest: true,
    });
    const guest = await credentials();
    expect(await storage.get(`sessionkit-identity:${IDENTITY_POOL_ID}`)).toBeUndefined();
    expect((await credentials({ forceRefresh: true })).identityId).toBe(guest.identityId);
  });

  it('turns what a faulty network or proxy answers into SessionErrors, and keeps nothing from them', async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const operations = ['GetId', 'GetCredentialsForIdentity'] as const;
    const cases = [
      ['throttle', { code: 'rate_limited', retryable: true }],
      ['server', { code: 'provider', retryable: true }],
      ['unavailable', { code: 'provider', retryable: true }],
      ['html', { code: 'provider', retryable: true }],
      ['garbage', { code: 'invalid_response' }],
      ['network', { code: 'network', retryable: true }],
    ] as const;
    for (const [kind, expected] of cases) {
      pool.failNext(kind, 1, { operations });
      await expect(credentials(), kind).rejects.toMatchObject(expected);
    }
    // Then it works: nothing half-kept from the failures.
    expect(await credentials()).toMatchObject({ authenticated: true });
  });

  it("asks for a new identity when the pool refuses the user's known one, but not after a failure", async () => {
    const { pool, session } = await signedIn();
    const credentials = createAwsCredentials(session, { identityPoolId: IDENTITY_POOL_ID });
    const first = await credentials();
    pool.failNext('invalid_grant', 1, { operations: ['GetCredentialsForIdentity'] });
    const renewed = await credentials({ forceRefresh: true });
    expect(renewed.identityId).toBe(first.identityId);
    expect(calls(pool).getId).toHaveLength(2);
    pool.failNext('server', 1, { operations: ['GetCredentialsForIdentity'] });
    await expect(credentials({ forceRefresh: true })).rejects.toMatchObject({ code: 'provider' });
    expect(calls(pool).getId).toHaveLength(2);
  });

  it('refuses a malformed identity pool id and a provider other than cognito() at once', async () => {
    const { session } = startSession();
    expect(() => createAwsCredentials(session, { identityPoolId: 'not-a-pool' })).toThrow(
      'createAwsCredentials(): identityPoolId must look like "eu-west-1:0d6b8c5e-…", got "not-a-pool".',
    );
    const other = createSession({
      provider: oidc({
        issuer: 'https://id.example.com',
        clientId: 'c',
        redirectUri: 'https://a.example.com/',
      }),
      storage: memoryStorage(),
    });
    expect(() => createAwsCredentials(other, { identityPoolId: IDENTITY_POOL_ID })).toThrow(
      'createAwsCredentials() needs a session with the cognito() provider.',
    );
    other.dispose();
  });
});
