import type {
  PasswordSignInResult,
  RedirectCallbackResult,
  RedirectSignInOptions,
} from './signInFlows.js';
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
  /**
   * Then end the provider's own session too (Cognito `/logout`, OIDC `end_session_endpoint`),
   * so the next redirect sign-in asks for credentials again. @default false
   */
  redirect?: boolean;
  /** Where the provider sends the user after its logout. @default this page's origin */
  returnTo?: string;
  /** Performs the navigation. @default `location.assign(url)` */
  navigate?: (url: string) => void | Promise<void>;
}

/**
 * A signed-in (or not) user's session: tokens, their refresh, and what the app observes.
 * Create it once per app with {@link createSession}.
 */
export interface Session {
  /** Resolves once the stored session has been read (or found absent or unusable). Never rejects. */
  readonly ready: Promise<void>;
  /** The current state; the same object until something changes (safe for `useSyncExternalStore`). */
  getState(): SessionState;
  /** Calls `listener(state, previous)` after every state change. Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void;
  /** Listens to a typed event. Payloads never contain token strings. */
  on<Type extends keyof SessionEvents>(
    type: Type,
    handler: (payload: SessionEvents[Type]) => void,
  ): void;
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
  /**
   * Signs in with a username and password (Cognito `USER_PASSWORD_AUTH`). Resolves
   * `{ status: 'signedIn' }`, or `{ status: 'challenge', name, parameters, respond }` for MFA or a
   * new password; rejects with `invalid_grant` (wrong credentials), `challenge`, `rate_limited`…
   */
  signInWithPassword(username: string, password: string): Promise<PasswordSignInResult>;
  /**
   * Starts a hosted sign-in: authorization code with PKCE (S256), random `state` and `nonce` kept
   * in sessionStorage, then navigates to the provider.
   */
  signInWithRedirect(options?: RedirectSignInOptions): Promise<void>;
  /**
   * Finishes a hosted sign-in on the callback page (default: the current URL): checks `state`,
   * exchanges the code, checks the ID token's `nonce`, removes the parameters from the address
   * bar, and resolves with the user and the `appState`. Rejects with `state_mismatch` for a
   * foreign or replayed callback and with `provider` for an error the provider sent back.
   */
  handleRedirectCallback(url?: string | URL): Promise<RedirectCallbackResult>;
  /** Clears memory and storage, then revokes the refresh token (unless `revoke: false`). */
  signOut(options?: SignOutOptions): Promise<void>;
  /** `fetch` with the bearer access token for allowed origins only; refreshes and retries once on 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Stops timers and listeners; pending promises settle. The session is unusable afterwards. */
  dispose(): void;
}
