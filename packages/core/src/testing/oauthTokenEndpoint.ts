/**
 * The pool domain's `POST /oauth2/token` and `POST /oauth2/revoke` (docs/cognito-wire.md §3), for
 * the handlers of oauthHandlers.ts.
 */
import { HttpResponse } from 'msw';
import { sha256Base64url } from './base64url.js';
import { OAuthError, oauthJson } from './cognitoResponses.js';
import { decodeJwt } from './jwt.js';
import type { PoolContext } from './poolContext.js';
import { refreshTokens } from './refreshFlow.js';
import { registerSignIn, revokeRefreshToken } from './refreshTokens.js';
import { signTokens } from './tokenIssuer.js';

/** `POST /oauth2/token`: the `authorization_code` and `refresh_token` grants. */
export async function token(
  context: PoolContext,
  request: Request,
  form: URLSearchParams,
): Promise<Response> {
  requireFormRequest(request);
  const clientId = requireClient(context, form);
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(context, form, clientId);
  if (grantType === 'refresh_token') {
    const result = await refreshTokens(context, requireField(form, 'refresh_token'), clientId);
    if (!result.ok) throw new OAuthError('invalid_grant');
    return oauthJson({
      id_token: result.tokens.idToken,
      access_token: result.tokens.accessToken,
      ...(result.rotatedRefreshToken ? { refresh_token: result.rotatedRefreshToken } : {}),
      expires_in: context.tokenLifetimeSeconds(),
      token_type: 'Bearer',
    });
  }
  throw new OAuthError(grantType ? 'unsupported_grant_type' : 'invalid_request');
}

async function exchangeCode(
  context: PoolContext,
  form: URLSearchParams,
  clientId: string,
): Promise<Response> {
  const code = requireField(form, 'code');
  const redirectUri = requireField(form, 'redirect_uri');
  const verifier = form.get('code_verifier');
  const verifierChallenge = verifier ? await sha256Base64url(verifier) : null;
  const now = context.now();
  const grant = await context.store.transact((state) => {
    const record = state.codes[code];
    if (!record || record.isUsed || record.expiresAt <= now || record.clientId !== clientId)
      return null;
    // A code is spent by any exchange attempt, a failed one included (RFC 6749 §4.1.2).
    record.isUsed = true;
    const user = state.users[record.username];
    const isPkceValid = record.codeChallenge === null || record.codeChallenge === verifierChallenge;
    // A user disabled since the code was made: the grant is revoked (RFC 6749 §5.2).
    if (!user || user.isDisabled || record.redirectUri !== redirectUri || !isPkceValid) {
      return null;
    }
    const signIn = registerSignIn(state, {
      username: user.username,
      clientId,
      scopes: record.scopes,
      now,
      refreshTokenLifetimeSeconds: context.config.refreshTokenLifetimeSeconds,
    });
    return { ...signIn, user, nonce: record.nonce };
  });
  if (!grant) throw new OAuthError('invalid_grant');
  const tokens = await signTokens(context, grant.user, grant.record, {
    nonce: grant.nonce,
    withAtHash: true,
  });
  return oauthJson({
    // Cognito issues an ID token only when the `openid` scope was granted.
    ...(grant.record.scopes.includes('openid') ? { id_token: tokens.idToken } : {}),
    access_token: tokens.accessToken,
    refresh_token: grant.refreshToken,
    expires_in: context.tokenLifetimeSeconds(),
    token_type: 'Bearer',
  });
}

/** `POST /oauth2/revoke`: revokes a refresh token of the app client. */
export async function revoke(
  context: PoolContext,
  request: Request,
  form: URLSearchParams,
): Promise<Response> {
  requireFormRequest(request);
  const refreshToken = requireField(form, 'token');
  if (form.get('client_id') !== context.config.clientId)
    throw new OAuthError('invalid_client', 401);
  // Only refresh tokens can be revoked; an ID or access token (a JWS) is refused.
  if (decodeJwt(refreshToken)) throw new OAuthError('unsupported_token_type');
  if (!context.config.tokenRevocation) throw new OAuthError('unsupported_operation');
  await context.store.transact((state) =>
    revokeRefreshToken(state, refreshToken, context.config.clientId),
  );
  // 200 with an empty body, also for unknown or already revoked tokens.
  return new HttpResponse(null, { status: 200 });
}

function requireFormRequest(request: Request): void {
  if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request');
  }
}

function requireClient(context: PoolContext, form: URLSearchParams): string {
  const clientId = form.get('client_id');
  if (!clientId) throw new OAuthError('invalid_request');
  if (clientId !== context.config.clientId) throw new OAuthError('invalid_client');
  return clientId;
}

function requireField(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw new OAuthError('invalid_request');
  return value;
}
