import type { AccessTokenClaims, IdTokenClaims, RegisteredClaims } from './claimsTypes.js';
import type { SessionError } from './errors.js';

/** The tokens of one session. Without a refresh token the session ends at expiry (`expired`). */
export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
}

/** Why a session ended. */
export type SignOutReason = 'user' | 'expired' | 'revoked' | 'invalid' | 'otherTab';

/** What the app sees. Changed only by `reduceSession`; the same object until something changes. */
export type SessionState<Custom extends object = RegisteredClaims> =
  | { status: 'loading' }
  | { status: 'signedOut'; reason: SignOutReason | null }
  | SignedInState<Custom>;

/**
 * The tokens the state hands out: the ID and access token. The refresh token never leaves the
 * session (and storage, as `persist` allows): subscribers, hooks, devtools and state loggers see
 * only whether there is one (`hasRefreshToken`).
 */
export interface SessionTokens {
  idToken: string;
  accessToken: string;
}

/** A signed-in session. `error` is set while refreshes fail for transient reasons (degraded). */
export interface SignedInState<Custom extends object = RegisteredClaims> {
  status: 'signedIn';
  user: IdTokenClaims<Custom>;
  accessClaims: AccessTokenClaims;
  tokens: SessionTokens;
  /** Whether the session holds a refresh token (it stays inside the session). */
  hasRefreshToken: boolean;
  /** When the earliest of the ID and access tokens expires, in ms on the local clock. */
  expiresAt: number;
  /** Server clock minus local clock, measured from `iat` when the tokens arrived. */
  clockSkewMs: number;
  /**
   * When the next automatic refresh (or retry after a failure) is due, in ms on the local clock;
   * null when none is scheduled (`autoRefresh: false`, no refresh token, or the loop guard stopped it).
   */
  refreshAt: number | null;
  /**
   * True once `expiresAt` has passed with no new tokens yet: refreshes are failing and being
   * retried (see `error` and `refreshAt`), or `autoRefresh` is off. `getAccessToken()` refreshes
   * first; do not send these tokens anywhere.
   */
  expired: boolean;
  refreshing: boolean;
  error: SessionError | null;
}

/**
 * Token facts safe to hand to listeners: claims and times, never a token string.
 * (Event payloads must not carry tokens; read `getState().tokens` when you need them.)
 */
export interface TokenInfo {
  user: IdTokenClaims;
  accessClaims: AccessTokenClaims;
  expiresAt: number;
  hasRefreshToken: boolean;
  /** True when the provider answered with a new refresh token (rotation). */
  refreshTokenRotated: boolean;
}

/** The typed event map of a session (mitt underneath). */
export type SessionEvents = {
  signedIn: { user: IdTokenClaims };
  signedOut: { reason: SignOutReason };
  refreshed: { tokens: TokenInfo };
  refreshFailed: { error: SessionError; willRetry: boolean; retryInMs: number | null };
  tokensChanged: { source: 'setTokens' | 'refresh' | 'otherTab' };
  storageFallback: { error: SessionError };
  error: { error: SessionError };
};

/** Listener of `subscribe`: called after every state change with the new and the previous state. */
export type SessionListener = (state: SessionState, previous: SessionState) => void;
