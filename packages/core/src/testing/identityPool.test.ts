/**
 * The fake identity pool on the wire: `GetId` and `GetCredentialsForIdentity` with the user
 * pool's ID token as the login, a guest's identity, linking and merging at sign-in, and the
 * refusals.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callIdentityPool,
  IDENTITY_POOL_ID,
  setupPoolServer,
  signIn,
  USER_POOL_LOGIN,
} from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const getId = (Logins?: Record<string, string>) =>
  callIdentityPool('GetId', { IdentityPoolId: IDENTITY_POOL_ID, ...(Logins ? { Logins } : {}) });
const credentialsFor = (IdentityId: string, Logins?: Record<string, string>) =>
  callIdentityPool('GetCredentialsForIdentity', { IdentityId, ...(Logins ? { Logins } : {}) });

describe('the fake identity pool', () => {
  it("gives a user the same identity each time, and credentials only with the user's login", async () => {
    const pool = usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    await pool.addUser(ALICE);
    await pool.addUser({ username: 'bob', password: 'Bob-Passw0rd!' });
    const alice = { [USER_POOL_LOGIN]: (await signIn()).IdToken };
    const bob = { [USER_POOL_LOGIN]: (await signIn('bob', 'Bob-Passw0rd!')).IdToken };
    const { IdentityId } = (await getId(alice)).json;
    expect((await getId(alice)).json.IdentityId).toBe(IdentityId);
    expect((await getId(bob)).json.IdentityId).not.toBe(IdentityId);
    // An hour from when the pool answered, in seconds: the clock may pass a second meanwhile.
    const before = Math.floor(Date.now() / 1000);
    const answer = await credentialsFor(IdentityId, alice);
    const after = Math.floor(Date.now() / 1000);
    expect(answer.json).toEqual({
      IdentityId,
      Credentials: {
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/),
        SecretKey: expect.any(String),
        SessionToken: expect.any(String),
        Expiration: expect.any(Number),
      },
    });
    expect(answer.json.Credentials.Expiration).toBeGreaterThanOrEqual(before + 3600);
    expect(answer.json.Credentials.Expiration).toBeLessThanOrEqual(after + 3600);
    expect((await credentialsFor(IdentityId, bob)).json).toEqual({
      __type: 'NotAuthorizedException',
      message:
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    });
    expect((await credentialsFor(IdentityId)).json).toEqual({
      __type: 'NotAuthorizedException',
      message: `Access to Identity '${IdentityId}' is forbidden.`,
    });
  });

  it("links a guest identity to the user who signs in, or merges it into the user's own", async () => {
    const pool = usePool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    await pool.addUser(ALICE);
    const first = (await getId()).json.IdentityId as string;
    expect((await credentialsFor(first)).status).toBe(200);
    const alice = { [USER_POOL_LOGIN]: (await signIn()).IdToken };
    expect((await credentialsFor(first, alice)).json.IdentityId).toBe(first);
    expect((await getId(alice)).json.IdentityId).toBe(first);
    // Another guest identity, then alice again: merged into hers, and gone.
    const second = (await getId()).json.IdentityId as string;
    expect((await credentialsFor(second, alice)).json.IdentityId).toBe(first);
    expect((await credentialsFor(second)).json.__type).toBe('ResourceNotFoundException');
  });

  it('refuses guests unless allowed, another pool, another provider, and an expired token', async () => {
    const pool = usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    await pool.addUser(ALICE);
    expect((await getId()).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
    const other = await callIdentityPool('GetId', {
      IdentityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    });
    expect(other.json.__type).toBe('ResourceNotFoundException');
    const { IdToken } = await signIn();
    expect((await getId({ 'accounts.google.com': IdToken })).json.__type).toBe(
      'NotAuthorizedException',
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect((await getId({ [USER_POOL_LOGIN]: IdToken })).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid login token. Token expired.',
    });
    vi.useRealTimers();
  });
});
