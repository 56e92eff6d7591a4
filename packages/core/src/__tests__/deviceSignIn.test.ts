/**
 * signInWithPassword on a user pool that tracks devices (the testing kit over MSW): the device
 * Cognito hands out is confirmed and kept, refreshes carry its key, and the next sign-in in the
 * same browser proves the device (DEVICE_SRP_AUTH) instead of asking for MFA.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberDevice, signInWithPassword } from '../index.js';
import type { Session } from '../session.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import type { SignedInState } from '../types.js';
import {
  advance,
  CLIENT_ID,
  REGION,
  rememberTokens,
  requestsOf,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';
import { heldTokens } from './tokenAudit.js';

/** A user with TOTP MFA (a fixed code). */
const MFA = { username: 'bob', password: 'Tr0ub4dor&3x', code: '135790' };
const deviceItem = (username: string) => `sessionkit-device:${USER_POOL_ID}:${username}`;
const API = `https://cognito-idp.${REGION}.amazonaws.com/`;

type Pool = Awaited<ReturnType<typeof startPool>>;

async function poolWithMfaUser(options: Parameters<typeof startPool>[0]) {
  const pool = await startPool(options);
  await pool.addUser({ ...MFA, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA.code } });
  return pool;
}

function signedIn(session: Session): SignedInState {
  const state = session.getState();
  if (state.status !== 'signedIn') throw new Error(`not signed in: ${state.status}`);
  rememberTokens(state.tokens);
  return state;
}

/** A sign-in of the MFA user that answers TOTP when asked. */
async function signInWithTotp(session: Session, options = {}) {
  const step = await signInWithPassword(session, MFA.username, MFA.password, options);
  if (step.status !== 'challenge') return { step, asked: [] as string[] };
  expect(step.name).toBe('SOFTWARE_TOKEN_MFA');
  return {
    step: await step.respond({ SOFTWARE_TOKEN_MFA_CODE: MFA.code }),
    asked: [step.name],
  };
}

/** The names of the challenges answered, in order. */
/** An administrator resets bob: a new password at the next sign-in, MFA (or the device) after it. */
async function resetByAdministrator(pool: Pool) {
  await pool.addUser({
    ...MFA,
    status: 'FORCE_CHANGE_PASSWORD',
    mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA.code },
  });
  pool.clearRequests();
}

function answered(pool: Pool): string[] {
  return requestsOf(pool, 'RespondToAuthChallenge').map(
    (request) => (request.body as { ChallengeName: string }).ChallengeName,
  );
}

async function storedDevice(storage: TokenStorage, username: string) {
  const device = (await storage.get(deviceItem(username))) as
    | { deviceKey: string; deviceGroupKey: string; devicePassword: string }
    | undefined;
  // The device password is as secret as a token: the audit looks for it too.
  if (device)
    rememberTokens({ idToken: device.devicePassword, accessToken: device.devicePassword });
  return device;
}

/** Calls the kit's JSON API directly, as another browser of the user would. */
async function callApi(operation: string, input: object) {
  const response = await fetch(API, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  });
  return { status: response.status, text: await response.text() };
}

describe('signInWithPassword with device tracking', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it("'always': confirms the device, refreshes with its key through three expiries, then skips MFA by proving the device", async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always', tokenLifetimeSeconds: 300 });
    const storage = memoryStorage();
    const { session } = startSession({ storage });

    const first = await signInWithTotp(session, { deviceName: 'Test browser' });
    expect(first.step).toMatchObject({
      status: 'signedIn',
      device: { confirmation: 'confirmed', rememberRequired: false },
    });
    const deviceKey = first.step.status === 'signedIn' ? first.step.device?.key : undefined;
    expect(deviceKey).toMatch(/^eu-west-1_[0-9a-f-]{36}$/);
    // The kit sees it confirmed and remembered; this browser keeps it.
    expect(await pool.devices(MFA.username)).toEqual([
      expect.objectContaining({
        deviceKey,
        name: 'Test browser',
        confirmed: true,
        remembered: true,
      }),
    ]);
    const device = await storedDevice(storage, MFA.username);
    expect(device).toEqual({
      deviceKey,
      deviceGroupKey: expect.any(String),
      devicePassword: expect.stringMatching(/^[A-Za-z0-9+/]{54}==$/),
    });
    expect(requestsOf(pool, 'ConfirmDevice').map((request) => request.body)).toEqual([
      {
        AccessToken: signedIn(session).tokens.accessToken,
        DeviceKey: deviceKey,
        DeviceSecretVerifierConfig: {
          PasswordVerifier: expect.stringMatching(/^[A-Za-z0-9+/]{500,}=*$/),
          // 16 random bytes as Cognito's signed integer (AWS's clients do the same): a leading
          // zero byte is dropped (15 bytes, 20 characters) and a high first bit adds one (17).
          Salt: expect.stringMatching(/^[A-Za-z0-9+/]{18,}={0,2}$/),
        },
        DeviceName: 'Test browser',
      },
    ]);
    expect(signedIn(session).accessClaims.device_key).toBe(deviceKey);

    // Three expiries: each time past exp, the session holds new tokens of the same device.
    for (let expiry = 1; expiry <= 3; expiry++) {
      const before = signedIn(session);
      await advance(before.expiresAt - Date.now() + 1000, 10_000);
      const after = signedIn(session);
      expect(after.tokens.accessToken).not.toBe(before.tokens.accessToken);
      expect(after.expiresAt).toBeGreaterThan(Date.now());
      expect(after.accessClaims.device_key).toBe(deviceKey);
    }
    const refreshes = requestsOf(pool, 'GetTokensFromRefreshToken');
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    for (const refresh of refreshes) {
      expect(refresh.body).toEqual({
        ClientId: CLIENT_ID,
        RefreshToken: expect.any(String),
        DeviceKey: deviceKey,
      });
    }

    // Signed out (the device stays), then in again: the device answers for the TOTP code.
    await session.signOut();
    expect(await storedDevice(storage, MFA.username)).toEqual(device);
    pool.clearRequests();
    const second = await signInWithTotp(session);
    expect(second.asked).toEqual([]);
    expect(second.step).toEqual({
      status: 'signedIn',
      user: expect.objectContaining({ 'cognito:username': MFA.username }),
    });
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    const [initiate] = requestsOf(pool, 'InitiateAuth');
    expect(initiate?.body).toMatchObject({ AuthParameters: { DEVICE_KEY: deviceKey } });
    const [verifier, deviceSrp, devicePassword] = requestsOf(pool, 'RespondToAuthChallenge');
    expect(verifier?.body).toMatchObject({ ChallengeResponses: { DEVICE_KEY: deviceKey } });
    expect(deviceSrp?.body).toMatchObject({
      Session: expect.any(String),
      ChallengeResponses: {
        USERNAME: MFA.username,
        DEVICE_KEY: deviceKey,
        SRP_A: expect.stringMatching(/^[0-9a-f]{700,}$/),
      },
    });
    expect(devicePassword?.body).toMatchObject({
      ChallengeResponses: {
        USERNAME: MFA.username,
        DEVICE_KEY: deviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: expect.any(String),
        PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        TIMESTAMP: expect.any(String),
      },
    });
    expect(requestsOf(pool, 'ConfirmDevice')).toEqual([]);
    expect(signedIn(session).accessClaims.device_key).toBe(deviceKey);
    // The device password never went on the wire.
    expect(JSON.stringify(pool.requests)).not.toContain(device?.devicePassword);
  }, 60_000);

  it('ends the session as invalid when a refresh of a device-bound token goes without the device key', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const { session } = startSession();
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    const { tokens, accessClaims } = signedIn(session);
    const boundRefreshToken = heldTokens(session)?.refreshToken ?? '';
    void tokens;

    // The same refresh token with its device key is good.
    const withKey = await callApi('GetTokensFromRefreshToken', {
      ClientId: CLIENT_ID,
      RefreshToken: boundRefreshToken,
      DeviceKey: accessClaims.device_key,
    });
    expect(withKey.status).toBe(200);

    // Tokens are signed, so no device_key can be stripped from an access token. Instead the
    // session adopts the device-bound refresh token with an ID and access token the pool minted
    // for the same user without a device, as an app restoring tokens saved without the claim
    // would: its refresh then goes out without DeviceKey.
    const unbound = await pool.issueTokens(USER.username);
    rememberTokens(unbound);
    await session.setTokens({
      idToken: unbound.idToken,
      accessToken: unbound.accessToken,
      refreshToken: boundRefreshToken,
    });
    await expect(session.refresh()).rejects.toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      signOutReason: 'invalid',
    });
    const refresh = requestsOf(pool, 'GetTokensFromRefreshToken').at(-1);
    expect(refresh?.body).toEqual({ ClientId: CLIENT_ID, RefreshToken: boundRefreshToken });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'invalid' });
  });

  it("'userOptIn': MFA is still asked until rememberDevice, then the device answers for it", async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'userOptIn' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });

    const first = await signInWithTotp(session);
    expect(first.step).toMatchObject({
      status: 'signedIn',
      device: { confirmation: 'confirmed', rememberRequired: true },
    });
    const deviceKey = (await storedDevice(storage, MFA.username))?.deviceKey;
    expect(await pool.devices(MFA.username)).toEqual([
      expect.objectContaining({ deviceKey, confirmed: true, remembered: false }),
    ]);

    // Not remembered: the device is presented, and MFA asked all the same; no new device.
    await session.signOut();
    pool.clearRequests();
    const second = await signInWithTotp(session);
    expect(second.asked).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(second.step).toEqual({ status: 'signedIn', user: expect.any(Object) });
    expect(answered(pool)).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
    expect(requestsOf(pool, 'RespondToAuthChallenge')[1]?.body).toMatchObject({
      ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: MFA.code, DEVICE_KEY: deviceKey },
    });
    expect(signedIn(session).accessClaims.device_key).toBe(deviceKey);

    await rememberDevice(session);
    expect(requestsOf(pool, 'UpdateDeviceStatus').map((request) => request.body)).toEqual([
      {
        AccessToken: signedIn(session).tokens.accessToken,
        DeviceKey: deviceKey,
        DeviceRememberedStatus: 'remembered',
      },
    ]);
    expect(await pool.devices(MFA.username)).toEqual([
      expect.objectContaining({ deviceKey, remembered: true }),
    ]);

    await session.signOut();
    pool.clearRequests();
    const third = await signInWithTotp(session);
    expect(third.asked).toEqual([]);
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
  });

  it('signs in anyway when ConfirmDevice fails, and reports the device as failed without a secret', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    pool.failNext('server', 1, { operations: ['ConfirmDevice'] });

    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': USER.username },
      device: {
        key: expect.stringMatching(/^eu-west-1_/),
        confirmation: 'failed',
        error: { name: 'SessionError', code: 'provider', retryable: true },
      },
    });
    const state = signedIn(session);
    expect(await storedDevice(storage, USER.username)).toBeUndefined();
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ confirmed: false }),
    ]);
    const error = result.status === 'signedIn' ? result.device : undefined;
    const message = error?.confirmation === 'failed' ? error.error.message : '';
    expect(message).toContain('InternalErrorException');
    expect(message).not.toContain(state.tokens.accessToken.split('.')[1]);
    const confirmBody = requestsOf(pool, 'ConfirmDevice')[0]?.body as {
      DeviceSecretVerifierConfig: { PasswordVerifier: string };
    };
    expect(message).not.toContain(confirmBody.DeviceSecretVerifierConfig.PasswordVerifier);
    // The session keeps working: its refresh carries the key of the (unconfirmed) device.
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken').at(-1)?.body).toMatchObject({
      DeviceKey: state.accessClaims.device_key,
    });
  });

  it('drops a device Cognito no longer knows and signs in without it (MFA, then a new device)', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    await signInWithTotp(session);
    const old = await storedDevice(storage, MFA.username);
    // Another browser of the user forgets this one.
    const forgotten = await callApi('ForgetDevice', {
      AccessToken: signedIn(session).tokens.accessToken,
      DeviceKey: old?.deviceKey,
    });
    expect(forgotten).toEqual({ status: 200, text: '' });

    await session.signOut();
    pool.clearRequests();
    const again = await signInWithTotp(session);
    expect(again.asked).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(again.step).toMatchObject({ device: { confirmation: 'confirmed' } });
    // Refused at the password proof; the sign-in starts over without the device.
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'PASSWORD_VERIFIER',
      'SOFTWARE_TOKEN_MFA',
    ]);
    const [refused, retried] = requestsOf(pool, 'RespondToAuthChallenge');
    expect(refused?.body).toMatchObject({ ChallengeResponses: { DEVICE_KEY: old?.deviceKey } });
    const [, restarted] = requestsOf(pool, 'InitiateAuth');
    for (const request of [restarted, retried]) {
      expect(JSON.stringify(request?.body)).not.toContain('DEVICE_KEY');
    }
    const current = await storedDevice(storage, MFA.username);
    expect(current?.deviceKey).toMatch(/^eu-west-1_/);
    expect(current?.deviceKey).not.toBe(old?.deviceKey);
  });

  it('drops a device whose proof Cognito refuses and signs in again without it', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    await signInWithTotp(session);
    const old = await storedDevice(storage, MFA.username);
    await storage.set(deviceItem(MFA.username), { ...old, devicePassword: 'bm90IGl0' });

    await session.signOut();
    pool.clearRequests();
    const again = await signInWithTotp(session);
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
      'PASSWORD_VERIFIER',
      'SOFTWARE_TOKEN_MFA',
    ]);
    expect(again.step).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    expect((await storedDevice(storage, MFA.username))?.deviceKey).not.toBe(old?.deviceKey);
  });

  it('proves the device when MFA follows a new password', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    await signInWithTotp(session);
    await session.signOut();
    await resetByAdministrator(pool);
    const step = await signInWithPassword(session, MFA.username, MFA.password);
    expect(step).toMatchObject({ status: 'challenge', name: 'NEW_PASSWORD_REQUIRED' });
    if (step.status !== 'challenge') return;
    const result = await step.respond({ NEW_PASSWORD: 'N3w-Passw0rd!' });
    expect(result).toEqual({ status: 'signedIn', user: expect.any(Object) });
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'NEW_PASSWORD_REQUIRED',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
  });

  it('after a new password, a device whose proof Cognito refuses ends the sign-in and is dropped', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    await signInWithTotp(session);
    await session.signOut();
    const old = await storedDevice(storage, MFA.username);
    await storage.set(deviceItem(MFA.username), { ...old, devicePassword: 'bm90IGl0' });
    await resetByAdministrator(pool);
    const step = await signInWithPassword(session, MFA.username, MFA.password);
    if (step.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
    // The password is spent on the new one: the sign-in cannot start again by itself.
    await expect(step.respond({ NEW_PASSWORD: 'N3w-Passw0rd!' })).rejects.toMatchObject({
      code: 'challenge',
      message:
        "Cognito did not accept this browser's remembered device, so it was forgotten here; sign in again (Cognito will ask for MFA).",
    });
    expect(answered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'NEW_PASSWORD_REQUIRED',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
    expect(await storedDevice(storage, MFA.username)).toBeUndefined();
    expect(session.getState().status).toBe('signedOut');
    const again = await signInWithPassword(session, MFA.username, 'N3w-Passw0rd!');
    expect(again).toMatchObject({ status: 'challenge', name: 'SOFTWARE_TOKEN_MFA' });
  });

  it('presents the device with USER_PASSWORD_AUTH too', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const options = { authFlow: 'USER_PASSWORD_AUTH' } as const;
    await signInWithTotp(session, options);
    const device = await storedDevice(storage, MFA.username);

    await session.signOut();
    pool.clearRequests();
    const again = await signInWithTotp(session, options);
    expect(again.asked).toEqual([]);
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: MFA.username, DEVICE_KEY: device?.deviceKey },
    });
    expect(answered(pool)).toEqual(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
  });

  it('changes nothing when the pool does not track devices', async () => {
    const pool = await startPool();
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toEqual({ status: 'signedIn', user: expect.any(Object) });
    expect(requestsOf(pool, 'ConfirmDevice')).toEqual([]);
    expect(await storedDevice(storage, USER.username)).toBeUndefined();
    expect(signedIn(session).accessClaims).not.toHaveProperty('device_key');
  });

  it('reads a stored value that is not a whole device as none: MFA is asked and no key is sent', async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const whole = { deviceKey: 'eu-west-1_x', deviceGroupKey: '-group', devicePassword: 'pw' };
    for (const value of [
      { ...whole, devicePassword: undefined },
      { ...whole, deviceKey: '' },
      { ...whole, deviceGroupKey: ['-group'] },
      'eu-west-1_x',
      null,
    ]) {
      await storage.set(deviceItem(MFA.username), value);
      pool.clearRequests();
      const again = await signInWithTotp(session);
      expect(again.asked).toEqual(['SOFTWARE_TOKEN_MFA']);
      // No device presented: one password proof, then MFA.
      expect(answered(pool)).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
      for (const request of requestsOf(pool, 'InitiateAuth')) {
        expect(JSON.stringify(request.body)).not.toContain('DEVICE_KEY');
      }
      // A new device took its place.
      expect((await storedDevice(storage, MFA.username))?.deviceKey).toMatch(
        /^eu-west-1_[0-9a-f-]{36}$/,
      );
      await session.signOut();
    }
  });

  it("with persist: 'none', keeps the device in the session's memory only, apart from its storage", async () => {
    const pool = await poolWithMfaUser({ deviceTracking: 'always' });
    const storage = memoryStorage();
    const { session } = startSession({ storage, persist: 'none' });
    expect((await signInWithTotp(session)).asked).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(await storage.get(deviceItem(MFA.username))).toBeUndefined();
    await session.signOut();
    pool.clearRequests();
    // The same session proves the device it kept; another session of the page has none.
    expect((await signInWithTotp(session)).asked).toEqual([]);
    expect(answered(pool)).toContain('DEVICE_PASSWORD_VERIFIER');
    const other = startSession({ storage: memoryStorage(), persist: 'none' }).session;
    expect((await signInWithTotp(other)).asked).toEqual(['SOFTWARE_TOKEN_MFA']);
    await session.signOut();
  });
});
