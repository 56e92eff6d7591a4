/**
 * The ways choice-based sign-in (`USER_AUTH`, userAuth.ts) offers beyond the password, as a
 * registry: each factor says whether a user can use it, opens its challenge and checks the answer
 * (docs/cognito-wire.md section 9). Email and SMS one-time codes are built in; the passkey module
 * adds `WEB_AUTHN` with {@link registerUserAuthFactor}.
 *
 * As built: codes are 8 digits, recorded in `sentCodes` with purpose `'SIGN_IN'`, usable once,
 * for as long as the challenge `Session` (3 minutes); a wrong code is refused
 * (`CodeMismatchException`) and the challenge stays open for another try.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser, UserAuthFactor } from './fakePoolTypes.js';
import { maskEmail, maskPhoneNumber } from './mfaPolicy.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';

/**
 * A way to sign in that choice-based sign-in can offer besides the password. `open` and `accept`
 * run inside the pool's transaction (synchronous, state changes commit with it); `verify` runs
 * outside it and may be asynchronous (WebCrypto). A `CognitoApiError` thrown by `verify` refuses
 * the answer and leaves the challenge open.
 */
export interface UserAuthFactorHandler {
  /** Whether `user` can sign in this way now (offered in `AvailableChallenges`). */
  isAvailable(state: PoolState, user: FakeUser, context: PoolContext): boolean;
  /** Opens the challenge: its `ChallengeParameters`, and what the pool keeps for the answer. */
  open(
    state: PoolState,
    user: FakeUser,
    context: PoolContext,
  ): { parameters: Record<string, string>; data: unknown };
  /**
   * Checks `RespondToAuthChallenge`'s `ChallengeResponses` against what `open` kept; what it
   * returns is handed to `accept`.
   */
  verify(
    answer: { responses: Record<string, unknown>; data: unknown; user: FakeUser },
    context: PoolContext,
  ): unknown;
  /**
   * After a right answer, in the transaction that signs the user in, with what `verify` returned
   * (e.g. a passkey's new signature counter).
   */
  accept?(state: PoolState, user: FakeUser, verified: unknown): void;
}

/** The factors choice-based sign-in can open, by challenge name (email and SMS codes built in). */
const factors = new Map<Exclude<UserAuthFactor, 'PASSWORD'>, UserAuthFactorHandler>();

/**
 * Adds (or replaces) a way to sign in for every fake pool of this page, offered where the pool's
 * `userAuthFactors` allows it. The passkey module registers `WEB_AUTHN` here.
 *
 * @example
 * ```ts
 * registerUserAuthFactor('WEB_AUTHN', {
 *   isAvailable: (state, user) => hasPasskeys(state, user.username),
 *   open: (state, user, context) => openAssertion(state, user, context),
 *   verify: (answer, context) => verifyAssertion(answer, context),
 * });
 * ```
 */
export function registerUserAuthFactor(
  name: Exclude<UserAuthFactor, 'PASSWORD'>,
  handler: UserAuthFactorHandler,
): void {
  factors.set(name, handler);
}

/** The handler of a factor, if one is registered. */
export function userAuthFactor(name: string): UserAuthFactorHandler | undefined {
  return factors.get(name as Exclude<UserAuthFactor, 'PASSWORD'>);
}

/**
 * `AvailableChallenges` for `user`: `PASSWORD` and `PASSWORD_SRP` with a password, then each
 * registered factor the pool allows and the user can use (none for a `FORCE_CHANGE_PASSWORD` user).
 */
export function availableChallenges(
  state: PoolState,
  user: FakeUser,
  context: PoolContext,
): string[] {
  const allowed = context.config.userAuthFactors;
  const available =
    allowed.includes('PASSWORD') && user.password ? ['PASSWORD', 'PASSWORD_SRP'] : [];
  // A user who must choose a new password signs in with the temporary one only (seen on a real
  // pool: no EMAIL_OTP for such a user, even verified and preferred; docs/cognito-wire.md
  // section 9).
  if (user.status === 'FORCE_CHANGE_PASSWORD') return available;
  for (const [name, factor] of factors) {
    if (allowed.includes(name) && factor.isAvailable(state, user, context)) available.push(name);
  }
  return available;
}

/** Digits of a sign-in code (As built: docs/cognito-wire.md section 9). */
export const SIGN_IN_CODE_DIGITS = 8;

/** Cognito's answer to a wrong SMS or email code (as for MFA codes, mfaChallenges.ts). */
export const SIGN_IN_CODE_MISMATCH = 'Invalid code or auth state for the user.';

function randomCode(): string {
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return String(value! % 10 ** SIGN_IN_CODE_DIGITS).padStart(SIGN_IN_CODE_DIGITS, '0');
}

/** A one-time code by email (`EMAIL_OTP`, to a verified `email`) or SMS (`SMS_OTP`, `phone_number`). */
function codeFactor(
  medium: 'EMAIL' | 'SMS',
  attribute: 'email' | 'phone_number',
  field: 'EMAIL_OTP_CODE' | 'SMS_OTP_CODE',
): UserAuthFactorHandler {
  return {
    isAvailable: (_state, user) =>
      Boolean(user.attributes[attribute]) && user.attributes[`${attribute}_verified`] === 'true',
    open(state, user, context) {
      const destination = user.attributes[attribute] ?? '';
      const code = randomCode();
      state.sentCodes ??= [];
      state.sentCodes.push({
        username: user.username,
        medium,
        destination,
        code,
        time: context.now(),
        purpose: 'SIGN_IN',
      });
      const masked = medium === 'EMAIL' ? maskEmail(destination) : maskPhoneNumber(destination);
      return {
        parameters: { CODE_DELIVERY_DELIVERY_MEDIUM: medium, CODE_DELIVERY_DESTINATION: masked },
        data: { code },
      };
    },
    verify({ responses, data }) {
      const code = responses[field];
      if (typeof code !== 'string' || code === '') {
        throw new CognitoApiError(
          'InvalidParameterException',
          `Missing required parameter ${field}`,
        );
      }
      if (code !== (data as { code: string }).code) {
        throw new CognitoApiError('CodeMismatchException', SIGN_IN_CODE_MISMATCH);
      }
    },
  };
}

registerUserAuthFactor('EMAIL_OTP', codeFactor('EMAIL', 'email', 'EMAIL_OTP_CODE'));
registerUserAuthFactor('SMS_OTP', codeFactor('SMS', 'phone_number', 'SMS_OTP_CODE'));
