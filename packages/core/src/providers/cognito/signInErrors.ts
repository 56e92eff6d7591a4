/**
 * What a failed sign-in answer means (docs/cognito-wire.md section 3), in sessionkit's own words:
 * the sign-in steps of cognitoSignIn.ts, choice-based sign-in, custom sign-in and the sign-in
 * after sign-up read their refusals here.
 */
import { SessionError } from '../../errors.js';
import type { ProviderResponse } from '../http.js';
import {
  clientSecretError,
  cognitoError,
  cognitoErrorName,
  LAMBDA_REFUSAL,
  readNotAuthorized,
} from './cognitoErrors.js';

/** What a refusal means: the error's code, and sessionkit's words for it. */
type SignInHint = { code: 'invalid_grant' | 'challenge' | 'provider'; hint: string };

/**
 * Sign-in errors (docs/cognito-wire.md section 3). Wrong password and unknown user are refused credentials;
 * an unconfirmed user or one who must reset the password has a step to take first; a wrong or
 * expired code, a password the policy refuses or an expired challenge session fail the challenge.
 */
const SIGN_IN_ERRORS: Record<string, SignInHint> = {
  NotAuthorizedException: { code: 'invalid_grant', hint: 'The username or password is wrong.' },
  UserNotFoundException: { code: 'invalid_grant', hint: 'No user has this username.' },
  UserNotConfirmedException: {
    code: 'challenge',
    hint: 'The user has not confirmed the account yet (confirm it with the code Cognito sent).',
  },
  PasswordResetRequiredException: {
    code: 'challenge',
    hint: 'The user must reset the password before signing in.',
  },
  CodeMismatchException: { code: 'challenge', hint: 'The code is wrong.' },
  ExpiredCodeException: { code: 'challenge', hint: 'The code has expired.' },
  InvalidPasswordException: {
    code: 'challenge',
    hint: "The new password does not meet the pool's password policy.",
  },
  UserLambdaValidationException: LAMBDA_REFUSAL,
};

/** `NEW_PASSWORD_REQUIRED` answered without an attribute the pool requires. */
const MISSING_ATTRIBUTES = {
  code: 'challenge',
  hint: "The answer lacks attributes the user pool requires: answer each of the challenge's requiredAttributes as userAttributes.<name>.",
} as const;

/**
 * `NotAuthorizedException` during sign-in: wrong credentials, unless its message says otherwise
 * (docs/cognito-wire.md section 7).
 */
function notAuthorizedHint(message: string, wrong: SignInHint): SignInHint {
  if (/password attempts exceeded/i.test(message)) {
    return {
      code: 'invalid_grant',
      hint: 'Too many failed attempts: Cognito has locked this user out for a while; try again later.',
    };
  }
  if (/user is disabled/i.test(message)) {
    return { code: 'invalid_grant', hint: 'The user is disabled in the user pool.' };
  }
  if (/account has expired/i.test(message)) {
    return {
      code: 'invalid_grant',
      hint: 'The temporary password has expired: an administrator must send the user a new one.',
    };
  }
  // A NEW_PASSWORD_REQUIRED answer's attributes (docs/cognito-wire.md section 3).
  if (/cannot modify an already provided/i.test(message)) {
    return {
      code: 'challenge',
      hint: "The answer sets an attribute the user has: answer only the challenge's requiredAttributes.",
    };
  }
  if (/write unauthorized attribute/i.test(message)) {
    return { code: 'provider', hint: 'The app client may not write an attribute in the answer.' };
  }
  if (/can only be used once/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'This step was answered already: go on with the step its answer returned.',
    };
  }
  if (/session is expired|invalid session/i.test(message)) {
    return {
      code: 'challenge',
      hint: "The sign-in took too long (Cognito's sign-in session expired); start it again.",
    };
  }
  return wrong;
}

/**
 * Maps a failed sign-in answer; throttling and service errors map as anywhere else. `wrong` is
 * what a plain `NotAuthorizedException` means: wrong credentials, unless the answer says otherwise.
 */
export function cognitoSignInError(
  response: ProviderResponse,
  now: number,
  wrong: SignInHint = SIGN_IN_ERRORS.NotAuthorizedException!,
): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : {}) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : '';
  // Cognito's words go to providerMessage only: apps show a sign-in error's message to users.
  const details = {
    status: response.status,
    providerCode: name,
    ...(message ? { providerMessage: message } : {}),
  };
  if (name === 'NotAuthorizedException' && readNotAuthorized(message).kind === 'clientSecret') {
    return clientSecretError(details);
  }
  const known =
    name === 'NotAuthorizedException'
      ? notAuthorizedHint(message, wrong)
      : name === 'InvalidParameterException' && /invalid attributes given/i.test(message)
        ? MISSING_ATTRIBUTES
        : name
          ? SIGN_IN_ERRORS[name]
          : undefined;
  if (!known || !name) return cognitoError(response, now, false);
  return new SessionError(known.code, `Sign-in failed (${name}): ${known.hint}`, details);
}

/**
 * A refused `WEB_AUTHN` answer: a passkey has no username or password to be wrong
 * (docs/cognito-wire.md section 11). Only the passkey-answering flows import it.
 */
export const passkeyAnswerError = (response: ProviderResponse, now: number): SessionError =>
  cognitoSignInError(response, now, {
    code: 'invalid_grant',
    hint: 'The passkey was not accepted; try again, or sign in another way.',
  });

/**
 * A refused `USER_AUTH` start: as any sign-in's, except Cognito's refusal of a passkey for a user
 * who owes MFA the passkey does not stand for ("Password Challenge is Required to SignIn";
 * docs/cognito-wire.md section 11). Only choice-based sign-in imports it.
 */
export function choiceStartError(response: ProviderResponse, now: number): SessionError {
  const error = cognitoSignInError(response, now);
  if (!/password challenge is required/i.test(error.providerMessage ?? '')) return error;
  return new SessionError(
    'challenge',
    `Sign-in failed (${error.providerCode}): this account has MFA that its passkey does not stand for; sign in with the password.`,
    {
      status: error.status,
      providerCode: error.providerCode,
      providerMessage: error.providerMessage,
    },
  );
}
