import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../storage/memoryStorage.js';
import {
  advance,
  issue,
  KEY,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';
import { publicTokens } from './tokenAudit.js';

const HOUR_MS = 3_600_000;

describe('refresh', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  async function expiredSession(options: Parameters<typeof startSession>[1] = {}) {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session, recorder } = startSession(provider, { autoRefresh: false, ...options });
    await session.ready;
    const tokens = issue(provider);
    await session.setTokens(tokens);
    vi.setSystemTime(Date.now() + 2 * HOUR_MS);
    return { provider, session, recorder, tokens };
  }

  it.each([1, 10, 100, 1000])(
    '%i concurrent getAccessToken() calls on an expired token send one request',
    async (count) => {
      const { provider, session, tokens } = await expiredSession();
      provider.setLatency(200);
      const calls = Array.from({ length: count }, () => session.getAccessToken());
      await advance(200);
      const results = await Promise.all(calls);
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(new Set(results).size).toBe(1);
      expect(results[0]).not.toBe(tokens.accessToken);
      const state = session.getState();
      expect(state.status === 'signedIn' && state.tokens.accessToken).toBe(results[0]);
    },
  );

  it('getIdToken and refresh() join the same single flight', async () => {
    const { provider, session } = await expiredSession();
    provider.setLatency(100);
    const all = Promise.all([
      session.getIdToken(),
      session.refresh(),
      session.getAccessToken(),
      session.refresh(),
    ]);
    await advance(100);
    await all;
    expect(refreshesOf(provider)).toHaveLength(1);
  });

  it('returns a cached valid token without any request, and refreshes for minValiditySeconds', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider, { autoRefresh: false });
    const tokens = issue(provider);
    await session.setTokens(tokens);
    expect(await session.getAccessToken()).toBe(tokens.accessToken);
    expect(await session.getIdToken()).toBe(tokens.idToken);
    expect(refreshesOf(provider)).toHaveLength(0);
    const fresh = await session.getAccessToken({ minValiditySeconds: 7200 });
    expect(fresh).not.toBe(tokens.accessToken);
    expect(refreshesOf(provider)).toHaveLength(1);
  });

  it.each([
    ['a network error', 'network', {}, 'network'],
    ['HTTP 500', 'server', {}, 'provider'],
    ['HTTP 503 with Retry-After', 'unavailable', { retryAfterSeconds: 5 }, 'provider'],
    ['TooManyRequestsException', 'throttle', {}, 'rate_limited'],
    ['a 502 HTML page', 'html', {}, 'provider'],
    ['a body that is not JSON', 'garbage', {}, 'invalid_response'],
    ['an answer without tokens', 'missing_tokens', {}, 'invalid_response'],
  ] as const)(
    'retries %s with growing delays and keeps the session',
    async (_, kind, options, code) => {
      const { provider, session, recorder } = await expiredSession();
      provider.failNext(kind, 3, options);
      const token = session.getAccessToken();
      await advance(60_000);
      await expect(token).resolves.toEqual(expect.any(String));
      const failures = recorder.of('refreshFailed');
      expect(failures).toHaveLength(3);
      expect(failures.every((failure) => failure.willRetry && failure.error.code === code)).toBe(
        true,
      );
      const delays = failures.map((failure) => failure.retryInMs ?? 0);
      expect(delays[1]).toBeGreaterThanOrEqual(delays[0] ?? 0);
      expect(delays[2]).toBeGreaterThanOrEqual(delays[1] ?? 0);
      if (kind === 'unavailable') expect(Math.min(...delays)).toBeGreaterThanOrEqual(5000);
      // The gaps between calls at the provider are the announced delays.
      const times = refreshesOf(provider).map((call) => call.time);
      expect(times).toHaveLength(4);
      for (let index = 1; index < times.length; index++) {
        expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBe(delays[index - 1]);
      }
      expect(session.getState()).toMatchObject({
        status: 'signedIn',
        error: null,
        refreshing: false,
      });
      expect(recorder.of('signedOut')).toHaveLength(0);
    },
  );

  it('rejects getAccessToken once the attempts are spent but keeps the session and retries later', async () => {
    const { provider, session, recorder } = await expiredSession({
      autoRefresh: true,
      retry: { maxAttempts: 2 },
    });
    provider.failNext('network', 2);
    const token = session.getAccessToken();
    token.catch(() => {});
    await advance(5000);
    await expect(token).rejects.toMatchObject({ code: 'network' });
    expect(session.getState()).toMatchObject({ status: 'signedIn', refreshing: false });
    const last = recorder.of('refreshFailed').at(-1);
    expect(last).toMatchObject({ willRetry: true, retryInMs: 30_000 });
    await advance(30_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
    expect(refreshesOf(provider)).toHaveLength(3);
  });

  it('ends the session with reason "revoked" when the refresh token was revoked', async () => {
    const { provider, session, recorder } = await expiredSession();
    provider.revokeAll('alice');
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
    expect(recorder.of('signedOut')).toEqual([{ reason: 'revoked' }]);
    expect(refreshesOf(provider)).toHaveLength(1);
  });

  it('ends the session with reason "expired" when the refresh token expired', async () => {
    const provider = startProvider({
      tokenLifetimeSeconds: 3600,
      refreshTokenLifetimeSeconds: 1800,
    });
    const storage = memoryStorage();
    const { session, recorder } = startSession(provider, { storage });
    await session.setTokens(issue(provider));
    await advance(HOUR_MS);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(recorder.of('signedOut')).toEqual([{ reason: 'expired' }]);
    expect(await storage.get(KEY)).toBeUndefined();
  });

  it('ends a session without refresh token at expiry', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 600 });
    const { session, recorder } = startSession(provider);
    const { refreshToken: _, ...withoutRefresh } = issue(provider);
    await session.setTokens(withoutRefresh);
    await advance(600_000);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(recorder.of('signedOut')).toEqual([{ reason: 'expired' }]);
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'signed_out' });
  });
});

describe('races', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('a refresh that completes after signOut() does not bring the session back', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const { session, recorder } = startSession(provider, { storage });
    await session.setTokens(issue(provider));
    provider.setLatency(1000);
    const refreshing = session.refresh();
    refreshing.catch(() => {});
    await advance(500);
    await session.signOut({ revoke: false });
    await advance(2000);
    await expect(refreshing).rejects.toMatchObject({ code: 'signed_out' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(await storage.get(KEY)).toBeUndefined();
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(recorder.of('signedOut')).toEqual([{ reason: 'user' }]);
  });

  it('setTokens during a refresh wins over the refresh result', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const { session } = startSession(provider, { storage });
    await session.setTokens(issue(provider));
    provider.setLatency(1000);
    const refreshing = session.refresh();
    await advance(500);
    provider.setLatency(0);
    const chosen = issue(provider);
    await session.setTokens(chosen);
    await advance(2000);
    await refreshing;
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(chosen));
    expect(state).toMatchObject({ refreshing: false });
    expect(await storage.get(KEY)).toMatchObject({
      accessToken: chosen.accessToken,
      refreshToken: chosen.refreshToken,
    });
  });

  it('dispose() settles pending promises', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    provider.setLatency(10_000);
    const refreshing = session.refresh();
    session.dispose();
    await expect(refreshing).rejects.toMatchObject({ code: 'signed_out' });
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1); // at most the provider's own latency timer
  });

  it("a refresh answered with another user's tokens ends the session with invalid and keeps none of them", async () => {
    // OpenID Connect Core 12.2: the refreshed ID token's sub must be the session's.
    const provider = startProvider();
    provider.addUser({ username: 'mallory' });
    const storage = memoryStorage();
    const { session, recorder } = startSession(provider, { storage, autoRefresh: false });
    await session.setTokens(issue(provider));
    const intruder = provider.issueTokens('mallory');
    const refresh = provider.refresh.bind(provider);
    provider.refresh = async (token, context, claims) => ({
      ...(await refresh(token, context, claims)),
      idToken: intruder.idToken,
      accessToken: intruder.accessToken,
    });
    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'invalid' });
    expect(await storage.get(KEY)).toBeUndefined();
    expect(recorder.of('signedOut')).toEqual([{ reason: 'invalid' }]);
    expect(recorder.of('refreshed')).toEqual([]);
  });
});
