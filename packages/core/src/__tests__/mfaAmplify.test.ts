// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, sets up TOTP against the testing kit's pool: inside sign-in
 * when the pool requires MFA (`MFA_SETUP`: `AssociateSoftwareToken` and `VerifySoftwareToken`
 * with the challenge's Session), and signed in (`setUpTOTP`, `verifyTOTPSetup`,
 * `updateMFAPreference`), then signs in with a TOTP code. The codes come from an independent
 * TOTP implementation (the otpauth package). It also sets up email MFA inside sign-in (`MFA_SETUP`
 * answered with an address) and picks one of two factors (`SELECT_MFA_TYPE`). The kit answers
 * what Amplify sends and reads.
 */
import {
  confirmSignIn,
  fetchMFAPreference,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';

useAmplify();

/** The code an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return app.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** A 6-digit code that is none of the three `secret` shows around now. */
function wrongCodeFor(secret: string): string {
  const valid = new Set([-1, 0, 1].map((steps) => codeFor(secret, steps)));
  let code = 0;
  while (valid.has(String(code).padStart(6, '0'))) code += 1;
  return String(code).padStart(6, '0');
}

const bodiesOf = (pool: Awaited<ReturnType<typeof startPool>>, operation: string) =>
  requestsOf(pool, operation).map((request) => request.body as Record<string, unknown>);

/** Signs in again after a sign-out, answering the TOTP step with the next step's code. */
async function signInWithTotp(secret: string) {
  await signOut();
  const challenged = await signIn({ username: USER.username, password: USER.password });
  expect(challenged.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  return confirmSignIn({ challengeResponse: codeFor(secret, 1) });
}

describe('aws-amplify v6 TOTP set-up against the kit', () => {
  it('sets up TOTP inside sign-in when the pool requires MFA (MFA_SETUP), then signs in with it', async () => {
    const pool = await startPool({ mfa: 'required', mfaFactors: ['SOFTWARE_TOKEN_MFA'] });

    const started = await signIn({ username: USER.username, password: USER.password });
    expect(started.isSignedIn).toBe(false);
    const step = started.nextStep;
    if (step.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') {
      throw new Error(`Amplify's next step is ${step.signInStep}`);
    }
    const secret = step.totpSetupDetails.sharedSecret;
    expect(OTPAuth.URI.parse(step.totpSetupDetails.getSetupUri('Acme').href)).toMatchObject({
      issuer: 'Acme',
      label: USER.username,
    });
    // A wrong code is refused, and the set-up goes on with the right one.
    await expect(confirmSignIn({ challengeResponse: wrongCodeFor(secret) })).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
    });
    expect(await confirmSignIn({ challengeResponse: codeFor(secret) })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    // The wire: the challenge's Session all along (docs/cognito-wire.md section 7).
    expect(bodiesOf(pool, 'AssociateSoftwareToken')).toEqual([{ Session: expect.any(String) }]);
    expect(bodiesOf(pool, 'VerifySoftwareToken').at(-1)).toMatchObject({
      Session: expect.any(String),
      UserCode: codeFor(secret),
    });
    expect(
      bodiesOf(pool, 'RespondToAuthChallenge').find(
        ({ ChallengeName }) => ChallengeName === 'MFA_SETUP',
      ),
    ).toMatchObject({
      ChallengeResponses: { USERNAME: USER.username },
      Session: expect.any(String),
    });
    expect((await fetchMFAPreference()).enabled).toEqual(['TOTP']);

    expect(await signInWithTotp(secret)).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
  });

  it('sets up TOTP for a signed-in user, makes it preferred, and is asked for it at sign-in', async () => {
    const pool = await startPool({ mfa: 'optional', mfaFactors: ['SOFTWARE_TOKEN_MFA'] });
    await signIn({ username: USER.username, password: USER.password });

    const details = await setUpTOTP();
    const secret = details.sharedSecret;
    await expect(verifyTOTPSetup({ code: wrongCodeFor(secret) })).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
    });
    await verifyTOTPSetup({ code: codeFor(secret) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    expect(bodiesOf(pool, 'AssociateSoftwareToken')).toEqual([{ AccessToken: expect.any(String) }]);
    expect(bodiesOf(pool, 'SetUserMFAPreference')).toEqual([
      {
        AccessToken: expect.any(String),
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      },
    ]);

    expect(await signInWithTotp(secret)).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
  });
});

describe('aws-amplify v6 choosing an MFA factor against the kit', () => {
  it('sets up email MFA inside sign-in: picks EMAIL, gives the address, answers the emailed code', async () => {
    const pool = await startPool({
      mfa: 'required',
      mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
    const user = { username: 'nomail', password: 'Passw0rd!1' };
    await pool.addUser(user);

    const started = await signIn(user);
    expect(started.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION',
      allowedMFATypes: ['TOTP', 'EMAIL'],
    });
    expect(await confirmSignIn({ challengeResponse: 'EMAIL' })).toMatchObject({
      nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' },
    });
    expect(await confirmSignIn({ challengeResponse: 'nomail@example.com' })).toMatchObject({
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'n***@e***' },
      },
    });
    const code = await pool.lastCode(user.username, 'EMAIL');
    expect(await confirmSignIn({ challengeResponse: code })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(
      bodiesOf(pool, 'RespondToAuthChallenge').find(
        ({ ChallengeName }) => ChallengeName === 'MFA_SETUP',
      ),
    ).toMatchObject({
      ChallengeResponses: { USERNAME: user.username, EMAIL: 'nomail@example.com' },
    });
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['EMAIL'] });
  });

  it('lets a user with two factors pick one (SELECT_MFA_TYPE), then answers it', async () => {
    const pool = await startPool({
      mfa: 'optional',
      mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
    await pool.addUser({
      ...USER,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
      mfa: [
        { type: 'SOFTWARE_TOKEN_MFA', code: '135790' },
        { type: 'EMAIL_OTP', code: '246810' },
      ],
    });
    const started = await signIn({ username: USER.username, password: USER.password });
    expect(started.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION',
      allowedMFATypes: ['TOTP', 'EMAIL'],
    });
    expect(await confirmSignIn({ challengeResponse: 'EMAIL' })).toMatchObject({
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL' },
      },
    });
    await expect(confirmSignIn({ challengeResponse: '135790' })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    expect(await confirmSignIn({ challengeResponse: '246810' })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    const answered = bodiesOf(pool, 'RespondToAuthChallenge').map(
      ({ ChallengeName, ChallengeResponses }) => [ChallengeName, ChallengeResponses],
    );
    expect(answered.slice(1)).toEqual([
      ['SELECT_MFA_TYPE', { USERNAME: USER.username, ANSWER: 'EMAIL_OTP' }],
      ['EMAIL_OTP', { USERNAME: USER.username, EMAIL_OTP_CODE: '135790' }],
      ['EMAIL_OTP', { USERNAME: USER.username, EMAIL_OTP_CODE: '246810' }],
    ]);
  });
});
