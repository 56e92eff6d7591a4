/**
 * Signing in right after `ConfirmSignUp`: `InitiateAuth` `USER_AUTH` with the `Session` Cognito
 * answered (top-level, with `AuthParameters {USERNAME}`; usable once), and its refusals
 * (docs/cognito-wire.md section 7, "Sign-up").
 */
import { SessionError } from '../../errors.js';
import type { CognitoProvider } from './cognito.js';
import type { CognitoApiCall } from './cognitoApi.js';
import { readSignInStep, type SignInStep } from './cognitoSignIn.js';
import { cognitoSignInError } from './signInErrors.js';
import type { ProviderRun } from './srpSignIn.js';

/**
 * The first step of the sign-in after confirming: `InitiateAuth` `USER_AUTH` with the
 * confirmation's `Session`, as a sign-in flow's start (password sign-in's `signInFromStep`).
 */
export function userAuthAfterSignUp(signInSession: string, username: string) {
  return async (
    api: CognitoApiCall,
    run: ProviderRun,
    cognito: CognitoProvider,
  ): Promise<SignInStep> => {
    const answer = await run((context) =>
      api(
        context,
        'InitiateAuth',
        {
          AuthFlow: 'USER_AUTH',
          ClientId: cognito.clientId,
          Session: signInSession,
          AuthParameters: { USERNAME: username },
        },
        userAuthError,
      ),
    );
    return readSignInStep(answer, 'InitiateAuth', username);
  };
}

/** A refused `USER_AUTH` after confirming: the account is confirmed, say what to turn on. */
function userAuthError(...args: Parameters<typeof cognitoSignInError>): SessionError {
  const error = cognitoSignInError(...args);
  const isFlowRefused =
    error.providerCode === 'InvalidParameterException' &&
    /USER_AUTH.*not enabled/i.test(error.providerMessage ?? '');
  if (!isFlowRefused) return error;
  return new SessionError(
    'provider',
    'The account is confirmed, but the app client does not allow choice-based sign-in: turn on ' +
      'ALLOW_USER_AUTH in its authentication flows to sign users in right after sign-up. ' +
      'Meanwhile, sign in with the password.',
    {
      status: error.status,
      providerCode: error.providerCode,
      providerMessage: error.providerMessage,
    },
  );
}
