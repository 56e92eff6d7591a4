/**
 * What the account flows (sign-up, password reset, password change, the profile, global
 * sign-out) share: the cognito() provider check, the JSON API call, Cognito's
 * `CodeDeliveryDetails`, and the mapping of their errors (AWS's API reference of `SignUp`,
 * `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`,
 * `ChangePassword`, `UpdateUserAttributes`, `VerifyUserAttribute`…; docs/cognito-wire.md
 * sections 1, 8 and 10). Cognito's words go only to `providerMessage`: apps show them to users.
 */
import { isSessionError, SessionError } from '../../errors.js';
import { internalsOf } from '../../session/internals.js';
import type { Session } from '../../session.js';
import type { ProviderResponse } from '../http.js';
import type { CognitoProvider } from './cognito.js';
import { createCognitoApi } from './cognitoApi.js';
import { clientSecretError, cognitoError, cognitoErrorName } from './cognitoErrors.js';

/**
 * Where Cognito sent a code (its `CodeDeliveryDetails`): `'EMAIL'` or `'SMS'`, the masked address
 * or number (`a***@e***`, `+*******0123`), and the attribute it went to (`email`, `phone_number`).
 *
 * @example
 * ```ts
 * import { signUp } from '@sessionkit/core';
 *
 * const result = await signUp(session, { username: 'alice', password, attributes: { email: 'alice@example.com' } });
 * if (result.status === 'confirmSignUp' && result.codeDelivery) {
 *   showMessage(`We sent a code to ${result.codeDelivery.destination}.`);
 * }
 * ```
 */
export interface CodeDeliveryDetails {
  medium: 'EMAIL' | 'SMS';
  /** Masked by Cognito: safe to show. */
  destination: string;
  attributeName: string;
}

/** The session's Cognito provider and its JSON API; `provider` SessionError for another provider. */
export function accountApi(session: Session, what: string) {
  const internals = internalsOf(session);
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError('provider', `${what} needs the cognito() provider.`);
  }
  const cognito = provider as CognitoProvider;
  return { internals, provider: cognito, callApi: createCognitoApi(cognito.endpoint) };
}

/** A required string argument, refused before any request (the message never repeats it). */
export function requireText(what: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what}: ${name} must be a non-empty string.`);
  }
  return value;
}

/** An optional map under its request field (`ClientMetadata`…); nothing when absent. */
export function metadata(name: string, value: Record<string, string> | undefined) {
  return value === undefined ? {} : { [name]: value };
}

/** A map as Cognito's `[{ Name, Value }]` list (`UserAttributes`, `ValidationData`). */
export function nameValues(record: Record<string, string> | undefined) {
  return Object.entries(record ?? {}).map(([Name, Value]) => ({ Name, Value }));
}

/** Reads `CodeDeliveryDetails`; `undefined` when Cognito sent none (or an unknown medium). */
export function readCodeDelivery(body: unknown): CodeDeliveryDetails | undefined {
  const raw = (body as { CodeDeliveryDetails?: Record<string, unknown> } | null)
    ?.CodeDeliveryDetails;
  const medium = raw?.DeliveryMedium;
  if (medium !== 'EMAIL' && medium !== 'SMS') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    medium,
    destination: text(raw?.Destination),
    attributeName: text(raw?.AttributeName),
  };
}

type Known = { code: 'challenge' | 'invalid_grant' | 'provider' | 'rate_limited'; hint: string };

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
  TooManyFailedAttemptsException: {
    code: 'rate_limited',
    hint: 'Too many failed attempts: Cognito refuses more for a while; try again later.',
  },
};

function notAuthorized(message: string): Known {
  if (/access token/i.test(message)) {
    return { code: 'invalid_grant', hint: 'Cognito refused the access token; sign in again.' };
  }
  if (/current status is CONFIRMED|already confirmed/i.test(message)) {
    return { code: 'challenge', hint: 'The account is already confirmed; sign in.' };
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
  return undefined;
}

/** Maps a failed account call; throttling, service and configuration errors as anywhere else. */
export function accountApiError(response: ProviderResponse, now: number): SessionError {
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
    name === 'NotAuthorizedException'
      ? notAuthorized(message)
      : name === 'InvalidParameterException'
        ? invalidParameter(message)
        : name && Object.hasOwn(ACCOUNT_ERRORS, name)
          ? ACCOUNT_ERRORS[name]
          : undefined;
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
  if (/does not exist in the schema/i.test(message)) {
    const hint =
      "An attribute is not in the user pool's schema (custom ones take the custom: prefix).";
    return { code: 'provider', hint } as const;
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

/**
 * One JSON API call with the session's access token (refreshed first if about to expire;
 * `signed_out` when nobody is signed in). When Cognito refuses the token for good (revoked by a
 * global sign-out elsewhere, or the user deleted), the refresh token is dead too: a refresh
 * confirms it and ends the session in every tab with the refresh's reason; then the call's error
 * is thrown. docs/cognito-wire.md section 10.
 */
export async function signedInCall(
  session: Session,
  what: string,
  operation: string,
  input: object,
): Promise<ProviderResponse> {
  const { internals, callApi } = accountApi(session, what);
  const accessToken = await session.getAccessToken();
  try {
    return await internals.call((context) =>
      callApi(context, operation, { AccessToken: accessToken, ...input }, signedInApiError),
    );
  } catch (error) {
    if (isSessionError(error) && error.signOutReason) await session.refresh().catch(() => {});
    throw error;
  }
}
