/**
 * The fake identity pool's refusals, one rule at a time: which `Logins` prove a user (only this
 * user pool's ID token, of this app client and issuer, until its `exp`), the option's check, the
 * wordings of what is not found, and the shape of the credentials. identityPool.test.ts has the
 * flows; these are what StrykerJS found no test for.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callApi,
  callIdentityPool,
  claimsOf,
  IDENTITY_POOL_ID,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
  USER_POOL_LOGIN,
} from './cognitoTestClient.js';
import { createFakeUserPool, type FakeUserPoolOptions } from './createFakeUserPool.js';
import { createSharedPoolStore } from './sharedPoolStore.js';

const { server, usePool } = setupPoolServer();

const NOT_A_VALID_TOKEN = {
  __type: 'NotAuthorizedException',
  message: 'Invalid login token. Not a valid token.',
};

const getId = (Logins?: unknown) =>
  callIdentityPool('GetId', { IdentityPoolId: IDENTITY_POOL_ID, Logins });

/**
 * The identity pool's user pool, and beside it (on the same store, so the same users and signing
 * keys) a second pool at its own address that differs by `other`: a token it signs is this
 * pool's in every way but that one.
 */
function poolAndTwin(other: Partial<FakeUserPoolOptions>) {
  const indexedDB = new IDBFactory();
  const storage = () => createSharedPoolStore({ key: POOL_CONFIG.userPoolId, indexedDB });
  const pool = createFakeUserPool({
    ...POOL_CONFIG,
    identityPool: { identityPoolId: IDENTITY_POOL_ID },
    storage: storage(),
  });
  const twin = createFakeUserPool({
    ...POOL_CONFIG,
    endpoint: 'https://twin.test/',
    storage: storage(),
    ...other,
  });
  server.use(...pool.handlers, ...twin.handlers);
  return pool;
}

async function twinIdToken(clientId: string = POOL_CONFIG.clientId): Promise<string> {
  const answer = await callApi(
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    },
    { url: 'https://twin.test/' },
  );
  return answer.json.AuthenticationResult.IdToken;
}

describe("the fake identity pool's logins", () => {
  it("takes only an ID token: the pool's access token, or a string that is no JWT, is not one", async () => {
    const pool = usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    await pool.addUser(ALICE);
    const { AccessToken } = await signIn();
    expect((await getId({ [USER_POOL_LOGIN]: AccessToken })).json).toEqual(NOT_A_VALID_TOKEN);
    expect((await getId({ [USER_POOL_LOGIN]: 'not.a.jwt' })).json).toEqual(NOT_A_VALID_TOKEN);
  });

  it('takes an ID token of its own app client only', async () => {
    const pool = poolAndTwin({ clientId: 'other-client' });
    await pool.addUser(ALICE);
    const token = await twinIdToken('other-client');
    expect(claimsOf(token)).toMatchObject({ aud: 'other-client', token_use: 'id' });
    expect((await getId({ [USER_POOL_LOGIN]: token })).json).toEqual(NOT_A_VALID_TOKEN);
  });

  it("takes an ID token of its own issuer only (the pool's other issuer is not it)", async () => {
    const pool = poolAndTwin({ issuer: 'updated' });
    await pool.addUser(ALICE);
    const token = await twinIdToken();
    expect(claimsOf(token).iss).toBe(
      `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL_CONFIG.userPoolId}`,
    );
    expect((await getId({ [USER_POOL_LOGIN]: token })).json).toEqual(NOT_A_VALID_TOKEN);
    // The same user's token from the identity pool's own user pool is taken.
    expect((await getId({ [USER_POOL_LOGIN]: (await signIn()).IdToken })).status).toBe(200);
  });

  it('takes an ID token until the second of its exp, not at it', async () => {
    const pool = usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    await pool.addUser(ALICE);
    const { IdToken } = await signIn();
    const { exp } = claimsOf(IdToken);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(exp * 1000 - 1);
      expect((await getId({ [USER_POOL_LOGIN]: IdToken })).status).toBe(200);
      vi.setSystemTime(exp * 1000);
      expect((await getId({ [USER_POOL_LOGIN]: IdToken })).json).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Invalid login token. Token expired.',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it("names every provider of a Logins map that holds more than this pool's login", async () => {
    const pool = usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID } });
    await pool.addUser(ALICE);
    const { IdToken } = await signIn();
    expect(
      (await getId({ [USER_POOL_LOGIN]: IdToken, 'accounts.google.com': IdToken })).json,
    ).toEqual({
      __type: 'NotAuthorizedException',
      message: `Invalid login token. Not a valid provider: ${USER_POOL_LOGIN}, accounts.google.com`,
    });
  });

  it('treats an empty or null Logins as none: a guest, where guests are allowed', async () => {
    usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true } });
    for (const Logins of [{}, null]) {
      const answer = await getId(Logins);
      expect(answer.status).toBe(200);
      expect(answer.json.IdentityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    }
  });
});

describe("the fake identity pool's other refusals", () => {
  it('refuses an identity pool id that is not "<region>:<GUID>" when the pool is created', () => {
    expect(() =>
      createFakeUserPool({ ...POOL_CONFIG, identityPool: { identityPoolId: 'my-identity-pool' } }),
    ).toThrow(
      new TypeError(
        'createFakeUserPool(): identityPool.identityPoolId must look like "eu-west-1:0d6b8c5e-…", got "my-identity-pool".',
      ),
    );
  });

  it('names the identity pool or identity it does not know', async () => {
    usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true } });
    const otherPool = 'eu-west-1:11111111-2222-3333-4444-555555555555';
    expect((await callIdentityPool('GetId', { IdentityPoolId: otherPool })).json).toEqual({
      __type: 'ResourceNotFoundException',
      message: `IdentityPool '${otherPool}' not found.`,
    });
    const unknown = 'eu-west-1:99999999-8888-7777-6666-555555555555';
    expect(
      (await callIdentityPool('GetCredentialsForIdentity', { IdentityId: unknown })).json,
    ).toEqual({
      __type: 'ResourceNotFoundException',
      message: `Identity '${unknown}' not found.`,
    });
  });

  it('asks for the IdentityId of GetCredentialsForIdentity', async () => {
    usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true } });
    for (const body of [{}, { IdentityId: '' }, { IdentityId: 42 }]) {
      expect((await callIdentityPool('GetCredentialsForIdentity', body)).json).toEqual({
        __type: 'InvalidParameterException',
        message: 'Missing required parameter IdentityId',
      });
    }
  });

  it("refuses a guest's credentials once the pool no longer allows guests", async () => {
    const indexedDB = new IDBFactory();
    const withGuests = (allowUnauthenticated: boolean) =>
      createFakeUserPool({
        ...POOL_CONFIG,
        identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated },
        storage: createSharedPoolStore({ key: POOL_CONFIG.userPoolId, indexedDB }),
      });
    server.use(...withGuests(true).handlers);
    const { IdentityId } = (await getId()).json;
    server.resetHandlers(...withGuests(false).handlers);
    expect((await callIdentityPool('GetCredentialsForIdentity', { IdentityId })).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });

  it("gives credentials shaped as STS's: a 20-character ASIA key id, URL-safe-free secrets", async () => {
    usePool({ identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true } });
    const { IdentityId } = (await getId()).json;
    const { Credentials } = (await callIdentityPool('GetCredentialsForIdentity', { IdentityId }))
      .json;
    expect(Credentials.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(Credentials.SecretKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(Credentials.SessionToken).toMatch(/^[A-Za-z0-9]{400}$/);
  });
});
