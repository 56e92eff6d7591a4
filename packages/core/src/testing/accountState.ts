/**
 * Sign-up, password reset and password change as pure changes of {@link PoolState} (AWS's API
 * reference of `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`,
 * `ConfirmForgotPassword`, `ChangePassword`; docs/cognito-wire.md section 7, "Sign-up"). Errors
 * are thrown as {@link CognitoApiError}, which aborts the transaction.
 *
 * As built, the pool is one AWS creates with its defaults plus email verification: the default
 * password policy (8 characters, upper and lower case, a number, a symbol); sign-up codes go to
 * `email` (else `phone_number`), reset codes to a verified email (else a verified phone number);
 * codes are 6 digits, used once, a newer one replacing the older; a sign-up code lasts 24 hours
 * and a reset code 1 hour (Cognito developer guide). Error wordings not in AWS's reference are
 * those public reports quote from Cognito.
 */
import { randomBase64url } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { maskEmail, maskPhoneNumber } from './mfaPolicy.js';
import { type ResolvedPasswordPolicy, requirePolicy, setUserPassword } from './passwordPolicy.js';
import { takePendingCode } from './pendingCodes.js';
import type { PoolState } from './poolState.js';
import { CHALLENGE_SESSION_LIFETIME_SECONDS, INCORRECT_PASSWORD } from './signIn.js';

/** What an account code confirms. */
export type AccountCodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD';

/** How long a code lasts, in seconds: 24 hours for sign-up, 1 hour for a password reset. */
export const ACCOUNT_CODE_LIFETIME_SECONDS: Readonly<Record<AccountCodePurpose, number>> = {
  SIGN_UP: 24 * 3600,
  FORGOT_PASSWORD: 3600,
};

/** The account codes and sign-up sessions of a pool (`PoolState.account`). */
export interface AccountState {
  /** The code pending per purpose and username (`SIGN_UP:alice`). */
  codes: Record<string, { code: string; expiresAt: number }>;
  /**
   * `SignUp`'s `Session` (`stage: 'signUp'`, for `ConfirmSignUp`) and `ConfirmSignUp`'s
   * (`stage: 'confirmed'`, for one `InitiateAuth` `USER_AUTH`), by session string.
   */
  sessions: Record<string, { username: string; stage: 'signUp' | 'confirmed'; expiresAt: number }>;
}

/** Where a code went, as Cognito's `CodeDeliveryDetails`. */
export interface CodeDelivery {
  /** How the code went (nothing is really sent: `pool.sentCodes` has it). */
  DeliveryMedium: 'EMAIL' | 'SMS';
  /**
   * The email address or phone number, masked in answers as Cognito masks it (`a***@e***`,
   * `+*******0123`).
   */
  Destination: string;
  /** The user attribute it went to: `email` with `EMAIL`, `phone_number` with `SMS`. */
  AttributeName: 'email' | 'phone_number';
}

function accountOf(state: PoolState): AccountState {
  state.account ??= { codes: {}, sessions: {} };
  return state.account;
}

function randomCode(): string {
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return String(value! % 1_000_000).padStart(6, '0');
}

/** Where a code for `purpose` goes, or `null` when the user has nowhere it may go. */
export function codeDestination(user: FakeUser, purpose: AccountCodePurpose): CodeDelivery | null {
  const { email, phone_number: phone } = user.attributes;
  const verified = (name: string) => purpose === 'SIGN_UP' || user.attributes[name] === 'true';
  if (email && verified('email_verified')) {
    return { DeliveryMedium: 'EMAIL', Destination: email, AttributeName: 'email' };
  }
  if (phone && verified('phone_number_verified')) {
    return { DeliveryMedium: 'SMS', Destination: phone, AttributeName: 'phone_number' };
  }
  return null;
}

/** "Sends" a new code (recorded in `sentCodes`), replacing the pending one; the masked details. */
export function sendAccountCode(
  state: PoolState,
  user: FakeUser,
  purpose: AccountCodePurpose,
  delivery: CodeDelivery,
  now: number,
): CodeDelivery {
  const code = randomCode();
  accountOf(state).codes[`${purpose}:${user.username}`] = {
    code,
    expiresAt: now + ACCOUNT_CODE_LIFETIME_SECONDS[purpose] * 1000,
  };
  state.sentCodes ??= [];
  state.sentCodes.push({
    username: user.username,
    medium: delivery.DeliveryMedium,
    destination: delivery.Destination,
    code,
    time: now,
    purpose,
  });
  const masked =
    delivery.DeliveryMedium === 'EMAIL'
      ? maskEmail(delivery.Destination)
      : maskPhoneNumber(delivery.Destination);
  return { ...delivery, Destination: masked };
}

/**
 * Checks a code and uses it up. Wrong: `CodeMismatchException` (the code stays pending); expired,
 * or none pending (used, or never sent): `ExpiredCodeException`.
 */
export function useAccountCode(
  state: PoolState,
  username: string,
  purpose: AccountCodePurpose,
  code: string,
  now: number,
): void {
  const codes = accountOf(state).codes;
  const key = `${purpose}:${username}`;
  takePendingCode(codes, key, code, now);
}

/** A new sign-in session of the sign-up flow (`SignUp`'s, then `ConfirmSignUp`'s). */
export function openSignUpSession(
  state: PoolState,
  username: string,
  stage: 'signUp' | 'confirmed',
  lifetimeSeconds: number,
  now: number,
): string {
  const session = randomBase64url(192);
  accountOf(state).sessions[session] = {
    username,
    stage,
    expiresAt: now + lifetimeSeconds * 1000,
  };
  return session;
}

/**
 * Takes a sign-up session of `stage` for `username` (single use); `false` when there is none, it
 * expired, or it belongs to another user.
 */
export function takeSignUpSession(
  state: PoolState,
  session: unknown,
  username: string,
  stage: 'signUp' | 'confirmed',
  now: number,
): boolean {
  const sessions = accountOf(state).sessions;
  const record = typeof session === 'string' ? sessions[session] : undefined;
  if (!record || record.stage !== stage || record.username !== username) return false;
  delete sessions[session as string];
  return record.expiresAt > now;
}

/** `ConfirmSignUp`'s session lives as long as a challenge `Session` (`AuthSessionValidity`). */
export const CONFIRMED_SESSION_LIFETIME_SECONDS = CHALLENGE_SESSION_LIFETIME_SECONDS;

/** `ChangePassword`: the previous password must be the user's, the new one within the policy. */
export function changeUserPassword(
  user: FakeUser,
  previous: string,
  proposed: string,
  policy: ResolvedPasswordPolicy,
): void {
  if (user.password !== previous) {
    throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  }
  requirePolicy(proposed, policy);
  setUserPassword(user, proposed, policy);
}
