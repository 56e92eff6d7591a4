/**
 * `pool.reset()` (fakeUserPoolApi.ts): "Forgets users, tokens, codes, faults, latency and
 * requests; keeps the signing keys". Apps call it between tests, so nothing one test left in the
 * pool may reach the next: not a lockout, a passkey, an identity or a challenge in progress.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, callApi, createClock, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';
import { createEmptyPoolState, createMemoryPoolStore, type PoolState } from './poolState.js';

const { usePool } = setupPoolServer();

const passwordSignIn = (password: string) =>
  callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: ALICE.username, PASSWORD: password },
  });

describe('pool.reset()', () => {
  it('forgets a lockout: the user added again signs in with the right password', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE });
    for (let n = 0; n < 6; n += 1) await passwordSignIn('Wr0ng-Horse-1');
    expect((await passwordSignIn(ALICE.password)).json).toMatchObject({
      message: 'Password attempts exceeded',
    });

    await pool.reset();
    await pool.addUser({ ...ALICE });
    const signedIn = await passwordSignIn(ALICE.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.json.AuthenticationResult.AccessToken).toEqual(expect.any(String));
  });

  it('leaves the state a new pool has, with the same signing keys', async () => {
    const storage = createMemoryPoolStore();
    const pool = usePool({ storage });
    await pool.addUser({ ...ALICE });
    await pool.issueTokens(ALICE.username);
    const jwks = await pool.getJwks();
    // Every part of the state a test can leave behind, the optional ones included.
    const left: Required<Omit<PoolState, 'signingKeys'>> = {
      users: { alice: { username: 'alice' } as never },
      refreshTokens: { token: {} as never },
      revokedOriginJtis: { jti: true },
      challenges: { session: {} as never },
      codes: { code: {} as never },
      hostedUiUsername: 'alice',
      hostedUiSession: { username: 'alice', sub: 'sub', expiresAt: 1 },
      sentCodes: [{} as never],
      devices: { device: {} as never },
      deviceChallenges: { session: {} as never },
      account: { codes: { alice: {} as never }, sessions: { session: {} as never } },
      profile: {} as never,
      webAuthn: {} as never,
      customAuth: { session: {} as never },
      identities: { identity: {} as never },
      userAuth: { session: {} as never },
      passwordAttempts: { alice: {} as never },
      spentSessions: { session: 1 },
    };
    const keys = await storage.transact((state) => {
      Object.assign(state, left);
      return state.signingKeys;
    });
    expect(keys).not.toBeNull();

    await pool.reset();
    expect(await storage.transact((state) => state)).toEqual({
      ...createEmptyPoolState(),
      signingKeys: keys,
    });
    expect(await pool.getJwks()).toEqual(jwks);
  });
});
