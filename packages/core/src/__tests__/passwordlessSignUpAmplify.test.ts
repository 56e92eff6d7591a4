// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, signs a user up without a password against the testing kit's
 * pool, confirms, and is signed in by `autoSignIn` (`USER_AUTH` with the sign-up's Session). The
 * kit answers what Amplify sends and reads.
 */
import { autoSignIn, confirmSignUp, getCurrentUser, signUp } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool } from './harness.js';

useAmplify();

describe('aws-amplify v6 sign-up without a password against the kit', () => {
  it('signUp with no password, confirmSignUp, autoSignIn', async () => {
    const pool = await startPool({
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const started = await signUp({
      username: 'bob',
      options: {
        userAttributes: { email: 'bob@example.com' },
        autoSignIn: { authFlowType: 'USER_AUTH' },
      },
    });
    expect(started.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    expect(requestsOf(pool, 'SignUp')[0]?.body).not.toHaveProperty('Password');
    const confirmed = await confirmSignUp({
      username: 'bob',
      confirmationCode: await pool.lastCode('bob'),
    });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    expect(await autoSignIn()).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).username).toBe('bob');
  });
});
