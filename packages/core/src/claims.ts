import { jwtDecode } from 'jwt-decode';
import type { AccessTokenClaims, IdTokenClaims } from './claimsTypes.js';
import { SessionError } from './errors.js';
import type { TokenSet } from './types.js';

/**
 * A token set with its decoded claims and the local facts measured when it arrived.
 * This is what the store keeps; it is built once per receipt, never on the read path.
 */
export interface TokenSnapshot {
  /** The tokens, the refresh token included when there is one. */
  tokens: TokenSet;
  /** The ID token's decoded claims. */
  user: IdTokenClaims;
  /** The access token's claims (an opaque one's are the ID token's `sub`, `iss`, `exp`, `iat`). */
  accessClaims: AccessTokenClaims;
  /** Local clock (ms) when the tokens arrived. */
  receivedAt: number;
  /** Server clock minus local clock (ms), from `iat` at receipt, as the AWS SDKs measure it. */
  clockSkewMs: number;
  /** Earliest `exp` of the two tokens, converted to the local clock (ms). */
  expiresAt: number;
  /** Latest `iat` of the two tokens, converted to the local clock (ms). */
  issuedAt: number;
}

type TokenKind = 'ID' | 'access';

/** A number that is neither NaN nor infinite. */
export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Checks decoded claims: an object with a numeric `exp`, a `sub` and an `iss`. */
function checkClaims(claims: unknown, kind: TokenKind): Record<string, unknown> {
  const refuse = (problem: string): never => {
    throw new SessionError('invalid_token', `The ${kind} token ${problem}.`);
  };
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return refuse('has a payload that is not a JSON object');
  }
  const record = claims as Record<string, unknown>;
  if (!isFiniteNumber(record.exp)) refuse('has no numeric "exp" claim');
  if (record.iat !== undefined && !isFiniteNumber(record.iat)) refuse('has a non-numeric "iat"');
  if (typeof record.sub !== 'string' || record.sub.length === 0) refuse('has no "sub" claim');
  if (typeof record.iss !== 'string') refuse('has no "iss" claim');
  return record;
}

function decodeClaims(token: unknown, kind: TokenKind): Record<string, unknown> {
  if (typeof token !== 'string' || token.length === 0) {
    throw new SessionError('invalid_token', `The ${kind} token is missing.`);
  }
  let claims: unknown;
  try {
    claims = jwtDecode(token);
  } catch (cause) {
    // jwt-decode's message quotes no token text, but keep our own wording to be sure.
    throw new SessionError('invalid_token', `The ${kind} token is not a decodable JWT.`, { cause });
  }
  return checkClaims(claims, kind);
}

/** Claims decoded earlier from the same tokens (a stored record carries them). */
export interface KnownClaims {
  user: unknown;
  accessClaims: unknown;
}

/**
 * Decodes a token set and measures it against the local clock at `receivedAt`.
 * Throws `invalid_token` for anything that is not a pair of JWTs with `exp`, `sub` and `iss`.
 *
 * The clock skew is taken from `iat` (the AWS SDKs do the same): the server stamped the tokens
 * moments before they arrived, so `iat − receivedAt` is how far the local clock is off. Pass
 * `clockSkewMs` to reuse a skew measured earlier (tokens read back from storage), and `known`
 * for claims decoded from these tokens before (a stored record carries them, so a page load
 * decodes nothing): they are checked, not decoded again.
 */
export function snapshotTokens(
  tokens: TokenSet,
  receivedAt: number,
  clockSkewMs?: number,
  allowOpaqueAccessToken = false,
  known?: KnownClaims,
): TokenSnapshot {
  if (typeof tokens !== 'object' || tokens === null) {
    throw new SessionError('invalid_token', 'A token set must be an object.');
  }
  const user = (known
    ? checkClaims(known.user, 'ID')
    : decodeClaims(tokens.idToken, 'ID')) as unknown as IdTokenClaims;
  const accessClaims = known
    ? (checkClaims(known.accessClaims, 'access') as unknown as AccessTokenClaims)
    : readAccessClaims(tokens.accessToken, user, allowOpaqueAccessToken);
  if (tokens.refreshToken !== undefined && typeof tokens.refreshToken !== 'string') {
    throw new SessionError('invalid_token', 'The refresh token must be a string.');
  }
  const issuedAtSeconds = Math.max(
    user.iat ?? receivedAt / 1000,
    accessClaims.iat ?? receivedAt / 1000,
  );
  const skew = clockSkewMs ?? Math.round(issuedAtSeconds * 1000 - receivedAt);
  const clean: TokenSet = { idToken: tokens.idToken, accessToken: tokens.accessToken };
  if (tokens.refreshToken) clean.refreshToken = tokens.refreshToken;
  return {
    tokens: clean,
    user,
    accessClaims,
    receivedAt,
    clockSkewMs: skew,
    expiresAt: Math.min(user.exp, accessClaims.exp) * 1000 - skew,
    issuedAt: issuedAtSeconds * 1000 - skew,
  };
}

/**
 * Cognito access tokens are JWTs; some OIDC providers issue opaque ones. An opaque access token
 * is taken to live as long as the ID token issued with it (its only timing we can read).
 */
function readAccessClaims(
  token: unknown,
  user: IdTokenClaims,
  allowOpaque: boolean,
): AccessTokenClaims {
  if (allowOpaque && typeof token === 'string' && token.length > 0) {
    try {
      return decodeClaims(token, 'access') as unknown as AccessTokenClaims;
    } catch {
      return { sub: user.sub, iss: user.iss, exp: user.exp, iat: user.iat };
    }
  }
  return decodeClaims(token, 'access') as unknown as AccessTokenClaims;
}

/** What a provider's `validate` checks the claims against. */
export interface ClaimExpectations {
  /** The accepted `iss` values (a Cognito pool has two: original and updated). */
  issuers: readonly string[];
  clientId: string;
  /** The nonce sent with a redirect sign-in; checked only when given. */
  nonce?: string;
}

function fail(message: string): never {
  throw new SessionError('invalid_token', message);
}

/**
 * Cognito's checks (docs/cognito-wire.md section 5): ID token `token_use: 'id'` and
 * `aud === clientId`; access token `token_use: 'access'` and `client_id === clientId`; both
 * issued by the pool. Expiry is checked separately by {@link assertNotExpired}.
 */
export function validateCognitoClaims(
  snapshot: Pick<TokenSnapshot, 'user' | 'accessClaims'>,
  expected: ClaimExpectations,
): void {
  const { user, accessClaims } = snapshot;
  if (user.token_use !== 'id') fail('The ID token is not an ID token (token_use is not "id").');
  if (accessClaims.token_use !== 'access') {
    fail('The access token is not an access token (token_use is not "access").');
  }
  if (user.aud !== expected.clientId) {
    fail('The ID token was issued for another app client (aud does not match clientId).');
  }
  if (accessClaims.client_id !== expected.clientId) {
    fail('The access token was issued for another app client (client_id does not match clientId).');
  }
  if (!expected.issuers.includes(user.iss)) fail('The ID token comes from another issuer (iss).');
  if (accessClaims.iss !== user.iss) fail('The access token comes from another issuer (iss).');
  if (user.sub !== accessClaims.sub) fail('The ID and access tokens belong to different users.');
  if (expected.nonce !== undefined && user.nonce !== expected.nonce) {
    fail('The ID token nonce does not match the sign-in request.');
  }
}

/** How far the device clock may be from the token issuer's by default: 12 hours. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 12 * 3600;

/**
 * Throws `invalid_token` when tokens that just arrived are unusable: the clock skew measured from
 * them is beyond `maxClockSkewSeconds` (a device clock that far off, or tokens that old, cannot
 * be told apart, and neither may be served as valid), or the earliest `exp`, skew-corrected, is
 * not after `now`.
 */
export function assertUsable(
  snapshot: TokenSnapshot,
  now: number,
  maxClockSkewSeconds: number,
): void {
  const hours = Math.round(Math.abs(snapshot.clockSkewMs) / 360_000) / 10;
  if (Math.abs(snapshot.clockSkewMs) > maxClockSkewSeconds * 1000) {
    fail(
      `The tokens were issued ${hours} hours ${snapshot.clockSkewMs < 0 ? 'before' : 'after'} ` +
        `this device's clock time, more than the ${maxClockSkewSeconds / 3600} hours accepted: ` +
        'the device clock (date, time or time zone) is wrong, or the tokens are stale.',
    );
  }
  if (snapshot.expiresAt <= now) fail('The tokens have already expired.');
}
