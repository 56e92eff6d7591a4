// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, runs custom authentication against the testing kit's pool over
 * MSW: `CUSTOM_WITHOUT_SRP` (the triggers' questions from the start) and `CUSTOM_WITH_SRP` (the
 * password's SRP proof first). The kit answers what Amplify sends and reads.
 */
import { confirmSignIn, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { passwordThenQuestion } from '../testing/customAuthFixtures.js';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';

useAmplify();

/** The password when the sign-in started with SRP_A, then one question. */
const TRIGGERS = passwordThenQuestion().triggers;

describe('aws-amplify v6 custom authentication against the kit', () => {
  it('CUSTOM_WITHOUT_SRP: the question, then confirmSignIn with the answer', async () => {
    const pool = await startPool({ customAuth: TRIGGERS });
    const started = await signIn({
      username: USER.username,
      options: { authFlowType: 'CUSTOM_WITHOUT_SRP', clientMetadata: { via: 'test' } },
    });
    expect(started).toMatchObject({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
        additionalInfo: { question: '6 × 7?' },
      },
    });
    expect(await confirmSignIn({ challengeResponse: '42' })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: USER.username },
      ClientMetadata: { via: 'test' },
    });
  });

  it('CUSTOM_WITH_SRP: the password proved by SRP, then the question', async () => {
    const pool = await startPool({ customAuth: TRIGGERS });
    const started = await signIn({
      username: USER.username,
      password: USER.password,
      options: { authFlowType: 'CUSTOM_WITH_SRP' },
    });
    expect(started.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
      additionalInfo: { question: '6 × 7?' },
    });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: {
        USERNAME: USER.username,
        SRP_A: expect.any(String),
        CHALLENGE_NAME: 'SRP_A',
      },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: expect.any(String),
    });
    const done = await confirmSignIn({ challengeResponse: '42' });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  it('CUSTOM_WITH_SRP with a wrong password: NotAuthorizedException before any question', async () => {
    await startPool({ customAuth: TRIGGERS });
    await expect(
      signIn({
        username: USER.username,
        password: 'Wr0ng-Horse!',
        options: { authFlowType: 'CUSTOM_WITH_SRP' },
      }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('CUSTOM_WITH_SRP for a user with TOTP: Amplify asks for the code after the password, then signs in', async () => {
    const pool = await startPool({ customAuth: TRIGGERS, mfa: 'optional' });
    const bob = { username: 'bob', password: 'Tr0ub4dor&3x', code: '135790' };
    await pool.addUser({ ...bob, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: bob.code } });
    const started = await signIn({
      username: bob.username,
      password: bob.password,
      options: { authFlowType: 'CUSTOM_WITH_SRP' },
    });
    expect(started).toMatchObject({
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' },
    });
    expect(await confirmSignIn({ challengeResponse: bob.code })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(
      requestsOf(pool, 'RespondToAuthChallenge').map(
        ({ body }) => (body as { ChallengeName?: string }).ChallengeName,
      ),
    ).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
  });
});
