import type { AccessTokenClaims, IdTokenClaims, RegisteredClaims } from './claimsTypes.js';
import type { SessionError } from './errors.js';

/** The tokens of one session. Without a refresh token the session ends at expiry (`expired`). */
export interface TokenSet {
  /** The ID token, a JWT: its claims become the session's `user`. */
  idToken: string;
  /** The access token APIs take as a bearer token: a JWT from Cognito, maybe opaque from OIDC. */
  accessToken: string;
  /** The opaque refresh token; in a provider's refresh answer, present only when it was rotated. */
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
  /** The current ID token (a JWT). */
  idToken: string;
  /** The current access token, to send as `Authorization: Bearer …`. */
  accessToken: string;
}

/** A signed-in session. `error` is set while refreshes fail for transient reasons (degraded). */
export interface SignedInState<Custom extends object = RegisteredClaims> {
  /** Always `'signedIn'`: what tells this state from `'loading'` and `'signedOut'`. */
  status: 'signedIn';
  /** The ID token's claims, typed with the custom claims the app registered. */
  user: IdTokenClaims<Custom>;
  /** The access token's claims (an opaque one's are the ID token's `sub`, `iss`, `exp`, `iat`). */
  accessClaims: AccessTokenClaims;
  /** The current ID and access tokens (never the refresh token). */
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
  /** True while this tab is refreshing the tokens, retries after transient failures included. */
  refreshing: boolean;
  /** The latest failed refresh since these tokens arrived (the session goes on); null when none. */
  error: SessionError | null;
}

/**
 * Token facts safe to hand to listeners: claims and times, never a token string.
 * (Event payloads must not carry tokens; read `getState().tokens` when you need them.)
 */
export interface TokenInfo {
  /** The new ID token's claims. */
  user: IdTokenClaims;
  /** The new access token's claims. */
  accessClaims: AccessTokenClaims;
  /** When the earliest of the ID and access tokens expires, in ms on the local clock. */
  expiresAt: number;
  /** Whether the session holds a refresh token (it stays inside the session). */
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
