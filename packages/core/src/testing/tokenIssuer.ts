/** Signs the token set of a sign-in or refresh, and checks access tokens presented to the API. */
import { sha256Base64url } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { type JwtClaims, signJwt, toPublicJwk, verifyJwt } from './jwt.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState, RefreshTokenRecord } from './poolState.js';
import { ADMIN_SCOPE, buildAccessClaims, buildIdClaims } from './tokenClaims.js';

/** A signed ID and access token pair. */
export interface SignedTokens {
  idToken: string;
  accessToken: string;
}

/** Options of {@link signTokens}. */
export interface SignTokensOptions {
  nonce?: string | null;
  /** Add `at_hash` to the ID token, as the hosted UI's token endpoint does. */
  withAtHash?: boolean;
}

/** Mints the ID and access token of the chain `record` belongs to, on the pool clock. */
export async function signTokens(
  context: PoolContext,
  user: FakeUser,
  record: RefreshTokenRecord,
  options: SignTokensOptions = {},
): Promise<SignedTokens> {
  const keys = await context.signingKeys();
  const claimsContext = {
    issuer: context.config.issuer,
    clientId: record.clientId,
    user,
    authTime: record.authTime,
    originJti: context.config.tokenRevocation ? record.originJti : null,
    eventId: record.eventId,
    scopes: record.scopes,
    issuedAt: Math.floor(context.now() / 1000),
    lifetimeSeconds: context.tokenLifetimeSeconds(),
    nonce: options.nonce ?? null,
    deviceKey: record.deviceKey ?? null,
  };
  const accessToken = await signJwt(buildAccessClaims(claimsContext), keys.access);
  const idClaims = buildIdClaims(claimsContext);
  if (options.withAtHash) idClaims.at_hash = await atHash(accessToken);
  const idToken = await signJwt(idClaims, keys.id);
  return { idToken, accessToken };
}

// OIDC Core §3.1.3.6: base64url of the left half of SHA-256 over the access token.
async function atHash(accessToken: string): Promise<string> {
  const digest = await sha256Base64url(accessToken);
  // 16 of 32 bytes = the first 22 base64url characters (21⅓ rounded up, no padding).
  return digest.slice(0, 22);
}

/**
 * Checks an access token presented to `GetUser`/`GlobalSignOut`: signature, issuer, use, expiry,
 * scope and revocation. Returns the username; throws `NotAuthorizedException` as Cognito does.
 */
export async function authorizeAccessToken(context: PoolContext, token: unknown): Promise<string> {
  return (await verifyAccessToken(context, token, ADMIN_SCOPE)).username;
}

/**
 * {@link authorizeAccessToken} for any `scope` the token must carry (`openid` at the userInfo
 * endpoint); returns the user, as the check found it, and the token's scopes.
 */
export async function verifyAccessToken(
  context: PoolContext,
  token: unknown,
  scope: string,
): Promise<{ username: string; user: FakeUser; scopes: string[] }> {
  if (typeof token !== 'string' || token === '') {
    throw new CognitoApiError(
      'InvalidParameterException',
      'Missing required parameter AccessToken',
    );
  }
  const keys = await context.signingKeys();
  const claims: JwtClaims | null = await verifyJwt(token, [toPublicJwk(keys.access)]);
  if (claims?.token_use !== 'access' || claims.iss !== context.config.issuer) {
    throw new CognitoApiError('NotAuthorizedException', 'Invalid Access Token');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= context.now()) {
    throw new CognitoApiError('NotAuthorizedException', 'Access Token has expired');
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(scope)) {
    throw new CognitoApiError(
      'NotAuthorizedException',
      'Access Token does not have required scopes',
    );
  }
  const username = String(claims.username);
  return context.store.transact((state) => {
    if (isRevoked(state, claims)) {
      throw new CognitoApiError('NotAuthorizedException', 'Access Token has been revoked');
    }
    // A user deleted and created again under the same name is another user (another sub).
    const user = state.users[username];
    if (!user || user.sub !== claims.sub) {
      throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    }
    return { username, user, scopes };
  });
}

/**
 * Whether the chain an access token was minted from was revoked (`RevokeToken`, `GlobalSignOut`):
 * by its `origin_jti`, or, for a client without token revocation (no `origin_jti` in its tokens),
 * by the sign-in it came from (`event_id`), which `GlobalSignOut` ends all the same.
 */
function isRevoked(state: PoolState, claims: JwtClaims): boolean {
  if (typeof claims.origin_jti === 'string') return !!state.revokedOriginJtis[claims.origin_jti];
  return Object.values(state.refreshTokens).some(
    (record) => record.eventId === claims.event_id && state.revokedOriginJtis[record.originJti],
  );
}
