/**
 * The claim sets of Cognito ID and access tokens (docs/cognito-wire.md §5), as pure functions of the user
 * and the sign-in they belong to.
 */
import type { FakeUser } from './fakePoolTypes.js';
import type { JwtClaims } from './jwt.js';

/** The scope of tokens from the JSON API (`InitiateAuth`): what `GetUser`/`GlobalSignOut` need. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** Cognito's issuer URL of a user pool: the original form, or the updated one (primary region). */
export function cognitoIssuer(
  region: string,
  userPoolId: string,
  configuration: 'original' | 'updated' = 'original',
): string {
  const host = configuration === 'updated' ? 'issuer-cognito-idp' : 'cognito-idp';
  return `https://${host}.${region}.amazonaws.com/${userPoolId}`;
}

/** Everything a token's claims depend on besides the user. Times in seconds. */
export interface TokenClaimsContext {
  issuer: string;
  clientId: string;
  user: FakeUser;
  authTime: number;
  /** `null` for a client with token revocation off: its tokens carry no `origin_jti`. */
  originJti: string | null;
  eventId: string;
  scopes: readonly string[];
  issuedAt: number;
  lifetimeSeconds: number;
  nonce: string | null;
  /** The device the tokens are bound to (`device_key` of the access token), if any. */
  deviceKey?: string | null;
}

// Attributes Cognito stores as "true"/"false" strings but writes into the ID token as booleans.
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/** ID token claims: `aud` is the client id, attributes as claims, `cognito:groups` only when the user has groups. */
export function buildIdClaims(context: TokenClaimsContext): JwtClaims {
  const { user } = context;
  const attributes: JwtClaims = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub') continue;
    attributes[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return {
    sub: user.sub,
    ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    iss: context.issuer,
    'cognito:username': user.username,
    ...(context.nonce !== null ? { nonce: context.nonce } : {}),
    ...(context.originJti !== null ? { origin_jti: context.originJti } : {}),
    aud: context.clientId,
    event_id: context.eventId,
    token_use: 'id',
    auth_time: context.authTime,
    exp: context.issuedAt + context.lifetimeSeconds,
    iat: context.issuedAt,
    jti: globalThis.crypto.randomUUID(),
    ...attributes,
  };
}

/** Access token claims: `client_id` (no `aud`), `scope`, `username`, `version` 2, `device_key` when bound to a device. */
export function buildAccessClaims(context: TokenClaimsContext): JwtClaims {
  const { user } = context;
  return {
    sub: user.sub,
    ...(user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
    ...(context.deviceKey ? { device_key: context.deviceKey } : {}),
    iss: context.issuer,
    client_id: context.clientId,
    ...(context.originJti !== null ? { origin_jti: context.originJti } : {}),
    event_id: context.eventId,
    token_use: 'access',
    scope: context.scopes.join(' '),
    auth_time: context.authTime,
    exp: context.issuedAt + context.lifetimeSeconds,
    iat: context.issuedAt,
    jti: globalThis.crypto.randomUUID(),
    username: user.username,
    version: 2,
  };
}
