/**
 * Cognito's lockout after wrong passwords (docs/cognito-wire.md section 3). Five wrong passwords
 * in a row lock the user out for 1 s, and each further wrong one doubles it: 2^(n−5) s after the
 * n-th, at most about 15 min. An attempt during a lockout is refused unseen ("Password attempts
 * exceeded", also with the right password) and does not lengthen the next lockout. The count
 * starts again after a right password outside a lockout, or after 15 minutes without an attempt.
 *
 * It counts every proof of a password: `USER_PASSWORD_AUTH`, SRP's `PASSWORD_VERIFIER` (also
 * inside custom authentication) and choice-based sign-in's `PASSWORD` and `PASSWORD_SRP`.
 */

import { requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolState } from './poolState.js';
import { INCORRECT_PASSWORD, type SignInContext } from './signIn.js';
import { usernameFor } from './usernames.js';

/** Cognito's answer to a sign-in during a lockout. */
export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

/** Wrong passwords in a row before the first lockout. */
export const FREE_PASSWORD_FAILURES = 5;

/** The longest lockout ("approximately 15 minutes"), and the quiet time that ends the count. */
export const LOCKOUT_LIMIT_MS = 15 * 60_000;

/** A user's run of wrong passwords. Times in ms on the pool clock. */
export interface PasswordAttempts {
  /** Wrong passwords counted, attempts refused during a lockout aside. */
  failures: number;
  /** The last attempt, refused ones included. */
  lastAttemptAt: number;
  /** Attempts before this time are refused unseen. */
  lockedUntil: number;
}

/** What an attempt was: a right or wrong password, or refused unseen during a lockout. */
export type PasswordVerdict = 'right' | 'wrong' | 'locked';

/**
 * The run after one attempt at `now` (pure). `undefined`: no run (a right password, or none yet).
 * @example
 * ```ts
 * nextPasswordAttempts(undefined, 0, false); // { attempts: { failures: 1, … }, verdict: 'wrong' }
 * ```
 */
export function nextPasswordAttempts(
  current: PasswordAttempts | undefined,
  now: number,
  isRight: boolean,
): { attempts: PasswordAttempts | undefined; verdict: PasswordVerdict } {
  const run = current && now - current.lastAttemptAt < LOCKOUT_LIMIT_MS ? current : undefined;
  if (run && now < run.lockedUntil) {
    return { attempts: { ...run, lastAttemptAt: now }, verdict: 'locked' };
  }
  if (isRight) return { attempts: undefined, verdict: 'right' };
  const failures = (run?.failures ?? 0) + 1;
  const lockMs =
    failures < FREE_PASSWORD_FAILURES
      ? 0
      : Math.min(2 ** (failures - FREE_PASSWORD_FAILURES) * 1000, LOCKOUT_LIMIT_MS);
  return {
    attempts: { failures, lastAttemptAt: now, lockedUntil: now + lockMs },
    verdict: 'wrong',
  };
}

/**
 * Counts one password attempt of `username` in `state`. It must not throw: the attempt is kept
 * even when the sign-in is refused (a throwing change aborts the pool's transaction).
 */
export function countPasswordAttempt(
  state: PoolState,
  username: string,
  isRight: boolean,
  now: number,
): PasswordVerdict {
  state.passwordAttempts ??= {};
  const runs = state.passwordAttempts;
  const { attempts, verdict } = nextPasswordAttempts(runs[username], now, isRight);
  if (attempts) runs[username] = attempts;
  else delete runs[username];
  return verdict;
}

/** Throws Cognito's answer to an attempt refused unseen, or to a wrong password. */
export function refuseUnlessRight(verdict: PasswordVerdict): void {
  if (verdict === 'locked') {
    throw new CognitoApiError('NotAuthorizedException', PASSWORD_ATTEMPTS_EXCEEDED);
  }
  if (verdict === 'wrong') throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
}

/**
 * Checks the username and password of `USER_PASSWORD_AUTH` and counts the attempt (`null` when
 * the username matches no user: userExistence.ts says what that gets); the caller
 * refuses the sign-in unless the verdict is `'right'`, then continues as after any password proof
 * (signIn.ts `afterPasswordCheck`) with `username`.
 */
export function checkPassword(
  state: PoolState,
  parameters: Record<string, unknown>,
  context: Pick<SignInContext, 'now' | 'signInNames'>,
): { verdict: PasswordVerdict; username: string } | null {
  const named = requireString(parameters, 'USERNAME');
  const password = requireString(parameters, 'PASSWORD');
  const user = state.users[usernameFor(state, named, context.signInNames)];
  if (!user) return null;
  const isRight = user.password === password;
  return {
    verdict: countPasswordAttempt(state, user.username, isRight, context.now),
    username: user.username,
  };
}
