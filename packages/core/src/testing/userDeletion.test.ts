/**
 * `DeleteUser` takes everything the user held (userDeletion.ts): a user created again under the
 * same name is another user, with none of the deleted one's tokens, passkeys, devices, codes or
 * wrong passwords; users whose names merely start alike keep theirs. `addUser` on a user the
 * pool has replaces its properties, not the user (poolUsers.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  callApi,
  createClock,
  fakePasskey,
  POOL_CONFIG,
  setupPoolServer,
} from './cognitoTestClient.js';
import type { DeviceRecord, PoolStore } from './poolState.js';
import { createMemoryPoolStore } from './poolState.js';
import { webAuthnStateOf } from './webAuthnState.js';

const { usePool } = setupPoolServer();
const ALICE_EMAIL = { email: 'alice@example.com', email_verified: 'true' };
const WRONG = 'Wr0ng-Horse-1';

const passwordSignIn = (username: string, password: string) =>
  callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

const refresh = (refreshToken: string | undefined) =>
  callApi('GetTokensFromRefreshToken', {
    ClientId: POOL_CONFIG.clientId,
    RefreshToken: refreshToken,
  });

/** A passkey and a device for `username`, written into the pool's state. */
function giveDeviceAndPasskey(storage: PoolStore, username: string) {
  return storage.transact((state) => {
    const passkey = fakePasskey(`passkey-of-${username}`, username);
    webAuthnStateOf(state).credentials[passkey.credentialId] = passkey;
    const device: DeviceRecord = {
      deviceKey: `eu-west-1_device-of-${username}`,
      deviceGroupKey: 'group',
      username,
      verifier: null,
      name: null,
      remembered: false,
      createdAt: 0,
      lastModifiedAt: 0,
      lastAuthenticatedAt: null,
    };
    state.devices ??= {};
    state.devices[device.deviceKey] = device;
  });
}

describe('DeleteUser', () => {
  it('leaves nothing of the user to one created again under its name, and others their own', async () => {
    const storage = createMemoryPoolStore();
    const pool = usePool({ storage, now: createClock().now });
    await pool.addUser({ ...ALICE, attributes: ALICE_EMAIL });
    // A user whose name alice's starts with, whose records must stay.
    await pool.addUser({ username: 'ali', password: ALICE.password });
    const deleted = await pool.issueTokens('alice');
    const ali = await pool.issueTokens('ali');
    for (const username of ['alice', 'ali']) await giveDeviceAndPasskey(storage, username);
    await callApi('ForgotPassword', { ClientId: POOL_CONFIG.clientId, Username: 'alice' });
    const resetCode = await pool.lastCode('alice');
    expect(resetCode).toEqual(expect.any(String));
    // Four wrong passwords: one more would lock the account.
    for (let n = 0; n < 4; n += 1) await passwordSignIn('alice', WRONG);

    expect((await callApi('DeleteUser', { AccessToken: deleted.accessToken })).status).toBe(200);
    await pool.addUser({ ...ALICE, attributes: ALICE_EMAIL });

    expect((await refresh(deleted.refreshToken)).json.__type).toBe('NotAuthorizedException');
    expect((await callApi('GetUser', { AccessToken: deleted.accessToken })).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    const reset = await callApi('ConfirmForgotPassword', {
      ClientId: POOL_CONFIG.clientId,
      Username: 'alice',
      ConfirmationCode: resetCode,
      Password: 'An0ther-Horse-1',
    });
    expect(reset.status).toBe(400);
    expect(await pool.passkeys('alice')).toEqual([]);
    expect(await pool.devices('alice')).toEqual([]);
    // The run of wrong passwords went with the deleted user: one more locks nothing.
    await passwordSignIn('alice', WRONG);
    const signedIn = await passwordSignIn('alice', ALICE.password);
    expect(signedIn.status).toBe(200);
    const fresh = signedIn.json.AuthenticationResult.AccessToken;
    expect((await callApi('GetUser', { AccessToken: fresh })).status).toBe(200);

    expect((await refresh(ali.refreshToken)).status).toBe(200);
    expect(await pool.passkeys('ali')).toHaveLength(1);
    expect(await pool.devices('ali')).toHaveLength(1);
  });

  it("takes that user's records from every table, and only that user's", async () => {
    const storage = createMemoryPoolStore();
    const pool = usePool({ storage });
    await pool.addUser({ ...ALICE, attributes: ALICE_EMAIL });
    const { accessToken } = await pool.issueTokens('alice');
    const TABLES = [
      'refreshTokens',
      'challenges',
      'codes',
      'devices',
      'deviceChallenges',
      'customAuth',
      'userAuth',
    ] as const;
    const ofBoth = () => ({ 'of-alice': { username: 'alice' }, 'of-ali': { username: 'ali' } });
    await storage.transact((state) => {
      for (const table of TABLES) state[table] = ofBoth() as never;
      // Keyed by username.
      const byName = () => ({ alice: {}, ali: {} }) as never;
      state.webAuthn = { credentials: ofBoth() as never, registrations: byName() };
      state.passwordAttempts = byName();
      state.account = {
        codes: {
          'FORGOT_PASSWORD:alice': { code: '1', expiresAt: 1 },
          'SIGN_UP:alice': { code: '2', expiresAt: 1 },
          'SIGN_UP:x:alice': { code: '3', expiresAt: 1 },
          'SIGN_UP:ali': { code: '4', expiresAt: 1 },
        },
        sessions: ofBoth() as never,
      };
      state.hostedUiUsername = 'alice';
    });
    await callApi('DeleteUser', { AccessToken: accessToken });
    const left = await storage.transact((state) => state);
    for (const table of TABLES) expect(Object.keys(left[table] ?? {})).toEqual(['of-ali']);
    expect(Object.keys(left.webAuthn?.credentials ?? {})).toEqual(['of-ali']);
    expect(Object.keys(left.webAuthn?.registrations ?? {})).toEqual(['ali']);
    expect(Object.keys(left.account?.sessions ?? {})).toEqual(['of-ali']);
    expect(Object.keys(left.passwordAttempts ?? {})).toEqual(['ali']);
    expect(Object.keys(left.account?.codes ?? {})).toEqual(['SIGN_UP:x:alice', 'SIGN_UP:ali']);
    expect(left.hostedUiUsername).toBeNull();
  });
});

describe('addUser on a user the pool has', () => {
  it("replaces the user's properties, not the user: same sub, its tokens still work", async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, attributes: ALICE_EMAIL });
    const tokens = await pool.issueTokens('alice');
    const before = await callApi('GetUser', { AccessToken: tokens.accessToken });
    await pool.addUser({ ...ALICE, attributes: { ...ALICE_EMAIL, name: 'Alice' } });
    const after = await callApi('GetUser', { AccessToken: tokens.accessToken });
    expect(after.status).toBe(200);
    const attributes = (answer: typeof after) =>
      Object.fromEntries(
        (answer.json.UserAttributes as Array<{ Name: string; Value: string }>).map(
          ({ Name, Value }) => [Name, Value],
        ),
      );
    expect(attributes(after)).toEqual({ ...attributes(before), name: 'Alice' });
    expect((await refresh(tokens.refreshToken)).status).toBe(200);
  });

  it('given another sub, it is another user: the old access tokens are refused', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    await pool.addUser({ ...ALICE, attributes: { sub: '5f0c2a9e-0000-4000-8000-000000000001' } });
    expect((await callApi('GetUser', { AccessToken: tokens.accessToken })).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });
});
