import type { TokenSet } from '../types.js';
import { oauthError, postForm, readOAuthTokens } from './oauth2.js';
import type { AuthorizationRequest, ProviderContext } from './types.js';

/** The scopes of a request: the asked ones, always with `openid` (no ID token without it). */
export function withOpenId(scopes: readonly string[]): string[] {
  return scopes.includes('openid') ? [...scopes] : ['openid', ...scopes];
}

/**
 * The authorization request URL (RFC 6749 section 4.1.1, RFC 7636 with S256, OIDC `nonce`).
 * `extra` adds provider parameters such as Cognito's `identity_provider`.
 */
export function buildAuthorizationUrl(
  endpoint: string,
  clientId: string,
  request: AuthorizationRequest,
  extra: Record<string, string> = {},
): string {
  const url = new URL(endpoint);
  const parameters: Record<string, string> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: request.redirectUri,
    scope: withOpenId(request.scopes).join(' '),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    ...(request.prompt ? { prompt: request.prompt } : {}),
    ...(request.loginHint ? { login_hint: request.loginHint } : {}),
    ...extra,
  };
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  return url.href;
}

/** Trades an authorization code for tokens at the token endpoint, proving the PKCE verifier. */
export async function exchangeAuthorizationCode(
  context: ProviderContext,
  tokenEndpoint: string,
  clientId: string,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<TokenSet> {
  const host = new URL(tokenEndpoint).host;
  const response = await postForm(context, tokenEndpoint, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  });
  if (!response.ok) throw oauthError(response, context.now(), host, 'authorization code');
  return readOAuthTokens(response, host);
}
