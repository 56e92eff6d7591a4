import type { TokenSnapshot } from '../claims.js';
import type { AccessTokenClaims } from '../claimsTypes.js';
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
  /** OIDC `login_hint`: the user name the provider's sign-in page starts with. */
  loginHint?: string;
}

/** Where a provider's hosted sign-in lives, looked up when a redirect flow needs it. */
export interface HostedEndpoints {
  /** The authorization endpoint URL `signInWithRedirect` sends the browser to. */
  authorization: string;
  /** The token endpoint URL where `handleRedirectCallback` exchanges the code for tokens. */
  token: string;
  /** Ends the provider's own session: Cognito's `/logout`, or OIDC's `end_session_endpoint`. */
  logout?: { url: string; style: 'cognito' | 'oidc' };
}

/**
 * What the redirect flows (`signInWithRedirect`, `handleRedirectCallback`,
 * `signOutWithRedirect`) need from a provider: data and an endpoint lookup, no flow code, so a
 * session that never redirects does not ship it.
 */
export interface HostedSignIn {
  /** The client id sent with authorization, token and logout requests. */
  readonly clientId: string;
  /** Where the provider sends the user back, unless the call names another. */
  readonly defaultRedirectUri: string | undefined;
  /** Scopes asked for unless the call names others (`openid` is always added). */
  readonly defaultScopes: readonly string[];
  /** The query parameter naming a federated IdP to go to directly (Cognito: `identity_provider`). */
  readonly identityProviderParameter?: string;
  /** The query parameter naming a federated IdP by one of its identifiers (Cognito: `idp_identifier`). */
  readonly idpIdentifierParameter?: string;
  /**
   * The query parameter naming the sign-in page's language: Cognito's `lang`. Unset, OpenID
   * Connect's `ui_locales`.
   */
  readonly languageParameter?: string;
  /**
   * Finds the endpoints: Cognito's from `cognito({ domain })` (a `provider` error without one), an
   * OIDC provider's from its discovery document.
   */
  endpoints(context: ProviderContext): Promise<HostedEndpoints>;
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
 * The seam between the session and an identity provider: what refreshing, revoking and
 * validating tokens need. A new provider is a new file that implements this; the session never
 * changes for it. Sign-in flows are free functions that read what they need from the provider
 * (`hostedSignIn`, or Cognito's own settings), so they are not part of this contract.
 */
export interface IdentityProvider {
  /** Default storage key and lock/channel name, e.g. `cognito:<userPoolId>:<clientId>`. */
  readonly id: string;
  /**
   * Trades a refresh token for new tokens. Resolves with the new ID and access tokens and,
   * when the provider rotated it, a new refresh token (absent otherwise: the store keeps the old).
   * Rejects with a SessionError whose code and `retryable`/`signOutReason` say what it means.
   * `accessClaims` are the current access token's claims, when the session has one (Cognito
   * sends their `device_key` with the refresh).
   */
  refresh(
    refreshToken: string,
    context: ProviderContext,
    accessClaims?: AccessTokenClaims,
  ): Promise<TokenSet>;
  /** Revokes the session's refresh token. */
  revoke(tokens: TokenSet, snapshot: TokenSnapshot, context: ProviderContext): Promise<void>;
  /** Throws `invalid_token` unless the claims belong to this provider and client. */
  validate(snapshot: TokenSnapshot, expected?: { nonce?: string }): void;
  /** True when access tokens may be opaque (OIDC); Cognito's are always JWTs. */
  readonly opaqueAccessTokens?: boolean;
  /** The hosted sign-in, where the provider has one. */
  readonly hostedSignIn?: HostedSignIn;
}
