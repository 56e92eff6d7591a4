// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, against a kit pool whose app client hides whether a user
 * exists (`preventUserExistenceErrors`): its SRP sign-in of a username nobody has fails as a wrong
 * password, and its password reset goes on to ask for the code "sent" to a simulated address
 * (sessionkit and amazon-cognito-identity-js meet the same in userExistence.test.ts).
 */
import { resetPassword, signIn } from 'aws-amplify/auth';
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
});
