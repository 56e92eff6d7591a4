/**
 * The storage record codec (storage/recordCodec.ts): what a corrupt or foreign record is refused
 * with, word for word, and the edge values the happy-path suites never store. Found by mutation
 * testing (`pnpm mutation`).
 */
import { describe, expect, it } from 'vitest';
import { SessionError } from '../errors.js';
import { decodeRecord, STORAGE_SCHEMA_VERSION } from '../storage/recordCodec.js';

const record = {
  version: STORAGE_SCHEMA_VERSION,
  sessionId: 'session-1',
  idToken: 'id',
  accessToken: 'access',
  refreshToken: 'refresh',
  receivedAt: 1,
  clockSkewMs: 0,
  idClaims: { sub: 'u', exp: 2, iss: 'i' },
  accessClaims: { sub: 'u', exp: 2, iss: 'i' },
};

function refusal(value: unknown): SessionError {
  try {
    decodeRecord(value);
  } catch (error) {
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe('storage');
    return error as SessionError;
  }
  throw new Error('expected a refusal');
}

describe('decodeRecord refusals say what is wrong', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'garbage', 'is not an object'],
    ['a number', 42, 'is not an object'],
    ['an array', [record], 'is not an object'],
    [
      'version 0',
      { ...record, version: 0 },
      'has schema version 0; this sessionkit reads versions 1 to 2',
    ],
    [
      'a fractional version',
      { ...record, version: 2.5 },
      'has schema version 2.5; this sessionkit reads versions 1 to 2',
    ],
    [
      'a string version',
      { ...record, version: '2' },
      'has schema version "2"; this sessionkit reads versions 1 to 2',
    ],
    [
      'no version',
      { ...record, version: undefined },
      'has schema version undefined; this sessionkit reads versions 1 to 2',
    ],
    [
      'an object version',
      { ...record, version: { toString: () => 'x' } },
      'has schema version object; this sessionkit reads versions 1 to 2',
    ],
    [
      'a boolean version',
      { ...record, version: true },
      'has schema version boolean; this sessionkit reads versions 1 to 2',
    ],
    ['an empty session id', { ...record, sessionId: '' }, 'has no session id'],
    ['a numeric session id', { ...record, sessionId: 7 }, 'has no session id'],
    ['no ID token', { ...record, idToken: undefined }, 'lacks its ID or access token'],
    ['a non-string access token', { ...record, accessToken: 5 }, 'lacks its ID or access token'],
    [
      'a non-string refresh token',
      { ...record, refreshToken: 42 },
      'has a refresh token that is not a string',
    ],
    [
      'a receipt time that is not a number',
      { ...record, receivedAt: 'yesterday' },
      'lacks its receipt time or clock skew',
    ],
    [
      'a receipt time that is NaN',
      { ...record, receivedAt: Number.NaN },
      'lacks its receipt time or clock skew',
    ],
    [
      'an infinite clock skew',
      { ...record, clockSkewMs: Number.POSITIVE_INFINITY },
      'lacks its receipt time or clock skew',
    ],
    [
      'version 2 with the ID claims only',
      { ...record, accessClaims: undefined },
      'lacks the claims of its tokens',
    ],
    [
      'version 2 with the access claims only',
      { ...record, idClaims: null },
      'lacks the claims of its tokens',
    ],
    [
      'version 2 with claims in an array',
      { ...record, accessClaims: [record.accessClaims] },
      'lacks the claims of its tokens',
    ],
  ])('refuses %s', (_, value, problem) => {
    expect(refusal(value).message).toBe(`The stored session ${problem}.`);
  });
});

describe('decodeRecord edge values', () => {
  it('treats null as no session, like undefined', () => {
    expect(decodeRecord(null)).toBeUndefined();
  });

  it('reads an empty refresh token as none', () => {
    const decoded = decodeRecord({ ...record, refreshToken: '' });
    expect(decoded).toMatchObject({ tokens: { idToken: 'id', accessToken: 'access' } });
    expect(decoded && 'tokens' in decoded ? decoded.tokens : undefined).toEqual({
      idToken: 'id',
      accessToken: 'access',
    });
  });
});
