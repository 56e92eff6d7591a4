/**
 * Token decoding and validation (claims.ts), down to the wording of each refusal: what mutation
 * testing (`pnpm mutation`) found the session suites left unchecked.
 */
import { describe, expect, it } from 'vitest';
import {
  assertUsable,
  isFiniteNumber,
  snapshotTokens,
  type TokenSnapshot,
  validateCognitoClaims,
} from '../claims.js';
import { SessionError } from '../errors.js';
import type { TokenSet } from '../types.js';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** An unsigned JWT with `payload` as its claims (decoding never checks the signature). */
const jwt = (payload: unknown) =>
  `${base64url(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${base64url(JSON.stringify(payload))}.c2ln`;

const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1';
/** Issued at 1,000 s, expiring at 4,600 s (server clock). */
const idClaims = { sub: 'user-1', iss: ISS, exp: 4600, iat: 1000, token_use: 'id', aud: 'client' };
const accessClaims = { ...idClaims, token_use: 'access', client_id: 'client', aud: undefined };
const tokensWith = (id: unknown = idClaims, access: unknown = accessClaims): TokenSet => ({
  idToken: jwt(id),
  accessToken: jwt(access),
});

/** The SessionError `action` throws. */
function refusal(action: () => unknown): SessionError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SessionError);
    return error as SessionError;
  }
  throw new Error('expected a refusal');
}

describe('isFiniteNumber', () => {
  it('is true for finite numbers only', () => {
    expect([0, -1.5, 1e21].map(isFiniteNumber)).toEqual([true, true, true]);
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined].map(isFiniteNumber),
    ).toEqual([false, false, false, false, false]);
  });
});

describe('snapshotTokens refusals', () => {
  const without = (key: string, claims: Record<string, unknown> = idClaims) =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => name !== key));

  it.each<[string, () => unknown, string]>([
    [
      'a token set that is not an object',
      () => snapshotTokens(null as never, 0),
      'A token set must be an object.',
    ],
    [
      'a missing ID token',
      () => snapshotTokens({ ...tokensWith(), idToken: '' }, 0),
      'The ID token is missing.',
    ],
    [
      'a missing access token',
      () => snapshotTokens({ idToken: jwt(idClaims) } as TokenSet, 0),
      'The access token is missing.',
    ],
    [
      'a payload that is a number',
      () => snapshotTokens(tokensWith(5), 0),
      'The ID token has a payload that is not a JSON object.',
    ],
    [
      'a payload that is null',
      () => snapshotTokens(tokensWith(null), 0),
      'The ID token has a payload that is not a JSON object.',
    ],
    [
      'a payload that is an array',
      () => snapshotTokens(tokensWith(idClaims, [accessClaims]), 0),
      'The access token has a payload that is not a JSON object.',
    ],
    [
      'no exp',
      () => snapshotTokens(tokensWith(without('exp')), 0),
      'The ID token has no numeric "exp" claim.',
    ],
    [
      'a string exp',
      () => snapshotTokens(tokensWith(idClaims, { ...accessClaims, exp: '4600' }), 0),
      'The access token has no numeric "exp" claim.',
    ],
    [
      'a non-numeric iat',
      () => snapshotTokens(tokensWith({ ...idClaims, iat: 'yesterday' }), 0),
      'The ID token has a non-numeric "iat".',
    ],
    [
      'an empty sub',
      () => snapshotTokens(tokensWith({ ...idClaims, sub: '' }), 0),
      'The ID token has no "sub" claim.',
    ],
    [
      'no iss',
      () => snapshotTokens(tokensWith(without('iss')), 0),
      'The ID token has no "iss" claim.',
    ],
    [
      'a refresh token that is not a string',
      () => snapshotTokens({ ...tokensWith(), refreshToken: 42 as never }, 0),
      'The refresh token must be a string.',
    ],
  ])('refuses %s with invalid_token and says so', (_, action, message) => {
    const error = refusal(action);
    expect(error.code).toBe('invalid_token');
    expect(error.message).toBe(message);
  });

  it('keeps the decoding failure as the cause of a token that is not a JWT', () => {
    const error = refusal(() => snapshotTokens({ ...tokensWith(), accessToken: 'a.b.c' }, 0));
    expect(error).toMatchObject({
      code: 'invalid_token',
      message: 'The access token is not a decodable JWT.',
    });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('checks claims a stored record carries the same way, without decoding', () => {
    const known = { user: { ...idClaims, sub: undefined }, accessClaims };
    const error = refusal(() => snapshotTokens(tokensWith(), 0, 0, false, known));
    expect(error.message).toBe('The ID token has no "sub" claim.');
  });

  it('an empty access token is missing even where opaque access tokens are allowed', () => {
    const error = refusal(() =>
      snapshotTokens({ ...tokensWith(), accessToken: '' }, 0, undefined, true),
    );
    expect(error).toMatchObject({ code: 'invalid_token', message: 'The access token is missing.' });
    // An opaque one lives as long as the ID token.
    const opaque = snapshotTokens(
      { ...tokensWith(), accessToken: 'opaque' },
      1_000_000,
      undefined,
      true,
    );
    expect(opaque.accessClaims).toEqual({ sub: 'user-1', iss: ISS, exp: 4600, iat: 1000 });
  });
});

describe('snapshotTokens timing', () => {
  it('measures the skew from the latest iat and converts exp to the local clock', () => {
    // Received at 1,030 s local time: the local clock is 30 s ahead of the issuer's.
    const snapshot = snapshotTokens(tokensWith(), 1_030_000);
    expect(snapshot).toMatchObject({
      receivedAt: 1_030_000,
      clockSkewMs: -30_000,
      issuedAt: 1_030_000,
      expiresAt: 4_630_000,
    });
  });

  it.each([
    ['neither token', { ...idClaims, iat: undefined }, { ...accessClaims, iat: undefined }],
    ['the ID token', { ...idClaims, iat: undefined }, { ...accessClaims, iat: 1000 }],
    ['the access token', { ...idClaims, iat: 1000 }, { ...accessClaims, iat: undefined }],
  ])('takes the receipt time for the iat %s carries: no skew measured', (_, id, access) => {
    const snapshot = snapshotTokens(tokensWith(id, access), 1_000_000);
    expect(snapshot.clockSkewMs).toBe(0);
    expect(snapshot.issuedAt).toBe(1_000_000);
    expect(snapshot.expiresAt).toBe(4_600_000);
  });

  it('keeps a refresh token, and drops an empty one', () => {
    const tokens = tokensWith();
    expect(snapshotTokens({ ...tokens, refreshToken: 'r-1' }, 1_000_000).tokens).toEqual({
      ...tokens,
      refreshToken: 'r-1',
    });
    expect(snapshotTokens({ ...tokens, refreshToken: '' }, 1_000_000).tokens).toEqual(tokens);
  });

  it('reuses a skew measured earlier', () => {
    const snapshot = snapshotTokens(tokensWith(), 2_000_000, 5_000);
    expect(snapshot).toMatchObject({ clockSkewMs: 5_000, issuedAt: 995_000, expiresAt: 4_595_000 });
  });
});

describe('validateCognitoClaims', () => {
  it('refuses ID and access tokens of different users', () => {
    const snapshot = snapshotTokens(
      tokensWith(idClaims, { ...accessClaims, sub: 'user-2' }),
      1_000_000,
    );
    const error = refusal(() =>
      validateCognitoClaims(snapshot, { issuers: [ISS], clientId: 'client' }),
    );
    expect(error).toMatchObject({
      code: 'invalid_token',
      message: 'The ID and access tokens belong to different users.',
    });
  });
});

describe('validateCognitoClaims nonce', () => {
  const expected = { issuers: [ISS], clientId: 'client' };
  const withNonce = snapshotTokens(tokensWith({ ...idClaims, nonce: 'n-1' }), 1_000_000);

  it('checks the nonce only when one is expected (setTokens, a refresh: a nonce in the token is fine)', () => {
    expect(() => validateCognitoClaims(withNonce, expected)).not.toThrow();
    expect(() => validateCognitoClaims(withNonce, { ...expected, nonce: 'n-1' })).not.toThrow();
    expect(
      refusal(() => validateCognitoClaims(withNonce, { ...expected, nonce: 'n-2' })),
    ).toMatchObject({
      code: 'invalid_token',
      message: 'The ID token nonce does not match the sign-in request.',
    });
    const without = snapshotTokens(tokensWith(), 1_000_000);
    expect(() => validateCognitoClaims(without, { ...expected, nonce: 'n-1' })).toThrow(
      /nonce does not match/,
    );
  });
});

describe('assertUsable', () => {
  const snapshot = (clockSkewMs: number, expiresAt = 10_000_000): TokenSnapshot => ({
    ...snapshotTokens(tokensWith(), 1_000_000),
    clockSkewMs,
    expiresAt,
  });

  it('accepts a skew of exactly the bound, and refuses one millisecond more', () => {
    expect(() => assertUsable(snapshot(3_600_000), 0, 3600)).not.toThrow();
    expect(() => assertUsable(snapshot(-3_600_000), 0, 3600)).not.toThrow();
    expect(() => assertUsable(snapshot(3_600_001), 0, 3600)).toThrow(SessionError);
    expect(() => assertUsable(snapshot(0), 0, 0)).not.toThrow();
  });

  it('says how far off the clock is, which way, and the bound, in hours', () => {
    expect(refusal(() => assertUsable(snapshot(-2 * 3_600_000), 0, 3600)).message).toBe(
      "The tokens were issued 2 hours before this device's clock time, more than the 1 hours accepted: the device clock (date, time or time zone) is wrong, or the tokens are stale.",
    );
    expect(refusal(() => assertUsable(snapshot(5_400_000), 0, 1800)).message).toMatch(
      /^The tokens were issued 1\.5 hours after this device's clock time, more than the 0\.5 hours accepted:/,
    );
  });

  it('refuses tokens whose expiry is not after now', () => {
    expect(() => assertUsable(snapshot(0, 5000), 4999, 3600)).not.toThrow();
    expect(refusal(() => assertUsable(snapshot(0, 5000), 5000, 3600))).toMatchObject({
      code: 'invalid_token',
      message: 'The tokens have already expired.',
    });
  });
});
