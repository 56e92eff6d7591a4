/**
 * `USER_PASSWORD_AUTH` and its challenges as pure changes of {@link PoolState}. Errors are thrown
 * as {@link CognitoApiError}, which also aborts the transaction: a wrong MFA code leaves the
 * challenge session usable for another try, as Cognito does.
 */

import { requireNewPasswordAttributes } from './attributeRules.js';
import { randomBase64url } from './base64url.js';
import { requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import {
  answerMfaChallenge,
  pendingMfaChallenge,
  prepareMfaChallenge,
  type TotpProof,
} from './mfaChallenges.js';
import { type PoolMfaConfig, resolveMfaConfig } from './mfaPolicy.js';
import { answerNewPassword, newPasswordParameters } from './newPassword.js';
import {
  isTemporaryPasswordExpired,
  type ResolvedPasswordPolicy,
  TEMPORARY_PASSWORD_EXPIRED,
} from './passwordPolicy.js';
import type { ChallengeRecord, PoolState, RefreshTokenRecord } from './poolState.js';
import { registerSignIn } from './refreshTokens.js';
import { spendSession, unknownSession } from './spentSessions.js';
import { ADMIN_SCOPE } from './tokenClaims.js';
import { type SignInNames, usernameFor } from './usernames.js';

/** How long a challenge `Session` lives: the app client's `AuthSessionValidity` default, 3 min. */
export const CHALLENGE_SESSION_LIFETIME_SECONDS = 180;

/** The challenges that follow a password check (`PASSWORD_VERIFIER` is the check itself). */
type ChallengeName = Exclude<ChallengeRecord['challengeName'], 'PASSWORD_VERIFIER'>;

/** What a sign-in step ends in: tokens, or the next challenge. */
export type SignInOutcome =
  | { kind: 'tokens'; user: FakeUser; refreshToken: string; record: RefreshTokenRecord }
  | {
      kind: 'challenge';
      challengeName: ChallengeName;
      session: string;
      parameters: Record<string, string>;
    };

/** The app client and clock of a sign-in step. */
export interface SignInContext {
  clientId: string;
  /** Pool clock in ms. */
  now: number;
  refreshTokenLifetimeSeconds: number;
  /** The pool's MFA configuration. @default MFA off (a user's own factors still challenged) */
  mfa?: PoolMfaConfig;
  /** The pool's password policy, for `NEW_PASSWORD_REQUIRED`. */
  passwordPolicy: ResolvedPasswordPolicy;
  /** The pool's required attributes, for `NEW_PASSWORD_REQUIRED`. */
  requiredAttributes: readonly string[];
  /** What the app client may write (`null`: every attribute), for `NEW_PASSWORD_REQUIRED`. */
  writeAttributes?: readonly string[] | null;
  /** What users may sign in with besides the username. */
  signInNames: SignInNames;
}

const MFA_OFF = resolveMfaConfig();

/** Cognito's answer to an expired or unknown challenge `Session`. */
export const INVALID_SESSION = 'Invalid session for the user, session is expired.';

/** Cognito's answer to a sign-in or refresh of a disabled user (docs/cognito-wire.md section 7). */
export const USER_DISABLED = 'User is disabled.';

/** Cognito's answer to a wrong password (docs/cognito-wire.md section 3). */
export const INCORRECT_PASSWORD = 'Incorrect username or password.';

/**
 * The step after a user proved the password (`USER_PASSWORD_AUTH`, or SRP's `PASSWORD_VERIFIER`):
 * the account's state, then MFA, a new password, or tokens.
 */
export function afterPasswordCheck(
  state: PoolState,
  user: FakeUser,
  context: SignInContext,
): SignInOutcome {
  // Cognito reveals these states only to a caller who knows the password.
  if (user.isDisabled) throw new CognitoApiError('NotAuthorizedException', USER_DISABLED);
  if (user.status === 'UNCONFIRMED') {
    throw new CognitoApiError('UserNotConfirmedException', 'User is not confirmed.');
  }
  if (user.status === 'RESET_REQUIRED') {
    throw new CognitoApiError(
      'PasswordResetRequiredException',
      'Password reset required for the user',
    );
  }
  if (
    user.status === 'FORCE_CHANGE_PASSWORD' &&
    isTemporaryPasswordExpired(user, context.passwordPolicy, context.now)
  ) {
    throw new CognitoApiError('NotAuthorizedException', TEMPORARY_PASSWORD_EXPIRED);
  }
  return nextStep(state, user, context);
}

/** Answers a challenge (`RespondToAuthChallenge`); the `Session` is single-use on success. */
export function respondToChallenge(
  state: PoolState,
  request: {
    challengeName: unknown;
    session: unknown;
    responses: Record<string, unknown>;
    /** `SOFTWARE_TOKEN_MFA` with a real authenticator: the codes accepted now. */
    totp?: TotpProof | null;
  },
  context: SignInContext,
): SignInOutcome {
  const session = typeof request.session === 'string' ? request.session : '';
  const challenge = state.challenges[session];
  if (!challenge) throw unknownSession(state, session, context.now);
  if (
    challenge.clientId !== context.clientId ||
    challenge.expiresAt <= context.now ||
    challenge.challengeName !== request.challengeName
  ) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  // PASSWORD_VERIFIER is answered by srpSignIn.ts, never here.
  const challengeName = challenge.challengeName;
  if (challengeName === 'PASSWORD_VERIFIER') {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  const named = requireString(request.responses, 'USERNAME');
  const user = state.users[challenge.username];
  if (!user || usernameFor(state, named, context.signInNames) !== user.username) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }

  if (challengeName === 'NEW_PASSWORD_REQUIRED') {
    const newPassword = requireString(request.responses, 'NEW_PASSWORD');
    requireNewPasswordAttributes(user, request.responses, context.writeAttributes ?? null);
    answerNewPassword(user, request.responses, context, newPassword);
  } else {
    const chosen = answerMfaChallenge(
      { ...challenge, challengeName },
      user,
      request.responses,
      request.totp ?? null,
      context.mfa ?? MFA_OFF,
    );
    if (chosen) {
      delete state.challenges[session];
      spendSession(state, session, challenge.expiresAt, context.now);
      return openChallenge(state, user, context, chosen.next, chosen.record);
    }
  }
  delete state.challenges[session];
  spendSession(state, session, challenge.expiresAt, context.now);
  return nextStep(state, user, context, challengeName);
}

/**
 * A sign-in's last step: registers it (a refresh token for this client, the admin scope of
 * sign-ins through the JSON API) and gives the tokens outcome.
 */
export function signedInOutcome(
  state: PoolState,
  user: FakeUser,
  client: Pick<SignInContext, 'clientId' | 'now' | 'refreshTokenLifetimeSeconds'>,
): Extract<SignInOutcome, { kind: 'tokens' }> {
  // Every way of signing in through the JSON API ends here, also those without a password.
  if (user.isDisabled) throw new CognitoApiError('NotAuthorizedException', USER_DISABLED);
  const { refreshToken, record } = registerSignIn(state, {
    username: user.username,
    clientId: client.clientId,
    scopes: [ADMIN_SCOPE],
    now: client.now,
    refreshTokenLifetimeSeconds: client.refreshTokenLifetimeSeconds,
  });
  return { kind: 'tokens', user, refreshToken, record };
}

function nextStep(
  state: PoolState,
  user: FakeUser,
  context: SignInContext,
  answered?: ChallengeName,
): SignInOutcome {
  const challengeName = pendingChallenge(user, context, answered);
  if (challengeName) return openChallenge(state, user, context, challengeName);
  return signedInOutcome(state, user, context);
}

/** Whether a user who just proved the password owes a step first: a new password, or MFA. */
export function owesChallenge(user: FakeUser, context: SignInContext): boolean {
  return pendingChallenge(user, context) !== null;
}

function pendingChallenge(
  user: FakeUser,
  context: SignInContext,
  answered?: ChallengeName,
): ChallengeName | null {
  if (user.status === 'FORCE_CHANGE_PASSWORD') return 'NEW_PASSWORD_REQUIRED';
  // An MFA challenge answered ends MFA; a new password leads into it.
  if (answered && answered !== 'NEW_PASSWORD_REQUIRED') return null;
  return pendingMfaChallenge(user, context.mfa ?? MFA_OFF);
}

/** Opens a challenge under a new `Session` (an SMS or email code is sent as it opens). */
function openChallenge(
  state: PoolState,
  user: FakeUser,
  context: SignInContext,
  challengeName: ChallengeName,
  extra: Partial<ChallengeRecord> = {},
): SignInOutcome {
  const session = randomBase64url(192);
  const mfa =
    challengeName === 'NEW_PASSWORD_REQUIRED'
      ? null
      : prepareMfaChallenge(state, user, challengeName, {
          mfa: context.mfa ?? MFA_OFF,
          now: context.now,
        });
  state.challenges[session] = {
    username: user.username,
    clientId: context.clientId,
    challengeName,
    expiresAt: context.now + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
    ...mfa?.record,
    ...extra,
  };
  return {
    kind: 'challenge',
    challengeName,
    session,
    parameters: {
      USER_ID_FOR_SRP: user.username,
      ...(mfa?.parameters ?? newPasswordParameters(user, context.requiredAttributes)),
    },
  };
}
