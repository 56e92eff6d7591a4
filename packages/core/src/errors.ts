import type { SignOutReason } from './types.js';

/**
 * Every failure sessionkit reports carries one of these codes.
 *
 * - `network`: fetch failed (offline, DNS, CORS, connection reset). Transient.
 * - `timeout`: the provider did not answer within `requestTimeoutMs`. Transient.
 * - `invalid_grant`: the refresh token (or authorization code) is dead: expired, revoked, rotated out.
 * - `invalid_token`: a token failed decoding or validation (token_use, aud, client_id, iss, exp, nonce).
 * - `invalid_response`: the provider answered with something that is not a usable token response
 *   (HTML, garbage, missing fields), or the refresh loop guard stopped a runaway loop.
 * - `rate_limited`: 429 / `TooManyRequestsException`. Transient.
 * - `storage`: the token storage failed or held a record that could not be read.
 * - `signed_out`: the operation needs a signed-in session and there is none.
 * - `challenge`: a sign-in challenge could not be answered.
 * - `state_mismatch`: a redirect callback did not match a sign-in this browser started.
 * - `cancelled`: the user dismissed the browser's passkey prompt (WebAuthn `NotAllowedError`) or
 *   the app aborted it: nothing changed; usually nothing to show.
 * - `provider`: the provider refused the request for a reason that is neither transient nor the end
 *   of the session (configuration errors, 5xx). `retryable` tells which.
 */
export type SessionErrorCode =
  | 'network'
  | 'timeout'
  | 'invalid_grant'
  | 'invalid_token'
  | 'invalid_response'
  | 'rate_limited'
  | 'storage'
  | 'signed_out'
  | 'challenge'
  | 'state_mismatch'
  | 'cancelled'
  | 'provider';

/** Extra, token-free facts an error may carry. */
export interface SessionErrorDetails {
  /** The underlying error, if any. Never holds a token string. */
  cause?: unknown;
  /** Whether trying again later may succeed (network, timeout, 429, 5xx). */
  retryable?: boolean | undefined;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number | undefined;
  /** The provider's own error name, e.g. Cognito's `NotAuthorizedException` or OAuth's `invalid_grant`. */
  providerCode?: string | undefined;
  /** How long the provider asked us to wait (`Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
  /**
   * The provider's own description of the error (OAuth `error_description`), kept out of
   * `message`: on a redirect callback anyone who sends the user a link can write it, so an app
   * must not show it as the app's own words.
   */
  providerMessage?: string | undefined;
  /** For errors that end a session: why. */
  signOutReason?: SignOutReason | undefined;
}

/**
 * What an account must do before it can sign in, on the sign-in error that says so
 * (`SessionError.nextStep`): confirm the sign-up (`confirmSignUp`, `resendSignUpCode`), or reset
 * the password (`resetPassword`, `confirmResetPassword`). `username` is the one signed in with.
 *
 * @example
 * ```ts
 * import { isSessionError, type SignInNextStep } from '@sessionkit/core';
 *
 * function nextStepOf(error: unknown): SignInNextStep | undefined {
 *   return isSessionError(error) ? error.nextStep : undefined;
 * }
 * ```
 */
export interface SignInNextStep {
  /** `'confirmSignUp'` for an unconfirmed account, `'resetPassword'` for a required reset. */
  step: 'confirmSignUp' | 'resetPassword';
  /** The username as the sign-in was given it, to pass on to that step's calls. */
  username: string;
}

/**
 * The one error class of sessionkit. Async APIs reject with it; events carry it.
 * Its message never contains a token.
 *
 * @example
 * ```ts
 * import { isSessionError } from '@sessionkit/core';
 *
 * try {
 *   await session.getAccessToken();
 * } catch (error) {
 *   if (isSessionError(error) && error.code === 'signed_out') showSignIn();
 * }
 * ```
 */
export class SessionError extends Error {
  /** Always `'SessionError'`, how {@link isSessionError} recognises one from another copy. */
  override readonly name = 'SessionError';
  /** What went wrong, one of the codes of {@link SessionErrorCode}. */
  readonly code: SessionErrorCode;
  /** Whether trying the same call again later may succeed (network, timeout, 429, 5xx). */
  readonly retryable: boolean;
  /** HTTP status of the provider's answer; undefined without one (offline, a local check). */
  readonly status: number | undefined;
  /** The provider's error name (`NotAuthorizedException`, `invalid_grant`…); undefined if none. */
  readonly providerCode: string | undefined;
  /** How long the provider asked to wait (`Retry-After`), in ms; undefined when it did not say. */
  readonly retryAfterMs: number | undefined;
  /** On an error that ends the session: why (e.g. `'revoked'`); undefined otherwise. */
  readonly signOutReason: SignOutReason | undefined;
  /**
   * The provider's own words (Cognito's message, OAuth's `error_description`); a redirect
   * callback's can be written by anyone, so do not show it as the app's own words.
   */
  readonly providerMessage: string | undefined;
  /**
   * On a sign-in refused because the account owes a step first (`UserNotConfirmedException`,
   * `PasswordResetRequiredException`): that step. Set by signInWithPassword; absent otherwise.
   */
  declare readonly nextStep?: SignInNextStep;

  constructor(code: SessionErrorCode, message: string, details: SessionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.status = details.status;
    this.providerCode = details.providerCode;
    this.retryAfterMs = details.retryAfterMs;
    this.signOutReason = details.signOutReason;
    this.providerMessage = details.providerMessage;
  }
}

/**
 * True for a {@link SessionError}, also one thrown by another copy of sessionkit in the same page
 * (where `instanceof` fails because the class differs).
 */
export function isSessionError(value: unknown): value is SessionError {
  return (
    value instanceof SessionError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'SessionError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/** Wraps anything thrown into a SessionError of the given code, keeping SessionErrors as they are. */
export function toSessionError(
  value: unknown,
  code: SessionErrorCode,
  message: string,
): SessionError {
  return isSessionError(value) ? value : new SessionError(code, message, { cause: value });
}
