/**
 * Device tracking in the testing kit against AWS's own client, amazon-cognito-identity-js (a dev
 * dependency nobody here wrote): it confirms the device Cognito hands out (its own verifier, from
 * its own random device password), remembers it, refreshes with the device key, and proves the
 * device with its own DEVICE_SRP_AUTH answers, so the kit's device protocol is AWS's, not one
 * sessionkit agrees with itself on.
 */
import {
  AuthenticationDetails,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../testing/jwt.js';
import { CLIENT_ID, requestsOf, server, startPool, USER, USER_POOL_ID } from './harness.js';
import { memoryStore } from './referenceStorage.js';

/** Storage for the reference client, so its cached tokens and device stay inside the test. */
type Store = ReturnType<typeof memoryStore>;

/** Where amazon-cognito-identity-js caches a user's device key. */
const deviceKeyItem = (username: string) =>
  `CognitoIdentityServiceProvider.${CLIENT_ID}.${username}.deviceKey`;
const devicePasswordItem = (username: string) =>
  `CognitoIdentityServiceProvider.${CLIENT_ID}.${username}.randomPasswordKey`;

function referenceUser(username: string, storage: Store): CognitoUser {
  const pool = new CognitoUserPool({
    UserPoolId: USER_POOL_ID,
    ClientId: CLIENT_ID,
    Storage: storage,
  });
  return new CognitoUser({ Username: username, Pool: pool, Storage: storage });
}

type Outcome =
  | { kind: 'success'; session: CognitoUserSession; userConfirmationNecessary: unknown }
  | { kind: 'failure'; error: { code?: string; message: string } }
  | { kind: 'totp' };

function signIn(user: CognitoUser, username: string, password: string): Promise<Outcome> {
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session, userConfirmationNecessary) =>
        resolve({ kind: 'success', session, userConfirmationNecessary }),
      onFailure: (error) => resolve({ kind: 'failure', error }),
      totpRequired: () => resolve({ kind: 'totp' }),
    });
  });
}

function answerTotp(user: CognitoUser, code: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.sendMFACode(code, { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA');
  });
}

function refresh(user: CognitoUser, refreshToken: string) {
  return new Promise<{ session?: CognitoUserSession; error?: { code?: string; message: string } }>(
    (resolve) => {
      user.refreshSession(
        new CognitoRefreshToken({ RefreshToken: refreshToken }),
        (error, session) => resolve(error ? { error } : { session }),
      );
    },
  );
}

const accessClaims = (session: CognitoUserSession) =>
  decodeJwt(session.getAccessToken().getJwtToken())?.claims ?? {};

describe('amazon-cognito-identity-js against the kit (device tracking)', () => {
  // Not useMsw(): its token audit is about sessionkit's sessions, and none runs here.
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('confirms the device it is handed, remembers it, refreshes with its key, and is refused without it', async () => {
    const pool = await startPool({ deviceTracking: 'userOptIn' });
    const storage = memoryStore();
    const user = referenceUser(USER.username, storage);

    const outcome = await signIn(user, USER.username, USER.password);
    if (outcome.kind !== 'success') throw new Error(`sign-in failed: ${JSON.stringify(outcome)}`);
    // The pool lets users opt in: ConfirmDevice answered UserConfirmationNecessary.
    expect(outcome.userConfirmationNecessary).toBe(true);
    const deviceKey = storage.getItem(deviceKeyItem(USER.username));
    expect(deviceKey).toMatch(/^eu-west-1_[0-9a-f-]{36}$/);
    expect(accessClaims(outcome.session).device_key).toBe(deviceKey);
    const [confirm] = requestsOf(pool, 'ConfirmDevice');
    expect(confirm?.body).toEqual({
      AccessToken: outcome.session.getAccessToken().getJwtToken(),
      DeviceKey: deviceKey,
      DeviceSecretVerifierConfig: {
        PasswordVerifier: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
        Salt: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      },
      DeviceName: expect.any(String),
    });
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ deviceKey, confirmed: true, remembered: false }),
    ]);

    await new Promise((resolve, reject) =>
      user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }),
    );
    expect(await pool.devices(USER.username)).toEqual([
      expect.objectContaining({ deviceKey, remembered: true }),
    ]);

    const refreshToken = outcome.session.getRefreshToken().getToken();
    const refreshed = await refresh(user, refreshToken);
    expect(refreshed.error).toBeUndefined();
    expect(refreshed.session && accessClaims(refreshed.session).device_key).toBe(deviceKey);
    expect(requestsOf(pool, 'InitiateAuth').at(-1)?.body).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
    });

    // The device key gone from its cache, the reference client refreshes without it (and
    // retries with backoff for about 6 s, as it does for every error).
    storage.removeItem(deviceKeyItem(USER.username));
    pool.clearRequests();
    const refused = await refresh(user, refreshToken);
    expect(refused.error).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    const attempts = requestsOf(pool, 'InitiateAuth');
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) {
      expect(attempt.body).toMatchObject({ AuthParameters: { DEVICE_KEY: null } });
    }
  }, 30_000);

  it('proves a remembered device with its own DEVICE_SRP_AUTH answers instead of TOTP', async () => {
    const pool = await startPool({ deviceTracking: 'always' });
    const mfaUser = { username: 'totp-user', password: 'Passw0rd!1' };
    await pool.addUser({ ...mfaUser, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '246810' } });
    const storage = memoryStore();

    const first = referenceUser(mfaUser.username, storage);
    expect((await signIn(first, mfaUser.username, mfaUser.password)).kind).toBe('totp');
    await answerTotp(first, '246810');
    const deviceKey = storage.getItem(deviceKeyItem(mfaUser.username));
    expect(await pool.devices(mfaUser.username)).toEqual([
      expect.objectContaining({ deviceKey, confirmed: true, remembered: true }),
    ]);

    pool.clearRequests();
    const second = await signIn(
      referenceUser(mfaUser.username, storage),
      mfaUser.username,
      mfaUser.password,
    );
    expect(second.kind).toBe('success');
    if (second.kind !== 'success') return;
    expect(accessClaims(second.session).device_key).toBe(deviceKey);
    const answered = requestsOf(pool, 'RespondToAuthChallenge').map(
      (request) => (request.body as { ChallengeName: string }).ChallengeName,
    );
    expect(answered).toEqual(['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    // A sign-in that named its device is handed no new one.
    expect(requestsOf(pool, 'ConfirmDevice')).toEqual([]);

    // A device password the pool's verifier does not match: the proof is refused.
    storage.setItem(devicePasswordItem(mfaUser.username), 'not-the-device-password');
    const forged = await signIn(
      referenceUser(mfaUser.username, storage),
      mfaUser.username,
      mfaUser.password,
    );
    expect(forged).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
  });
});
