/**
 * `SignUp` without a `Password` (AWS's API reference of `SignUp`, and the developer guide's
 * "Passwords at sign-up"; docs/cognito-wire.md section 8): allowed only where the user can sign
 * in with one-time codes instead, and the user is created with no password, so no password proof
 * ever succeeds for it (signIn.ts, srpSignIn.ts) until a reset sets one.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';

/** Where each passwordless factor sends its code. */
const CODE_ATTRIBUTE = { EMAIL_OTP: 'email', SMS_OTP: 'phone_number' } as const;

/**
 * Refuses a sign-up without a password unless the app client allows `ALLOW_USER_AUTH`, the pool
 * offers `EMAIL_OTP` or `SMS_OTP`, and `attributes` give an address for one of them (the kit's
 * pool verifies both automatically). As built: the two refusals' wordings.
 */
export function requirePasswordlessSignUp(
  context: PoolContext,
  attributes: Readonly<Record<string, string>>,
): void {
  const { explicitAuthFlows, userAuthFactors } = context.config;
  const offered = (['EMAIL_OTP', 'SMS_OTP'] as const).filter((factor) =>
    userAuthFactors.includes(factor),
  );
  if (!explicitAuthFlows.includes('ALLOW_USER_AUTH') || offered.length === 0) {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter Password');
  }
  if (!offered.some((factor) => attributes[CODE_ATTRIBUTE[factor]])) {
    const needed = offered.map((factor) => CODE_ATTRIBUTE[factor]).join(' or ');
    throw new CognitoApiError(
      'InvalidParameterException',
      `A user without a password needs ${needed} for passwordless sign-in.`,
    );
  }
}
