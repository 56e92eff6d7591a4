import type { TokenSnapshot } from '../claims.js';
import type { TokenSet } from '../types.js';

/** What a provider gets for each network call. */
export interface ProviderContext {
  /** The session's fetch, looked up at call time (MSW-friendly). */
  fetch: typeof fetch;
  /** Aborted on timeout, sign-out and dispose. */
  signal: AbortSignal;
  /** The session's clock (ms), for `Retry-After` dates. */
  now: () => number;
}

/**
 * The seam between the store and an identity provider. A new provider is a new file that
 * implements this; the store never changes for it.
 */
export interface SessionProvider {
  /** Default storage key and lock/channel name, e.g. `cognito:<userPoolId>:<clientId>`. */
  readonly id: string;
  /**
   * Trades a refresh token for new tokens. Resolves with the new ID and access tokens and,
   * when the provider rotated it, a new refresh token (absent otherwise: the store keeps the old).
   * Rejects with a SessionError whose code and `retryable`/`signOutReason` say what it means.
   */
  refresh(refreshToken: string, context: ProviderContext): Promise<TokenSet>;
  /** Revokes the session's refresh token. */
  revoke(tokens: TokenSet, snapshot: TokenSnapshot, context: ProviderContext): Promise<void>;
  /** Throws `invalid_token` unless the claims belong to this provider and client. */
  validate(snapshot: TokenSnapshot, expected?: { nonce?: string }): void;
}
