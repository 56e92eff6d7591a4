/**
 * Refresh-token rules as pure changes of {@link PoolState}: issue, redeem (with rotation and its
 * retry grace period), revoke. Run inside `PoolStore.transact`, so they are atomic across tabs.
 */
import { randomBase64url, textToBase64url } from './base64url.js';
import type { PoolState, RefreshTokenRecord } from './poolState.js';

// Cognito refresh tokens are JWEs (five segments, header {"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}):
// opaque to everyone but Cognito. Same shape here, random content, so nothing can decode a claim.
const JWE_HEADER = textToBase64url('{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}');

/** A new opaque refresh token string. */
export function createRefreshTokenString(): string {
  return [
    JWE_HEADER,
    randomBase64url(256),
    randomBase64url(12),
    randomBase64url(600),
    randomBase64url(16),
  ].join('.');
}

/** Why a refresh token was refused. */
export type RefreshRejection = 'invalid' | 'disabled' | 'expired' | 'revoked' | 'reused';

/** The app-client settings that decide a refresh. */
export interface RefreshPolicy {
  clientId: string;
  isRotating: boolean;
  retryGracePeriodSeconds: number;
}

/** The outcome of redeeming a refresh token. */
export type RefreshOutcome =
  | { ok: true; record: RefreshTokenRecord; rotatedRefreshToken: string | null }
  | { ok: false; reason: RefreshRejection };

/** What a sign-in needs recorded. */
export interface SignInGrant {
  username: string;
  clientId: string;
  scopes: readonly string[];
  /** Pool clock in ms. */
  now: number;
  refreshTokenLifetimeSeconds: number;
}

/** Registers the refresh token of a new sign-in; returns it with its record. */
export function registerSignIn(
  state: PoolState,
  grant: SignInGrant,
): { refreshToken: string; record: RefreshTokenRecord } {
  const refreshToken = createRefreshTokenString();
  const record: RefreshTokenRecord = {
    username: grant.username,
    clientId: grant.clientId,
    originJti: globalThis.crypto.randomUUID(),
    eventId: globalThis.crypto.randomUUID(),
    authTime: Math.floor(grant.now / 1000),
    scopes: [...grant.scopes],
    expiresAt: grant.now + grant.refreshTokenLifetimeSeconds * 1000,
    isRevoked: false,
    rotatedAt: null,
  };
  state.refreshTokens[refreshToken] = record;
  return { refreshToken, record };
}

/**
 * Redeems a refresh token at `now` (ms). With rotation, a new token replaces it; the old one
 * keeps working for the grace period (each use then gets another replacement), after that it is
 * `reused`. A replacement expires when the original would have. A token bound to a device is
 * `invalid` unless `deviceKey` names that device (docs/cognito-wire.md section 7).
 */
export function redeemRefreshToken(
  state: PoolState,
  token: string,
  policy: RefreshPolicy,
  now: number,
  deviceKey?: unknown,
): RefreshOutcome {
  const record = state.refreshTokens[token];
  if (!record || record.clientId !== policy.clientId || !state.users[record.username]) {
    return { ok: false, reason: 'invalid' };
  }
  if (record.deviceKey && record.deviceKey !== deviceKey) return { ok: false, reason: 'invalid' };
  if (state.users[record.username]?.isDisabled) return { ok: false, reason: 'disabled' };
  if (record.isRevoked) return { ok: false, reason: 'revoked' };
  if (now >= record.expiresAt) return { ok: false, reason: 'expired' };
  if (
    record.rotatedAt !== null &&
    now >= record.rotatedAt + policy.retryGracePeriodSeconds * 1000
  ) {
    return { ok: false, reason: 'reused' };
  }
  if (!policy.isRotating) return { ok: true, record, rotatedRefreshToken: null };

  record.rotatedAt ??= now;
  const rotatedRefreshToken = createRefreshTokenString();
  const rotated: RefreshTokenRecord = {
    ...record,
    scopes: [...record.scopes],
    originJti: globalThis.crypto.randomUUID(),
    isRevoked: false,
    rotatedAt: null,
  };
  state.refreshTokens[rotatedRefreshToken] = rotated;
  return { ok: true, record: rotated, rotatedRefreshToken };
}

/**
 * Revokes a refresh token and, through its `origin_jti`, every ID and access token minted from
 * it. Unknown tokens and tokens of another client are ignored (revocation answers 200 anyway).
 */
export function revokeRefreshToken(state: PoolState, token: string, clientId: string): void {
  const record = state.refreshTokens[token];
  if (!record || record.clientId !== clientId) return;
  record.isRevoked = true;
  state.revokedOriginJtis[record.originJti] = true;
}

/** Revokes every refresh token of a user and every token minted from them (`GlobalSignOut`). */
export function revokeUser(state: PoolState, username: string): void {
  for (const record of Object.values(state.refreshTokens)) {
    if (record.username !== username) continue;
    record.isRevoked = true;
    state.revokedOriginJtis[record.originJti] = true;
  }
}
