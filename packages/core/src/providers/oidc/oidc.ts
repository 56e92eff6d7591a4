import type { TokenSnapshot } from '../../claims.js';
import { SessionError } from '../../errors.js';
import { invalidResponse, send, stringField } from '../http.js';
import { oauthError, postForm, readOAuthTokens } from '../oauth2.js';
import type { IdentityProvider, ProviderContext } from '../types.js';

/** Options of {@link oidc}. */
export interface OidcOptions {
  /** The issuer URL, exactly as the ID tokens' `iss` and the discovery document say it. */
  issuer: string;
  /** A public client (no secret) registered at the provider. */
  clientId: string;
  /** Where the provider sends the user back after sign-in. */
  redirectUri: string;
  /** @default ['openid', 'profile', 'email', 'offline_access'] */
  scopes?: string[];
}

/** The endpoints sessionkit uses from the discovery document. */
export interface OidcDiscovery {
  /** The issuer the document names; checked to be exactly the provider's `issuer`. */
  issuer: string;
  /** Where `signInWithRedirect` sends the browser to sign in. */
  authorization_endpoint: string;
  /** Where codes are exchanged and refresh tokens traded for new tokens. */
  token_endpoint: string;
  /** Where sign-out revokes the refresh token; absent: sign-out revokes nothing. */
  revocation_endpoint?: string;
  /** Where `signOutWithRedirect` ends the provider's session; absent: it signs out locally only. */
  end_session_endpoint?: string;
}

/** The OIDC provider: what it exposes beyond {@link IdentityProvider}. */
export interface OidcProvider extends IdentityProvider {
  /** Always `'oidc'`: what tells this provider from a `cognito()` one. */
  readonly kind: 'oidc';
  /** The `issuer` option: the URL the tokens' `iss` and the discovery document must name. */
  readonly issuer: string;
  /** The `clientId` option: the public client the ID tokens' `aud` must include. */
  readonly clientId: string;
  /** Reads (once, then from memory) the provider's discovery document. */
  discover(context: ProviderContext): Promise<OidcDiscovery>;
}

function readDiscovery(json: unknown, issuer: string): OidcDiscovery {
  const discoveredIssuer = stringField(json, 'issuer');
  const authorization = stringField(json, 'authorization_endpoint');
  const token = stringField(json, 'token_endpoint');
  if (!discoveredIssuer || !authorization || !token) {
    throw new SessionError(
      'invalid_response',
      'The discovery document lacks issuer, authorization_endpoint or token_endpoint.',
    );
  }
  // OpenID Connect Discovery 1.0, section 4.3: the document must be the issuer's own.
  if (discoveredIssuer !== issuer) {
    throw new SessionError(
      'provider',
      `The discovery document is for issuer ${discoveredIssuer}, not ${issuer}.`,
    );
  }
  const discovery: OidcDiscovery = {
    issuer: discoveredIssuer,
    authorization_endpoint: authorization,
    token_endpoint: token,
  };
  const revocation = stringField(json, 'revocation_endpoint');
  const endSession = stringField(json, 'end_session_endpoint');
  if (revocation) discovery.revocation_endpoint = revocation;
  if (endSession) discovery.end_session_endpoint = endSession;
  return discovery;
}

function fail(message: string): never {
  throw new SessionError('invalid_token', message);
}

/** OpenID Connect Core section 3.1.3.7 checks of an ID token, plus the access token's issuer. */
function validateOidcClaims(
  snapshot: TokenSnapshot,
  issuer: string,
  clientId: string,
  nonce: string | undefined,
): void {
  const { user, accessClaims } = snapshot;
  if (user.iss !== issuer) fail('The ID token comes from another issuer (iss).');
  const audience: unknown = user.aud;
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(clientId)) fail('The ID token was issued for another client (aud).');
  if (audiences.length > 1 && user.azp !== clientId) {
    fail('The ID token has several audiences and another authorized party (azp).');
  }
  if (user.azp !== undefined && user.azp !== clientId) {
    fail('The ID token was issued to another authorized party (azp).');
  }
  if (accessClaims.iss !== issuer) fail('The access token comes from another issuer (iss).');
  if (accessClaims.sub && accessClaims.sub !== user.sub) {
    fail('The ID and access tokens belong to different users.');
  }
  if (nonce !== undefined && user.nonce !== nonce) {
    fail('The ID token nonce does not match the sign-in request.');
  }
}

/**
 * Any OpenID Connect provider: endpoints from its discovery document, authorization code with
 * PKCE, refresh and revocation through the same store as Cognito's. Access tokens may be opaque.
 *
 * @example
 * ```ts
 * import { createSession, oidc } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: oidc({
 *     issuer: 'https://login.example.com',
 *     clientId: 'spa',
 *     redirectUri: `${location.origin}/callback`,
 *   }),
 * });
 * ```
 */
export function oidc(options: OidcOptions): OidcProvider {
  const { issuer, clientId, redirectUri } = options;
  for (const [name, value] of Object.entries({ issuer, clientId, redirectUri })) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`oidc(): "${name}" is required.`);
    }
  }
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let discovery: Promise<OidcDiscovery> | null = null;

  function discover(context: ProviderContext): Promise<OidcDiscovery> {
    discovery ??= (async () => {
      const response = await send(context, discoveryUrl, { method: 'GET' });
      if (!response.ok || !response.isJson) {
        throw invalidResponse(response, 'The OpenID discovery document could not be read');
      }
      return readDiscovery(response.json, issuer);
    })();
    // A failed read is tried again next time.
    discovery.catch(() => {
      discovery = null;
    });
    return discovery;
  }

  async function tokenRequest(context: ProviderContext, fields: Record<string, string>) {
    const { token_endpoint } = await discover(context);
    const host = new URL(token_endpoint).host;
    const response = await postForm(context, token_endpoint, fields);
    if (!response.ok) throw oauthError(response, context.now(), host);
    return readOAuthTokens(response, host);
  }

  return {
    kind: 'oidc',
    id: `oidc:${issuer}:${clientId}`,
    issuer,
    clientId,
    opaqueAccessTokens: true,
    discover,
    refresh: (refreshToken, context) =>
      tokenRequest(context, {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
      }),
    async revoke(tokens, _snapshot, context) {
      if (!tokens.refreshToken) return;
      const { revocation_endpoint } = await discover(context);
      if (!revocation_endpoint) return;
      // RFC 7009: the server answers 200 also for tokens it no longer knows.
      const response = await postForm(context, revocation_endpoint, {
        token: tokens.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      });
      if (!response.ok) {
        throw oauthError(response, context.now(), new URL(revocation_endpoint).host);
      }
    },
    validate(snapshot, expected) {
      validateOidcClaims(snapshot, issuer, clientId, expected?.nonce);
    },
    hostedSignIn: {
      clientId,
      defaultRedirectUri: redirectUri,
      defaultScopes: options.scopes ?? ['openid', 'profile', 'email', 'offline_access'],
      async endpoints(context) {
        const found = await discover(context);
        return {
          authorization: found.authorization_endpoint,
          token: found.token_endpoint,
          ...(found.end_session_endpoint
            ? { logout: { url: found.end_session_endpoint, style: 'oidc' as const } }
            : {}),
        };
      },
    },
  };
}
