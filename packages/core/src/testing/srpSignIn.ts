/**
 * `USER_SRP_AUTH` on the pool's side, verified for real (docs/cognito-wire.md section 7): `InitiateAuth`
 * answers `PASSWORD_VERIFIER` with B computed from the user's password, and the
 * `RespondToAuthChallenge` answer is accepted only when its signature proves that password. The
 * pool stores passwords in plain text, so it computes the verifier from them at each sign-in.
 *
 * As Cognito does (observed by clients, not in AWS's reference): the challenge carries no
 * `Session`, the `SECRET_BLOCK` binds the answer to it; a wrong password, signature or secret
 * block, a padded day or a wrong weekday in `TIMESTAMP` all answer "Incorrect username or
 * password."; a `TIMESTAMP` that does not follow the pattern at all is an
 * `InvalidParameterException`.
 */

import { srpPoolName } from '../providers/cognito/srp.js';
import {
  bytesToBase64,
  bytesToHex,
  hexToBigInt,
  mod,
  SRP_N,
  sha256,
  utf8,
} from '../providers/cognito/srpMath.js';
import {
  computeVerifier,
  createSrpServerKeys,
  isCanonicalSrpTimestamp,
  parseSrpTimestamp,
  verifyPasswordClaim,
} from '../providers/cognito/srpServer.js';
import { requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { afterPasswordWithDevice } from './deviceHandlers.js';
import type { TrackedOutcome } from './devices.js';
import type { FakeUser } from './fakePoolTypes.js';
import { countPasswordAttempt, PASSWORD_ATTEMPTS_EXCEEDED } from './passwordAttempts.js';
import type { PoolContext } from './poolContext.js';
import {
  CHALLENGE_SESSION_LIFETIME_SECONDS,
  INCORRECT_PASSWORD,
  INVALID_SESSION,
} from './signIn.js';
import {
  hidesUserExistence,
  simulatedPasswordVerifier,
  unknownUserSignIn,
} from './userExistence.js';
import { usernameFor } from './usernames.js';

/** Bytes of the random `SECRET_BLOCK` (Cognito's is an opaque blob of about 1.7 kB). */
const SECRET_BLOCK_BYTES = 96;

/** Bytes of a user's salt. */
const SALT_BYTES = 16;

/**
 * The user's SRP salt as hex: stable per user (it depends on the pool, username and `sub`), and
 * different between users.
 */
export async function userSalt(userPoolId: string, user: Pick<FakeUser, 'username' | 'sub'>) {
  const digest = await sha256(utf8(`srp-salt\n${userPoolId}\n${user.username}\n${user.sub}`));
  return bytesToHex(digest.slice(0, SALT_BYTES));
}

/**
 * The client's `SRP_A`, refused before any user or session is looked at when it is not hex or is
 * 0 mod N: SRP-6a has the server abort on such an A, whose S is 0 whatever the password, so a
 * proof signed with that S would need no password (wording unconfirmed).
 */
export function readSrpA(input: Record<string, unknown>): string {
  const srpA = requireString(input, 'SRP_A');
  if (!/^[0-9a-fA-F]+$/.test(srpA)) {
    throw new CognitoApiError('InvalidParameterException', 'SRP_A is not a valid hex string');
  }
  if (mod(hexToBigInt(srpA), SRP_N) === 0n) {
    throw new CognitoApiError('InvalidParameterException', 'SRP_A mod N must not be 0');
  }
  return srpA;
}

/** `InitiateAuth` `USER_SRP_AUTH`: the `PASSWORD_VERIFIER` challenge, as the answer body. */
export async function startSrpSignIn(
  context: PoolContext,
  parameters: Record<string, unknown>,
  customAuth = false,
): Promise<{
  ChallengeName: 'PASSWORD_VERIFIER';
  ChallengeParameters: Record<
    'SALT' | 'SECRET_BLOCK' | 'SRP_B' | 'USERNAME' | 'USER_ID_FOR_SRP',
    string
  >;
}> {
  const username = requireString(parameters, 'USERNAME');
  const srpA = readSrpA(parameters);
  const { user, named } = await context.store.transact((state) => {
    const named = usernameFor(state, username, context.config.signInNames);
    return { user: state.users[named] ?? null, named };
  });
  if (!user && hidesUserExistence(context)) {
    return simulatedPasswordVerifier(context, named);
  }
  if (!user) return unknownUserSignIn(context);

  const { userPoolId } = context.config;
  const salt = await userSalt(userPoolId, user);
  const v = await computeVerifier(
    hexToBigInt(salt),
    srpPoolName(userPoolId),
    user.username,
    user.password,
  );
  const { b, B } = await createSrpServerKeys(v);
  const secretBlock = bytesToBase64(
    globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BLOCK_BYTES)),
  );
  const now = context.now();
  await context.store.transact((state) => {
    state.challenges[secretBlock] = {
      username: user.username,
      clientId: context.config.clientId,
      challengeName: 'PASSWORD_VERIFIER',
      expiresAt: now + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
      srp: { A: srpA, b: b.toString(16), B: B.toString(16), salt, secretBlock },
      ...(typeof parameters.DEVICE_KEY === 'string' ? { deviceKey: parameters.DEVICE_KEY } : {}),
      ...(customAuth ? { customAuth } : {}),
    };
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: B.toString(16),
      USERNAME: user.username,
      USER_ID_FOR_SRP: user.username,
    },
  };
}

/**
 * The password claim of a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` answer, refused as
 * Cognito refuses a missing field or a malformed `TIMESTAMP`.
 */
export function readPasswordClaim(responses: Record<string, unknown>) {
  const claim = {
    username: requireString(responses, 'USERNAME'),
    secretBlock: requireString(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'),
    signature: requireString(responses, 'PASSWORD_CLAIM_SIGNATURE'),
    timestamp: requireString(responses, 'TIMESTAMP'),
  };
  if (parseSrpTimestamp(claim.timestamp) === null) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    );
  }
  return claim;
}

/** A `PASSWORD_VERIFIER` answer, checked: whose it was, and whether it proved the password. */
export interface CheckedPasswordClaim {
  user: FakeUser;
  isProven: boolean;
  /** The answer's `DEVICE_KEY`, else the one the sign-in started with (devices.ts). */
  deviceKey: unknown;
}

/**
 * Checks a `PASSWORD_VERIFIER` answer's claim and spends its challenge, also when the password was
 * wrong. Refuses an unknown, used, expired or other client's challenge, one of another kind of
 * sign-in (`customAuth`: a custom sign-in's, or not), and an answer naming another user; a wrong
 * proof is `isProven: false` (the caller decides what that means).
 */
export async function checkPasswordVerifier(
  context: PoolContext,
  responses: Record<string, unknown>,
  customAuth = false,
): Promise<CheckedPasswordClaim> {
  const { username, secretBlock, signature, timestamp } = readPasswordClaim(responses);
  const now = context.now();
  const found = await context.store.transact((state) => {
    const challenge = state.challenges[secretBlock];
    if (!challenge?.srp || challenge.challengeName !== 'PASSWORD_VERIFIER') return null;
    const isOtherKind = (challenge.customAuth ?? false) !== customAuth;
    if (
      challenge.clientId !== context.config.clientId ||
      challenge.expiresAt <= now ||
      isOtherKind
    ) {
      throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
    }
    const user = state.users[challenge.username];
    const named = usernameFor(state, username, context.config.signInNames);
    return user && user.username === named ? { srp: challenge.srp, user } : null;
  });
  if (!found) throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);

  const { srp, user } = found;
  const poolName = srpPoolName(context.config.userPoolId);
  const v = await computeVerifier(hexToBigInt(srp.salt), poolName, user.username, user.password);
  // The server signs the canonical form of the time it read: a padded day or a wrong weekday
  // makes a signature that cannot match.
  // A user without a password (passwordlessSignUp.ts) has nothing to prove.
  const isProven =
    user.password !== '' &&
    isCanonicalSrpTimestamp(timestamp) &&
    (await verifyPasswordClaim({
      A: hexToBigInt(srp.A),
      B: hexToBigInt(srp.B),
      b: hexToBigInt(srp.b),
      v,
      poolName,
      userId: user.username,
      secretBlock: srp.secretBlock,
      timestamp,
      signature,
    }));
  const { challenge, verdict } = await context.store.transact((state) => {
    const unused = state.challenges[secretBlock];
    delete state.challenges[secretBlock];
    return {
      challenge: unused,
      verdict: unused && countPasswordAttempt(state, user.username, isProven, now),
    };
  });
  if (!challenge) throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  // A wrong proof is the caller's to refuse (custom authentication tells its define trigger).
  if (verdict === 'locked') {
    throw new CognitoApiError('NotAuthorizedException', PASSWORD_ATTEMPTS_EXCEEDED);
  }
  return { user, isProven, deviceKey: responses.DEVICE_KEY ?? challenge.deviceKey };
}

/**
 * `RespondToAuthChallenge` `PASSWORD_VERIFIER` of `USER_SRP_AUTH` (and `USER_AUTH`'s
 * `PASSWORD_SRP`): checks the claim, then continues as after `USER_PASSWORD_AUTH` (account state,
 * MFA, new password, tokens). The challenge is single-use, also when the password was wrong.
 */
export async function answerPasswordVerifier(
  context: PoolContext,
  responses: Record<string, unknown>,
): Promise<TrackedOutcome> {
  const { user, isProven, deviceKey } = await checkPasswordVerifier(context, responses);
  if (!isProven) throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  return context.store.transact((state) => {
    const current = state.users[user.username];
    if (!current) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    return afterPasswordWithDevice(context, state, current, deviceKey);
  });
}
