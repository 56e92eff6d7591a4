// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, against a kit pool whose app client hides whether a user
 * exists (`preventUserExistenceErrors`): its SRP sign-in of a username nobody has fails as a wrong
 * password, its password reset goes on to ask for the code "sent" to a simulated address, and its
 * choice-based sign-in gets a code challenge whose every code is wrong (sessionkit and
 * amazon-cognito-identity-js meet the same in userExistence.test.ts).
 */
import { confirmSignIn, resetPassword, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool } from './harness.js';

useAmplify();

describe('aws-amplify v6 against a pool that hides whether a user exists', () => {
  it('signIn of a username nobody has: NotAuthorizedException after answering the simulated challenge', async () => {
    const pool = await startPool({ preventUserExistenceErrors: true });
    const failure = await signIn({ username: 'nobody', password: 'Any-Passw0rd!' }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toHaveLength(1);
  });

  it('resetPassword of a username nobody has asks for the code sent to the simulated address', async () => {
    await startPool({ preventUserExistenceErrors: true });
    expect(await resetPassword({ username: 'nobody' })).toMatchObject({
      isPasswordReset: false,
      nextStep: {
        resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email' },
      },
    });
  });

  it('choice-based sign-in of a username nobody has: a preferred email code is asked for, and every code is wrong', async () => {
    await startPool({
      preventUserExistenceErrors: true,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const started = await signIn({
      username: 'nobody',
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
    expect(started).toMatchObject({
      isSignedIn: false,
      nextStep: {
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL' },
      },
    });
    const failure = await confirmSignIn({ challengeResponse: '12345678' }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure).toMatchObject({ name: 'CodeMismatchException' });
  });
});
