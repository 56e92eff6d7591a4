/**
 * Property-based tests (fast-check) of the pure functions that take untrusted input: JWT and
 * claims decoding, the storage record codec, the refresh-time and backoff functions, and the
 * Cognito error mapping. Each property runs {@link RUNS} cases; a failure prints fast-check's
 * seed and shrunk counterexample, so it can be replayed with `{ seed, path }`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotTokens, validateCognitoClaims } from '../claims.js';
import { isSessionError, SessionError } from '../errors.js';
import { cognitoError, cognitoErrorName } from '../providers/cognito/cognitoErrors.js';
import type { ProviderResponse } from '../providers/http.js';
import { computeRefreshAt, computeRetryDelay, MAX_RETRY_AFTER_MS } from '../refreshPolicy.js';
import { decodeRecord, encodeRecord, STORAGE_SCHEMA_VERSION } from '../storage/recordCodec.js';
import type { TokenSet } from '../types.js';

/** Cases per property (issue 9: at least 10,000 each). */
const RUNS = 10_000;

/** Runs a property and fails with fast-check's report; proves the number of cases that ran. */
function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void {
  const details = fc.check(property, { numRuns: RUNS });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
  expect(details.numRuns).toBeGreaterThanOrEqual(RUNS);
}

/** Calls `action`; any throw other than a SessionError fails the property. */
function throwsOnlySessionErrors(action: () => unknown): boolean {
  try {
    action();
    return true;
  } catch (error) {
    if (!(error instanceof SessionError) || !isSessionError(error)) throw error;
    return true;
  }
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A JWT whose payload is `payload` serialised as JSON (signature irrelevant to decoding). */
const jwtOf = (payload: unknown, header: unknown = { alg: 'RS256', kid: 'k' }) =>
  `${base64url(JSON.stringify(header) ?? 'null')}.${base64url(JSON.stringify(payload) ?? 'null')}.c2ln`;

/** Claim values of every JSON kind, biased towards the ones the decoder looks at. */
const claimValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);

/** Payloads that sometimes pass decoding: the interesting claims present with random types. */
const claimsPayload = fc.record(
  {
    exp: fc.oneof(fc.integer({ min: -1e10, max: 1e11 }), fc.double(), claimValue),
    iat: fc.oneof(fc.integer({ min: -1e10, max: 1e11 }), fc.double(), claimValue),
    sub: fc.oneof(fc.string(), claimValue),
    iss: fc.oneof(fc.constant('https://cognito-idp.eu-west-1.amazonaws.com/p'), claimValue),
    aud: fc.oneof(fc.constant('client'), claimValue),
    client_id: fc.oneof(fc.constant('client'), claimValue),
    token_use: fc.oneof(fc.constantFrom('id', 'access'), claimValue),
    nonce: claimValue,
  },
  { requiredKeys: [] },
);

/** Token strings: arbitrary text, JWT look-alikes, JWTs with arbitrary or claim-shaped payloads. */
const tokenString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.base64String(), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')),
  fc.jsonValue().map((payload) => jwtOf(payload)),
  fc.tuple(claimsPayload, fc.jsonValue()).map(([payload, header]) => jwtOf(payload, header)),
  claimsPayload.map((payload) => jwtOf(payload)),
);

/** Anything that could come out of an untrusted token answer or a corrupt record. */
const tokenSetLike = fc.oneof(
  fc.anything(),
  fc.record(
    {
      idToken: fc.oneof(tokenString, fc.anything()),
      accessToken: fc.oneof(tokenString, fc.anything()),
      refreshToken: fc.oneof(fc.string(), fc.anything()),
    },
    { requiredKeys: [] },
  ),
);

const time = fc.oneof(
  fc.integer({ min: -1e13, max: 1e13 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, Date.UTC(2026, 0, 1)),
);

// 10,000 cases a property: seconds of CPU, more on a loaded machine than the default 5 s.
describe('properties', { timeout: 60_000 }, () => {
  it(`snapshotTokens: arbitrary token sets never throw anything but SessionError (${RUNS} cases)`, () => {
    check(
      fc.property(tokenSetLike, time, fc.option(time), fc.boolean(), (tokens, at, skew, opaque) =>
        throwsOnlySessionErrors(() =>
          snapshotTokens(tokens as TokenSet, at, skew ?? undefined, opaque),
        ),
      ),
    );
  });

  it(`validateCognitoClaims: arbitrary decodable claims never throw anything but SessionError (${RUNS} cases)`, () => {
    check(
      fc.property(claimsPayload, claimsPayload, fc.option(fc.string()), (id, access, nonce) =>
        throwsOnlySessionErrors(() => {
          const snapshot = snapshotTokens(
            { idToken: jwtOf(id), accessToken: jwtOf(access) },
            Date.UTC(2026, 0, 1),
          );
          validateCognitoClaims(snapshot, {
            issuers: ['https://cognito-idp.eu-west-1.amazonaws.com/p'],
            clientId: 'client',
            ...(nonce === null ? {} : { nonce }),
          });
        }),
      ),
    );
  });

  it(`decodeRecord: arbitrary stored values never throw anything but SessionError (${RUNS} cases)`, () => {
    const recordLike = fc.record(
      {
        version: fc.oneof(fc.constant(STORAGE_SCHEMA_VERSION), fc.integer(), fc.anything()),
        sessionId: fc.oneof(fc.string(), fc.anything()),
        idToken: fc.oneof(tokenString, fc.anything()),
        accessToken: fc.oneof(tokenString, fc.anything()),
        refreshToken: fc.oneof(fc.string(), fc.anything()),
        receivedAt: fc.oneof(time, fc.anything()),
        clockSkewMs: fc.oneof(time, fc.anything()),
      },
      { requiredKeys: [] },
    );
    check(
      fc.property(fc.oneof(fc.anything(), recordLike), (value) =>
        throwsOnlySessionErrors(() => {
          const decoded = decodeRecord(value);
          if (decoded === undefined) expect(value ?? undefined).toBeUndefined();
        }),
      ),
    );
  });

  it(`encodeRecord → decodeRecord round-trips every decodable snapshot per persist mode (${RUNS} cases)`, () => {
    const validClaims = fc.record({
      sub: fc.string({ minLength: 1 }),
      iss: fc.string(),
      exp: fc.integer({ min: 0, max: 4e9 }),
      iat: fc.integer({ min: 0, max: 4e9 }),
    });
    check(
      fc.property(
        validClaims,
        validClaims,
        fc.option(fc.string()),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 1e13 }),
        fc.constantFrom('all', 'no-refresh-token', 'none') as fc.Arbitrary<
          'all' | 'no-refresh-token' | 'none'
        >,
        (id, access, refreshToken, sessionId, receivedAt, persist) => {
          const tokens: TokenSet = { idToken: jwtOf(id), accessToken: jwtOf(access) };
          if (refreshToken !== null) tokens.refreshToken = refreshToken;
          const snapshot = snapshotTokens(tokens, receivedAt);
          const record = encodeRecord(snapshot, sessionId, persist);
          if (persist === 'none') return record === null;
          // Storage keeps the record through a structured clone: JSON is a stricter stand-in.
          const decoded = decodeRecord(JSON.parse(JSON.stringify(record)));
          const expectedTokens: TokenSet = {
            idToken: tokens.idToken,
            accessToken: tokens.accessToken,
          };
          if (persist === 'all' && refreshToken) expectedTokens.refreshToken = refreshToken;
          expect(decoded).toEqual({
            tokens: expectedTokens,
            sessionId,
            receivedAt,
            clockSkewMs: snapshot.clockSkewMs,
            claims: { user: snapshot.user, accessClaims: snapshot.accessClaims },
          });
          // What is read back measures the same expiry as what was written, from the stored
          // claims as from the tokens themselves.
          if (!decoded || 'newerVersion' in decoded) return false;
          const { tokens: read, receivedAt: at, clockSkewMs: skew, claims } = decoded;
          const fromClaims = snapshotTokens(read, at, skew, false, claims);
          const decodedAgain = snapshotTokens(read, at, skew);
          return [fromClaims, decodedAgain].every(
            (again) =>
              again.expiresAt === snapshot.expiresAt &&
              again.issuedAt === snapshot.issuedAt &&
              JSON.stringify(again.user) === JSON.stringify(snapshot.user),
          );
        },
      ),
    );
  });

  it(`computeRefreshAt: always between now and the earliest exp (${RUNS} cases)`, () => {
    const anyTime = fc.oneof(time, fc.constantFrom(Infinity, -Infinity));
    check(
      fc.property(
        anyTime,
        anyTime,
        fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 86_400 })),
        time,
        (issuedAt, expiresAt, leewaySeconds, now) => {
          const at = computeRefreshAt({ issuedAt, expiresAt, leewaySeconds, now });
          if (Number.isNaN(at) || at < now) return false;
          // Already expired: due now. Otherwise never after the expiry.
          return expiresAt <= now ? at === now : at <= expiresAt;
        },
      ),
    );
  });

  it(`computeRefreshAt from decoded claims: between receipt and the earliest exp (${RUNS} cases)`, () => {
    const claims = fc.record({
      sub: fc.constant('user'),
      iss: fc.constant('issuer'),
      exp: fc.integer({ min: 0, max: 4e9 }),
      iat: fc.option(fc.integer({ min: 0, max: 4e9 }), { nil: undefined }),
    });
    check(
      fc.property(
        claims,
        claims,
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 1e9 }),
        (id, access, receivedAt, leewaySeconds, later) => {
          const snapshot = snapshotTokens(
            { idToken: jwtOf(id), accessToken: jwtOf(access) },
            receivedAt,
          );
          const now = receivedAt + later;
          const at = computeRefreshAt({
            issuedAt: snapshot.issuedAt,
            expiresAt: snapshot.expiresAt,
            leewaySeconds,
            now,
          });
          return at >= now && (snapshot.expiresAt <= now || at <= snapshot.expiresAt);
        },
      ),
    );
  });

  it(`computeRetryDelay: finite, non-negative, capped, honouring Retry-After (${RUNS} cases)`, () => {
    check(
      fc.property(
        fc.integer({ min: -5, max: 1000 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.double({ noNaN: true }),
        fc.option(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constant(Infinity)), {
          nil: undefined,
        }),
        (retry, baseDelayMs, maxDelayMs, random, retryAfterMs) => {
          const delay = computeRetryDelay(retry, { baseDelayMs, maxDelayMs }, random, retryAfterMs);
          const floor = Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
          return (
            Number.isFinite(delay) &&
            delay >= 0 &&
            delay >= Math.round(floor) &&
            delay <= Math.max(Math.round(maxDelayMs), Math.round(floor))
          );
        },
      ),
    );
  });

  it(`cognitoError: arbitrary answers map to a SessionError without throwing (${RUNS} cases)`, () => {
    const headerText = fc.string({ unit: fc.constantFrom(...'abcXYZ:,## 09.-_') });
    const body = fc.oneof(
      fc.anything({ withNullPrototype: true }),
      fc.record(
        {
          __type: fc.oneof(
            fc.constantFrom(
              'NotAuthorizedException',
              'RefreshTokenReuseException',
              'TooManyRequestsException',
              'com.amazon.coral#InternalErrorException',
            ),
            headerText,
            fc.anything(),
          ),
          code: fc.oneof(headerText, fc.anything()),
          message: fc.oneof(fc.string(), fc.anything()),
          Message: fc.oneof(fc.string(), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    check(
      fc.property(
        fc.integer({ min: 200, max: 599 }),
        body,
        fc.boolean(),
        fc.option(headerText, { nil: undefined }),
        fc.option(fc.oneof(fc.stringMatching(/^\d{1,40}$/), headerText), { nil: undefined }),
        (status, json, isJson, errorType, retryAfter) => {
          const headers = new Headers();
          if (errorType !== undefined) headers.set('x-amzn-ErrorType', errorType);
          if (retryAfter !== undefined) headers.set('Retry-After', retryAfter);
          const response: ProviderResponse = { status, ok: status < 300, headers, json, isJson };
          const name = cognitoErrorName(response);
          const error = cognitoError(response, Date.UTC(2026, 0, 1));
          return (
            (name === undefined || (name.length > 0 && !/[:,]/.test(name))) &&
            error instanceof SessionError &&
            (error.retryAfterMs === undefined || error.retryAfterMs >= 0) &&
            (error.code !== 'invalid_grant' || error.signOutReason !== undefined)
          );
        },
      ),
    );
  });
});
