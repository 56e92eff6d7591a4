/**
 * Challenge `Session`s already answered, kept until they would have expired, so that a second
 * answer under one is refused as Cognito words it: "Invalid session for the user, session can
 * only be used once." (seen on a real pool; docs/cognito-wire.md section 9). A `Session` the pool
 * never gave, or one past its lifetime, stays "… session is expired.".
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolState } from './poolState.js';
import { INVALID_SESSION } from './signIn.js';

/** Cognito's answer to a challenge `Session` answered before. */
export const SESSION_USED = 'Invalid session for the user, session can only be used once.';

/** Records `session` as answered until `expiresAt` (pool clock, ms); forgets expired ones. */
export function spendSession(state: PoolState, session: string, expiresAt: number, now: number) {
  state.spentSessions ??= {};
  const spent = state.spentSessions;
  for (const [key, until] of Object.entries(spent)) if (until <= now) delete spent[key];
  spent[session] = expiresAt;
}

/** The refusal of a `Session` the pool has no challenge for: used once already, or not valid. */
export function unknownSession(state: PoolState, session: unknown, now: number): CognitoApiError {
  const until = typeof session === 'string' ? state.spentSessions?.[session] : undefined;
  const used = until !== undefined && until > now;
  return new CognitoApiError('NotAuthorizedException', used ? SESSION_USED : INVALID_SESSION);
}
