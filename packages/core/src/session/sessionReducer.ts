import type { TokenSnapshot } from '../claims.js';
import type { SessionError } from '../errors.js';
import type { SessionState, SignOutReason } from '../types.js';

/** Everything that can change a session's state. */
export type SessionAction =
  | { type: 'signedOut'; reason: SignOutReason | null }
  | { type: 'tokensAdopted'; snapshot: TokenSnapshot; refreshAt: number | null; now: number }
  /** The tokens' expiry passed and no new ones came (refreshes failing, or none automatic). */
  | { type: 'tokensExpired' }
  | { type: 'refreshStarted' }
  /** `refreshAt` is when the background tries again; absent: unchanged. */
  | { type: 'refreshSettled'; error: SessionError | null; refreshAt?: number | null }
  | { type: 'errorRaised'; error: SessionError };

/** The state before the stored session has been read. */
export const LOADING_STATE: SessionState = Object.freeze({ status: 'loading' });

/**
 * The only place a session's state changes. Pure: returns `state` itself when the action changes
 * nothing, so `getState()` stays referentially stable for `useSyncExternalStore`.
 *
 * Session status and "refresh in flight" are separate axes: adopting new tokens keeps
 * `refreshing` as it is, because a refresh may still be running (its result will then lose).
 */
export function reduceSession(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'signedOut':
      if (state.status === 'signedOut' && state.reason === action.reason) return state;
      return { status: 'signedOut', reason: action.reason };
    case 'tokensAdopted': {
      const { snapshot } = action;
      return {
        status: 'signedIn',
        user: snapshot.user,
        accessClaims: snapshot.accessClaims,
        // Never the refresh token: state reaches every subscriber, hook and logger.
        tokens: { idToken: snapshot.tokens.idToken, accessToken: snapshot.tokens.accessToken },
        hasRefreshToken: snapshot.tokens.refreshToken !== undefined,
        expiresAt: snapshot.expiresAt,
        clockSkewMs: snapshot.clockSkewMs,
        refreshAt: action.refreshAt,
        expired: snapshot.expiresAt <= action.now,
        refreshing: state.status === 'signedIn' ? state.refreshing : false,
        error: null,
      };
    }
    case 'tokensExpired':
      if (state.status !== 'signedIn' || state.expired) return state;
      return { ...state, expired: true };
    case 'refreshStarted':
      if (state.status !== 'signedIn' || state.refreshing) return state;
      return { ...state, refreshing: true };
    case 'refreshSettled': {
      if (state.status !== 'signedIn') return state;
      const refreshAt = action.refreshAt === undefined ? state.refreshAt : action.refreshAt;
      const error = action.error ?? state.error;
      if (!state.refreshing && state.error === error && state.refreshAt === refreshAt) return state;
      return { ...state, refreshing: false, error, refreshAt };
    }
    case 'errorRaised':
      if (state.status !== 'signedIn' || state.error === action.error) return state;
      return { ...state, error: action.error };
  }
}
