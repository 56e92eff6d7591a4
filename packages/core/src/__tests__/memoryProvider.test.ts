import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotTokens } from '../claims.js';
import { isSessionError, type SessionError } from '../errors.js';
import { cognito } from '../providers/cognito/cognito.js';
import type { ProviderContext } from '../providers/types.js';
import { createFakeUserPool, type FaultKind } from '../testing/index.js';
import type { TokenSet } from '../types.js';
import { faultError } from './memoryFaults.js';
import { type MemoryProviderOptions, memoryProvider } from './memoryProvider.js';

const HOUR_MS = 3_600_000;

function context(signal = new AbortController().signal): ProviderContext {
  return { fetch: () => Promise.reject(new Error('no fetch')), signal, now: () => Date.now() };
}

function start(options: MemoryProviderOptions = {}) {
  const provider = memoryProvider(options);
  provider.addUser({
    username: 'alice',
    attributes: { email: 'alice@example.com', email_verified: 'true' },
    groups: ['admins'],
  });
  return provider;
}

/** What a SessionError says, without its message's wording. */
const facts = (error: SessionError) => ({
  code: error.code,
  retryable: error.retryable,
  retryAfterMs: error.retryAfterMs,
  signOutReason: error.signOutReason,
});

async function failure(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isSessionError(error)) throw new Error(`expected a SessionError, got ${String(error)}`);
  return error;
}

describe('memoryProvider', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 1));
  });
  afterEach(() => vi.useRealTimers());

  it('mints unsigned JWTs with Cognito claims that pass the Cognito checks', () => {
    const provider = start({ tokenLifetimeSeconds: 600 });
    const tokens = provider.issueTokens('alice', { nonce: 'n-1' });
    expect(tokens.idToken.split('.')).toHaveLength(3);
    const snapshot = snapshotTokens(tokens, Date.now());
    expect(() => provider.validate(snapshot, { nonce: 'n-1' })).not.toThrow();
    const iat = Date.now() / 1000;
    expect(snapshot.user).toMatchObject({
      token_use: 'id',
      aud: provider.clientId,
      iss: provider.issuer,
      'cognito:username': 'alice',
      'cognito:groups': ['admins'],
      email_verified: true,
      nonce: 'n-1',
      iat,
      exp: iat + 600,
      origin_jti: expect.any(String),
      jti: expect.any(String),
    });
    expect(snapshot.accessClaims).toMatchObject({
      token_use: 'access',
      client_id: provider.clientId,
      iss: provider.issuer,
      sub: snapshot.user.sub,
      origin_jti: snapshot.user.origin_jti,
      iat,
      exp: iat + 600,
    });
    expect(snapshot.clockSkewMs).toBe(0);
    expect(provider.id).toBe('cognito:eu-west-1_TestPool1:sessionkittestclient01');
    expect(() => provider.validate(snapshot, { nonce: 'other' })).toThrow(/nonce/);
    const stranger = memoryProvider({ clientId: 'another-client' });
    expect(() => stranger.validate(snapshot)).toThrow(/another app client/);
  });

  it('refreshes on its own clock, keeps the refresh token without rotation, and logs the call', async () => {
    const provider = start({ tokenLifetimeSeconds: 300 });
    const tokens = provider.issueTokens('alice');
    vi.setSystemTime(Date.now() + 200_000);
    const refreshed = await provider.refresh(tokens.refreshToken!, context());
    expect(refreshed.refreshToken).toBeUndefined();
    const snapshot = snapshotTokens(refreshed, Date.now());
    expect(snapshot.expiresAt).toBe(Date.now() + 300_000);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(provider.calls).toEqual([
      { operation: 'refresh', refreshToken: tokens.refreshToken, time: Date.now(), fault: null },
    ]);
    provider.setTokenLifetime(2);
    const short = await provider.refresh(tokens.refreshToken!, context());
    expect(snapshotTokens(short, Date.now()).expiresAt).toBe(Date.now() + 2000);
  });

  it('rotates refresh tokens: the old one works only during the grace period', async () => {
    const provider = start({ refreshTokenRotation: true, retryGracePeriodSeconds: 10 });
    const first = provider.issueTokens('alice').refreshToken!;
    const second = (await provider.refresh(first, context())).refreshToken;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    vi.setSystemTime(Date.now() + 5_000);
    // A retry whose answer was lost: within the grace period the old token still works.
    expect((await provider.refresh(first, context())).refreshToken).not.toBe(second);
    vi.setSystemTime(Date.now() + 5_000);
    const reused = await failure(provider.refresh(first, context()));
    expect(facts(reused)).toMatchObject({ code: 'invalid_grant', signOutReason: 'revoked' });
    expect(reused.providerCode).toBe('RefreshTokenReuseException');
    await expect(provider.refresh(second!, context())).resolves.toMatchObject({
      refreshToken: expect.any(String),
    });
  });

  it('revocation and expiry end later refreshes with invalid_grant', async () => {
    const provider = start({ refreshTokenLifetimeSeconds: 1800 });
    const tokens = provider.issueTokens('alice');
    await provider.revoke(tokens, snapshotTokens(tokens, Date.now()), context());
    expect(provider.callsOf('revoke')).toEqual([
      { operation: 'revoke', refreshToken: tokens.refreshToken, time: Date.now(), fault: null },
    ]);
    const revoked = await failure(provider.refresh(tokens.refreshToken!, context()));
    expect(facts(revoked)).toEqual({
      code: 'invalid_grant',
      retryable: false,
      retryAfterMs: undefined,
      signOutReason: 'revoked',
    });

    const other = provider.issueTokens('alice');
    provider.revokeAll('alice');
    const all = await failure(provider.refresh(other.refreshToken!, context()));
    expect(all.signOutReason).toBe('revoked');

    const late = provider.issueTokens('alice');
    vi.setSystemTime(Date.now() + 1800_000);
    const expired = await failure(provider.refresh(late.refreshToken!, context()));
    expect(facts(expired)).toMatchObject({ code: 'invalid_grant', signOutReason: 'expired' });
    const unknown = await failure(provider.refresh('not-a-token', context()));
    expect(unknown.code).toBe('invalid_grant');
    // Revoking a session without a refresh token sends nothing.
    const { refreshToken: _, ...bare } = provider.issueTokens('alice');
    await provider.revoke(bare, snapshotTokens(bare, Date.now()), context());
    expect(provider.callsOf('revoke')).toHaveLength(1);
  });

  it.each([
    ['network', { code: 'network', retryable: true }],
    ['server', { code: 'provider', retryable: true }],
    ['throttle', { code: 'rate_limited', retryable: true }],
    ['limit_exceeded', { code: 'rate_limited', retryable: true }],
    ['html', { code: 'provider', retryable: true }],
    ['unavailable', { code: 'provider', retryable: true, retryAfterMs: 5000 }],
    ['garbage', { code: 'invalid_response', retryable: true }],
    ['missing_tokens', { code: 'invalid_response', retryable: true }],
    ['invalid_grant', { code: 'invalid_grant', retryable: false, signOutReason: 'invalid' }],
    ['revoked', { code: 'invalid_grant', retryable: false, signOutReason: 'revoked' }],
  ] as const)('failNext(%s) fails the next refresh only, then it works', async (kind, expected) => {
    const provider = start();
    const { refreshToken } = provider.issueTokens('alice');
    provider.failNext(kind, 2, { retryAfterSeconds: 5 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await failure(provider.refresh(refreshToken!, context()));
      expect(facts(error)).toMatchObject(expected);
      expect(error.message).not.toContain(refreshToken!.split('.')[1]);
    }
    await expect(provider.refresh(refreshToken!, context())).resolves.toHaveProperty('idToken');
    expect(provider.calls.map((call) => call.fault)).toEqual([kind, kind, null]);
  });

  it('throttle carries Retry-After only when asked', async () => {
    const provider = start();
    const { refreshToken } = provider.issueTokens('alice');
    provider.failNext('throttle');
    expect((await failure(provider.refresh(refreshToken!, context()))).retryAfterMs).toBe(
      undefined,
    );
    provider.failNext('throttle', 1, { retryAfterSeconds: 3 });
    expect((await failure(provider.refresh(refreshToken!, context()))).retryAfterMs).toBe(3000);
  });

  it('a revoke fault hits revocations only', async () => {
    const provider = start();
    const tokens = provider.issueTokens('alice');
    provider.failNext('server', 1, { operation: 'revoke' });
    await expect(provider.refresh(tokens.refreshToken!, context())).resolves.toBeDefined();
    const error = await failure(
      provider.revoke(tokens, snapshotTokens(tokens, Date.now()), context()),
    );
    expect(error.code).toBe('provider');
  });

  it('answers after its latency in fake time, and a caller that gave up still had its token redeemed', async () => {
    const provider = start({ refreshTokenRotation: true });
    const first = provider.issueTokens('alice').refreshToken!;
    provider.setLatency(1000);
    let settled: TokenSet | undefined;
    void provider.refresh(first, context()).then((tokens) => {
      settled = tokens;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled?.refreshToken).toEqual(expect.any(String));

    const controller = new AbortController();
    const lost = failure(provider.refresh(settled!.refreshToken!, context(controller.signal)));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    expect(facts(await lost)).toMatchObject({ code: 'network', retryable: true });
    await vi.advanceTimersByTimeAsync(500);
    // The server finished the refresh nobody waited for: the token is rotated out (grace 0).
    provider.setLatency(0);
    const reused = await failure(provider.refresh(settled!.refreshToken!, context()));
    expect(reused.providerCode).toBe('RefreshTokenReuseException');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a timeout fault hangs until the signal aborts', async () => {
    const provider = start();
    const { refreshToken } = provider.issueTokens('alice');
    provider.failNext('timeout');
    const controller = new AbortController();
    let outcome: unknown;
    provider.refresh(refreshToken!, context(controller.signal)).catch((error: unknown) => {
      outcome = error;
    });
    await vi.advanceTimersByTimeAsync(HOUR_MS);
    expect(outcome).toBeUndefined();
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toMatchObject({ code: 'network', retryable: true });
    expect(provider.calls.map((call) => call.fault)).toEqual(['timeout']);
    // An already aborted call never reaches the provider.
    await expect(provider.refresh(refreshToken!, context(controller.signal))).rejects.toMatchObject(
      {
        code: 'network',
      },
    );
    expect(provider.calls).toHaveLength(1);
  });
});

describe("memory faults are the Cognito provider's reading of the fake pool's faults", () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it.each<FaultKind>([
    'network',
    'server',
    'throttle',
    'limit_exceeded',
    'invalid_grant',
    'html',
    'unavailable',
    'garbage',
    'missing_tokens',
  ])('%s', async (kind) => {
    const options = { region: 'eu-west-1', userPoolId: 'eu-west-1_TestPool1', clientId: 'c1' };
    const pool = createFakeUserPool(options);
    server.use(...pool.handlers);
    pool.failNext(kind, 1, { retryAfterSeconds: 5 });
    const overWire = await failure(cognito(options).refresh('any', { ...context(), fetch }));
    const inMemory = faultError(
      { kind, retryAfterSeconds: kind === 'unavailable' ? 5 : undefined },
      Date.now(),
    );
    const described = (error: SessionError) => ({
      ...facts(error),
      status: error.status,
      providerCode: error.providerCode,
      message: error.message,
    });
    expect(described(inMemory)).toEqual(described(overWire));
  });
});
