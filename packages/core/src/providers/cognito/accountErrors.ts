/**
 * The account flows' errors (sign-up, password reset, password change, the profile, global
 * sign-out) in our own words (AWS's API reference of `SignUp`, `ConfirmSignUp`,
 * `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`, `ChangePassword`,
 * `UpdateUserAttributes`, `VerifyUserAttribute`…; docs/cognito-wire.md sections 1, 8 and 10).
 * Cognito's words go only to `providerMessage`: apps show the messages to users.
 */
import { SessionError } from '../../errors.js';
import type { ProviderResponse } from '../http.js';
import {
  clientSecretError,
  cognitoError,
  cognitoErrorName,
  LAMBDA_REFUSAL,
} from './cognitoErrors.js';

/** A refusal in our own words: the error code and the sentence before Cognito's error name. */
export type Known = {
  code: 'challenge' | 'invalid_grant' | 'provider' | 'rate_limited';
  hint: string;
};

/** The account operations' refusals a user can act on, in our own words. */
const ACCOUNT_ERRORS: Record<string, Known> = {
  CodeMismatchException: { code: 'challenge', hint: 'The code is wrong; check it and try again.' },
  ExpiredCodeException: {
    code: 'challenge',
    hint: 'The code has expired or was already used; ask for a new one.',
  },
  InvalidPasswordException: {
    code: 'challenge',
    hint: "The password does not meet the user pool's password policy (length, upper and lower case, numbers, symbols).",
  },
  PasswordHistoryPolicyViolationException: {
    code: 'challenge',
    hint: 'This password was used recently on this account; choose one it has not used before.',
  },
  UsernameExistsException: {
    code: 'challenge',
    hint: 'An account with this username (or, where users sign in with one, this email address or phone number) already exists.',
  },
  AliasExistsException: {
    code: 'challenge',
    hint: 'Another account already uses this email address or phone number.',
  },
  UserNotFoundException: { code: 'invalid_grant', hint: 'No user has this username.' },
  UserNotConfirmedException: {
    code: 'challenge',
    hint: 'The user has not confirmed the account yet (confirm it with the code Cognito sent).',
  },
  PasswordResetRequiredException: {
    code: 'challenge',
    hint: 'The user must reset the password first (resetPassword, then confirmResetPassword).',
  },
  CodeDeliveryFailureException: {
    code: 'provider',
    hint: 'Cognito could not send the code (email or SMS delivery failed); try again later.',
  },
  LimitExceededException: {
    code: 'rate_limited',
    hint: 'Too many attempts: Cognito refuses more for a while; try again later.',
  },
  UserLambdaValidationException: LAMBDA_REFUSAL,
  TooManyFailedAttemptsException: {
    code: 'rate_limited',
    hint: 'Too many failed attempts: Cognito refuses more for a while; try again later.',
  },
};

function notAuthorized(message: string): Known {
  if (/unauthorized attribute/i.test(message)) {
    return {
      code: 'provider',
      hint: 'The app client may not write one of these attributes (its attribute write permissions in the user pool).',
    };
  }
  if (/access token/i.test(message)) {
    return { code: 'invalid_grant', hint: 'Cognito refused the access token; sign in again.' };
  }
  if (/user is disabled/i.test(message)) {
    return { code: 'invalid_grant', hint: 'The user is disabled in the user pool.' };
  }
  if (/current status is CONFIRMED|already confirmed/i.test(message)) {
    return { code: 'challenge', hint: 'The account is already confirmed; sign in.' };
  }
  if (/cannot be reset in the current state/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The password cannot be reset yet: the account still has the temporary password it was created with; sign in with it and choose a new one, or ask an administrator for a new one.',
    };
  }
  if (/attempts exceeded/i.test(message)) {
    return {
      code: 'rate_limited',
      hint: 'Too many failed attempts: Cognito has locked this user out for a while; try again later.',
    };
  }
  return { code: 'invalid_grant', hint: 'The username or password is wrong.' };
}

function invalidParameter(message: string): Known | undefined {
  if (
    /no registered\/verified email or phone_number|verified email|verified phone/i.test(message)
  ) {
    return {
      code: 'provider',
      hint: 'The user has no verified email address or phone number, so Cognito cannot send a reset code; an administrator must reset the password.',
    };
  }
  if (/already confirmed/i.test(message)) {
    return { code: 'challenge', hint: 'The account is already confirmed; sign in.' };
  }
  // The API's own constraint on a code the user typed (a space or a line break pasted with it).
  if (/at '(?:confirmationC|c)ode' failed/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The code is not one Cognito sends: enter it without spaces.',
    };
  }
  if (/invalid email address format/i.test(message)) {
    return { code: 'challenge', hint: 'The email address is not valid.' };
  }
  if (/invalid phone number format/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'The phone number is not valid: it needs + and the country code, e.g. +15555550123.',
    };
  }
  // A name outside the schema is the app's mistake (SignUp, UpdateUserAttributes), whatever else
  // the same refusal lists.
  if (/does not exist in the schema/i.test(message)) {
    return {
      code: 'provider',
      hint: "An attribute is not in the user pool's schema (custom ones take the custom: prefix).",
    };
  }
  if (/attribute is required/i.test(message)) {
    return {
      code: 'challenge',
      hint: 'An attribute the user pool requires is missing; send it in attributes.',
    };
  }
  return undefined;
}

/**
 * Maps a failed account call; throttling, service and configuration errors as anywhere else.
 * `classify` reads a refusal first (an account flow's own: accountFlowErrors.ts).
 */
export function accountApiError(
  response: ProviderResponse,
  now: number,
  classify?: (name: string | undefined, message: string) => Known | undefined,
): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : {}) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : '';
  const base = cognitoError(response, now, false);
  const details = {
    status: response.status,
    providerCode: name,
    ...(message ? { providerMessage: message } : {}),
    ...(base.retryAfterMs === undefined ? {} : { retryAfterMs: base.retryAfterMs }),
  };
  if (name === 'NotAuthorizedException' && /secret/i.test(message)) {
    return clientSecretError(details);
  }
  const known =
    classify?.(name, message) ??
    (name === 'NotAuthorizedException'
      ? notAuthorized(message)
      : name === 'InvalidParameterException'
        ? invalidParameter(message)
        : name && Object.hasOwn(ACCOUNT_ERRORS, name)
          ? ACCOUNT_ERRORS[name]
          : undefined);
  if (!known || !name) return base;
  return new SessionError(known.code, `${known.hint} (${name})`, {
    ...details,
    retryable: known.code === 'rate_limited',
  });
}

/** The refusals of calls made with the user's access token (section 10), in our own words. */
function signedInRefusal(name: string | undefined, message: string) {
  if (name === 'NotAuthorizedException' && /access token has been revoked/i.test(message)) {
    const hint =
      'The user was signed out everywhere (the access token was revoked); sign in again.';
    return { code: 'invalid_grant', hint, signOutReason: 'revoked' } as const;
  }
  if (name === 'UserNotFoundException') {
    const hint = 'The user no longer exists in the user pool; sign in again.';
    return { code: 'invalid_grant', hint, signOutReason: 'invalid' } as const;
  }
  if (name !== 'InvalidParameterException') return undefined;
  if (/attribute is required/i.test(message)) {
    return {
      code: 'provider',
      hint: 'An attribute the user pool requires cannot be removed.',
    } as const;
  }
  if (/cannot be (updated|verified)/i.test(message)) {
    const hint = 'An attribute cannot be changed or verified this way (immutable, or read-only).';
    return { code: 'provider', hint } as const;
  }
  return undefined;
}

/**
 * Maps a failed call made with the user's access token: a revoked token or a user Cognito no
 * longer knows (deleted) carry the `signOutReason` of the end of the session; attributes outside
 * the schema or not writable are `provider` errors; the rest as {@link accountApiError}.
 */
export function signedInApiError(response: ProviderResponse, now: number): SessionError {
  const error = accountApiError(response, now);
  const refusal = signedInRefusal(error.providerCode, error.providerMessage ?? '');
  if (!refusal) return error;
  return new SessionError(refusal.code, `${refusal.hint} (${error.providerCode})`, {
    status: error.status,
    providerCode: error.providerCode,
    providerMessage: error.providerMessage,
    ...('signOutReason' in refusal ? { signOutReason: refusal.signOutReason } : {}),
  });
}
