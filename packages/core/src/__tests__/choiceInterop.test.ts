// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, runs choice-based sign-in (`USER_AUTH`) against the testing
 * kit's pool over MSW: an email code (preferred, and chosen from SELECT_CHALLENGE), a password by
 * SRP, and MFA after a password. The kit answers what Amplify sends and reads.
 */
import { confirmSignIn, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';

useAmplify();

const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'] as const;

describe('aws-amplify v6 choice-based sign-in against the kit', () => {
  it('signs in with a preferred EMAIL_OTP and confirmSignIn with the code', async () => {
    const pool = await startPool({
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const started = await signIn({
      username: USER.username,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
    expect(started).toMatchObject({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'a***@e***' },
      },
    });
    const code = await pool.lastCode(USER.username, 'EMAIL');
    expect(await confirmSignIn({ challengeResponse: code })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: USER.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeResponses: { USERNAME: USER.username, EMAIL_OTP_CODE: code },
    });
  });

  it('lists the choices (SELECT_CHALLENGE) and continues with the one picked', async () => {
    const pool = await startPool({
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const started = await signIn({
      username: USER.username,
      options: { authFlowType: 'USER_AUTH' },
    });
    expect(started.nextStep).toMatchObject({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
    });
    const picked = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    expect(picked.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: await pool.lastCode(USER.username) });
    expect(done.isSignedIn).toBe(true);
  });

  it('signs in with PASSWORD_SRP, then MFA for a user who has it', async () => {
    const pool = await startPool({ explicitAuthFlows: [...FLOWS], mfa: 'optional' });
    await pool.addUser({ ...USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '135790' } });
    const started = await signIn({
      username: USER.username,
      password: USER.password,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
    });
    expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: '135790' })).isSignedIn).toBe(true);
    expect(requestsOf(pool, 'RespondToAuthChallenge').map((r) => r.body)).toEqual([
      expect.objectContaining({ ChallengeName: 'PASSWORD_VERIFIER' }),
      expect.objectContaining({ ChallengeName: 'SOFTWARE_TOKEN_MFA' }),
    ]);
  });
});
