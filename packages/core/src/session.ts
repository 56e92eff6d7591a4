import type { SessionEvents, SessionListener, SessionState, TokenSet } from './types.js';

/** Options of `getAccessToken` and `getIdToken`. */
export interface TokenRequestOptions {
  /** The token must stay valid at least this long; refreshes first otherwise. @default 0 */
  minValiditySeconds?: number;
}

/** Options of `signOut`. */
export interface SignOutOptions {
  /** Revoke the refresh token at the provider. Failures do not block sign-out. @default true */
  revoke?: boolean;
}

/**
 * A signed-in (or not) user's session: tokens, their refresh, and what the app observes.
 * Create it once per app with `createSession`. Sign-in flows and the authorised fetch are free
 * functions that take it (`signInWithPassword(session, …)`), so an app ships only those it imports.
 */
export interface Session {
  /** Resolves once the stored session has been read (or found absent or unusable). Never rejects. */
  readonly ready: Promise<void>;
  /** The current state; the same object until something changes (safe for `useSyncExternalStore`). */
  getState(): SessionState;
  /** Calls `listener(state, previous)` after every state change. Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void;
  /** Listens to a typed event. Payloads never contain token strings. Returns the unsubscribe function. */
  on<Type extends keyof SessionEvents>(
    type: Type,
    handler: (payload: SessionEvents[Type]) => void,
  ): () => void;
  /** Stops a handler given to {@link Session.on}. */
  off<Type extends keyof SessionEvents>(
    type: Type,
    handler: (payload: SessionEvents[Type]) => void,
  ): void;
  /**
   * Adopts tokens from any sign-in: validates them (rejects with `invalid_token`, changing
   * nothing), persists them, schedules their refresh. Wins over a refresh in flight.
   */
  setTokens(tokens: TokenSet): Promise<SessionState>;
  /** An access token valid for at least `minValiditySeconds`; refreshes if needed (one request for all callers). */
  getAccessToken(options?: TokenRequestOptions): Promise<string>;
  /** Same as {@link Session.getAccessToken}, for the ID token. */
  getIdToken(options?: TokenRequestOptions): Promise<string>;
  /** Refreshes now; concurrent calls share one request. Rejects when the refresh fails. */
  refresh(): Promise<SessionState>;
  /** Clears memory and storage, then revokes the refresh token (unless `revoke: false`). */
  signOut(options?: SignOutOptions): Promise<void>;
  /** Stops timers and listeners; pending promises settle. The session is unusable afterwards. */
  dispose(): void;
}
