/**
 * Choice-based sign-in's records and steps (userAuth.ts, docs/cognito-wire.md section 9): the
 * challenge records kept by `Session`, the sign-in policy option, tokens after a code or a
 * passkey, and the sign-in right after `ConfirmSignUp` (`USER_AUTH` with its `Session`).
 */

import { takeSignUpSession } from './accountState.js';
import { randomBase64url } from './base64url.js';
import { requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { afterPasswordWithDevice } from './deviceHandlers.js';
import type { TrackedOutcome } from './devices.js';
import type { FakeUser, UserAuthFactor } from './fakePoolTypes.js';
import { type PoolContext, signInContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { CHALLENGE_SESSION_LIFETIME_SECONDS, INVALID_SESSION, signedInOutcome } from './signIn.js';
import { USER_NOT_FOUND } from './userExistence.js';
import { usernameFor } from './usernames.js';

/** A choice-based sign-in challenge in progress (`PoolState.userAuth`, by `Session`). */
export interface UserAuthRecord {
  /** The user signing in, by username. */
  username: string;
  /** The app client of the sign-in; an answer must name the same `ClientId`. */
  clientId: string;
  /** `SELECT_CHALLENGE`, or the factor whose challenge is open (`EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`). */
  challengeName: string;
  /** When the `Session` stops working, in ms on the pool clock: 3 minutes after the step opened. */
  expiresAt: number;
  /** `SELECT_CHALLENGE`: the `AvailableChallenges` it offered. */
  available?: string[];
  /** A factor's challenge: what its `open` kept for the answer. */
  data?: unknown;
  /** The `DEVICE_KEY` the sign-in presented. */
  deviceKey?: string;
  /** A username nobody has, on an app client that hides it (userExistence.ts). */
  simulated?: true;
}

const FACTORS: readonly UserAuthFactor[] = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
/** The `userAuthFactors` option, checked (AWS: 1 to 4 of the four factors). */
export function resolveUserAuthFactors(
  value: readonly UserAuthFactor[] | undefined,
): readonly UserAuthFactor[] {
  const factors = value ?? ['PASSWORD'];
  if (factors.length === 0 || factors.some((factor) => !FACTORS.includes(factor))) {
    throw new RangeError(
      `userAuthFactors must list some of ${FACTORS.join(', ')}, got ${JSON.stringify(factors)}`,
    );
  }
  return [...factors];
}

/**
 * The first factors a pool that requires MFA may offer, as Cognito allows them: no one-time
 * codes (`EMAIL_OTP`, `SMS_OTP`), and passkeys only where a passkey that verifies the user
 * counts as MFA (`FactorConfiguration` `MULTI_FACTOR_WITH_USER_VERIFICATION`);
 * docs/cognito-wire.md section 9. Throws a `RangeError` for anything else, as Cognito refuses
 * such a configuration.
 */
export function checkFirstFactorsUnderRequiredMfa(
  mfa: 'off' | 'optional' | 'required',
  factors: readonly UserAuthFactor[],
  webAuthnFactor: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION' | undefined,
): void {
  if (mfa !== 'required') return;
  const codes = factors.filter((factor) => factor === 'EMAIL_OTP' || factor === 'SMS_OTP');
  if (codes.length > 0) {
    throw new RangeError(
      `userAuthFactors cannot list ${codes.join(' or ')} with mfa 'required': Cognito offers no ` +
        'one-time-code sign-in in a user pool that requires MFA.',
    );
  }
  if (factors.includes('WEB_AUTHN') && webAuthnFactor !== 'MULTI_FACTOR_WITH_USER_VERIFICATION') {
    throw new RangeError(
      "userAuthFactors cannot list WEB_AUTHN with mfa 'required' unless webAuthn.factorConfiguration " +
        "is 'MULTI_FACTOR_WITH_USER_VERIFICATION' (a passkey that verifies the user counts as MFA).",
    );
  }
}

/** A `SELECT_CHALLENGE` answer's `ANSWER`, refused unless the challenge offered it. */
export function offeredAnswer(record: UserAuthRecord, responses: Record<string, unknown>): string {
  const answer = requireString(responses, 'ANSWER');
  if (!record.available?.includes(answer)) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Invalid ANSWER: not one of AvailableChallenges',
    );
  }
  return answer;
}

export function userIn(state: PoolState, username: string): FakeUser {
  const user = state.users[username];
  if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
  return user;
}

export function openRecord(
  state: PoolState,
  context: PoolContext,
  record: Partial<UserAuthRecord>,
) {
  const session = randomBase64url(192);
  state.userAuth ??= {};
  state.userAuth[session] = {
    username: '',
    challengeName: '',
    ...record,
    clientId: context.config.clientId,
    expiresAt: context.now() + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
  };
  return session;
}

/** Tokens after a code or a passkey: no MFA follows (As built: the account's state checked first). */
export function signedInWithoutPassword(state: PoolState, user: FakeUser, context: PoolContext) {
  if (user.status === 'UNCONFIRMED') {
    throw new CognitoApiError('UserNotConfirmedException', 'User is not confirmed.');
  }
  if (user.status === 'RESET_REQUIRED') {
    throw new CognitoApiError(
      'PasswordResetRequiredException',
      'Password reset required for the user',
    );
  }
  return signedInOutcome(state, user, {
    clientId: context.config.clientId,
    now: context.now(),
    refreshTokenLifetimeSeconds: context.config.refreshTokenLifetimeSeconds,
  });
}

/**
 * `InitiateAuth` `USER_AUTH` with `ConfirmSignUp`'s `Session` and `AuthParameters.USERNAME`: the
 * confirmed user's sign-in (MFA may follow); the session works once.
 */
export async function userAuthAfterSignUp(
  context: PoolContext,
  input: Record<string, unknown>,
): Promise<TrackedOutcome> {
  const parameters = (input.AuthParameters ?? {}) as Record<string, unknown>;
  const named = requireString(parameters, 'USERNAME');
  const signIn = signInContext(context);
  return context.store.transact((state) => {
    const username = usernameFor(state, named, context.config.signInNames);
    if (!takeSignUpSession(state, input.Session, username, 'confirmed', signIn.now)) {
      throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
    }
    const user = state.users[username];
    if (!user) throw new CognitoApiError('UserNotFoundException', USER_NOT_FOUND);
    return afterPasswordWithDevice(context, state, user, parameters.DEVICE_KEY, signIn);
  });
}
