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

/** What goes into an authorization request (authorization code flow with PKCE S256). */
export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
  scopes: readonly string[];
  /** Cognito: a federated IdP name to go to directly (`identity_provider`). */
  identityProvider?: string;
  /** `login`, `none`, `consent`, `select_account`. */
  prompt?: string;
}

/** The hosted sign-in of a provider: Cognito's managed login, or an OIDC provider's. */
export interface RedirectSignIn {
  /** Where the provider sends the user back, unless the call names another. */
  readonly defaultRedirectUri: string | undefined;
  /** Scopes asked for unless the call names others (`openid` is always added). */
  readonly defaultScopes: readonly string[];
  authorizationUrl(request: AuthorizationRequest, context: ProviderContext): Promise<string>;
  exchangeCode(
    code: string,
    codeVerifier: string,
    redirectUri: string,
    context: ProviderContext,
  ): Promise<TokenSet>;
  /** The URL that ends the provider's own session, or undefined when it has none. */
  logoutUrl(
    request: { idToken: string; returnTo: string },
    context: ProviderContext,
  ): Promise<string | undefined>;
}

/** One step of a password sign-in: tokens, or a challenge to answer with its provider session. */
export type PasswordSignInStep =
  | { kind: 'tokens'; tokens: TokenSet }
  | {
      kind: 'challenge';
      name: string;
      parameters: Record<string, unknown>;
      /** The provider's challenge session (Cognito `Session`); never shown to the app. */
      session: string;
      username: string;
    };

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
  /** True when access tokens may be opaque (OIDC); Cognito's are always JWTs. */
  readonly opaqueAccessTokens?: boolean;
  /** Hosted sign-in with a redirect, where the provider has it. */
  readonly redirect?: RedirectSignIn;
  /** Password sign-in, where the provider has it (Cognito `USER_PASSWORD_AUTH`). */
  signInWithPassword?(
    username: string,
    password: string,
    context: ProviderContext,
  ): Promise<PasswordSignInStep>;
  /** Answers a challenge of {@link SessionProvider.signInWithPassword}. */
  respondToChallenge?(
    challenge: Extract<PasswordSignInStep, { kind: 'challenge' }>,
    answers: Record<string, string>,
    context: ProviderContext,
  ): Promise<PasswordSignInStep>;
}
