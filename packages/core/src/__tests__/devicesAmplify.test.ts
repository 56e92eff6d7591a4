// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, against the testing kit's device tracking with "user opt-in":
 * it confirms the device the pool hands out after an MFA sign-in, remembers it
 * (`rememberDevice`), lists it (`fetchDevices`), proves it at the next sign-in with its own
 * `DEVICE_SRP_AUTH` answers instead of a TOTP code, and forgets it (`forgetDevice`), after which
 * the code is asked again. The kit answers what Amplify sends and reads.
 */
import {
  confirmSignIn,
  fetchDevices,
  forgetDevice,
  rememberDevice,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool } from './harness.js';

useAmplify();

const MFA_USER = { username: 'totp-user', password: 'Passw0rd!1' };
const CODE = '246810';

const challengesAnswered = (pool: Awaited<ReturnType<typeof startPool>>) =>
  requestsOf(pool, 'RespondToAuthChallenge').map(
    (request) => (request.body as { ChallengeName: string }).ChallengeName,
  );

/** Signs in afresh; answers a TOTP step when one comes. Returns whether one came. */
async function signInAgain(): Promise<boolean> {
  await signOut();
  const started = await signIn({ username: MFA_USER.username, password: MFA_USER.password });
  if (started.isSignedIn) return false;
  expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  expect(await confirmSignIn({ challengeResponse: CODE })).toMatchObject({ isSignedIn: true });
  return true;
}

describe('aws-amplify v6 device tracking against the kit', () => {
  it('confirms, remembers, lists, proves and forgets a device; MFA is skipped only while remembered', async () => {
    const pool = await startPool({ deviceTracking: 'userOptIn' });
    await pool.addUser({ ...MFA_USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: CODE } });

    // The first sign-in asks for the code; Amplify confirms the device it is handed.
    await signOut();
    expect(await signInAgain()).toBe(true);
    const [confirmed] = await pool.devices(MFA_USER.username);
    expect(confirmed).toMatchObject({ confirmed: true, remembered: false });
    expect(requestsOf(pool, 'ConfirmDevice')).toHaveLength(1);

    // Not remembered ("user opt-in"): not listed, and the next sign-in still asks for the code.
    expect(await fetchDevices()).toEqual([]);
    expect(await signInAgain()).toBe(true);

    await rememberDevice();
    expect(requestsOf(pool, 'UpdateDeviceStatus').map(({ body }) => body)).toEqual([
      {
        AccessToken: expect.any(String),
        DeviceKey: confirmed!.deviceKey,
        DeviceRememberedStatus: 'remembered',
      },
    ]);
    expect(await fetchDevices()).toEqual([expect.objectContaining({ id: confirmed!.deviceKey })]);

    // Remembered: the device proves itself instead of the code.
    pool.clearRequests();
    expect(await signInAgain()).toBe(false);
    expect(challengesAnswered(pool)).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);

    await forgetDevice();
    expect(await pool.devices(MFA_USER.username)).toEqual([]);
    expect(await fetchDevices()).toEqual([]);
    pool.clearRequests();
    expect(await signInAgain()).toBe(true);
    expect(challengesAnswered(pool)).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
  });
});
