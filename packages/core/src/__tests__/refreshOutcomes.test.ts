/**
 * What a refresh tells the app (session/refreshRunner.ts, session/refreshAttempt.ts,
 * session/tokenHolder.ts): the `refreshed` event's payload, `signedIn` raised once per session,
 * the `refreshFailed` and `error` events of a refresh that gives up, and the end of a session
 * whose refresh token is refused when storage keeps no refresh token. Cases StrykerJS found
 * untested by the session suites (a one-off run over session/*.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionError } from '../errors.js';
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
import type { MemoryProvider } from './memoryProvider.js';

describe('what a refresh tells the app', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  describe('the refreshed event', () => {
    it('says the refresh token was rotated when the provider sent a new one', async () => {
      const provider = startProvider({ refreshTokenRotation: true });
      const { session, recorder } = startSession(provider, { autoRefresh: false });
      await session.setTokens(issue(provider));
      const state = await session.refresh();
      expect(recorder.of('refreshed')).toHaveLength(1);
      const { tokens } = recorder.of('refreshed')[0]!;
      expect(tokens).toMatchObject({ refreshTokenRotated: true, hasRefreshToken: true });
      expect(state.status === 'signedIn' && state.expiresAt).toBe(tokens.expiresAt);
      expect(state.status === 'signedIn' && state.user).toEqual(tokens.user);
    });

    it('says it was not when the answer had no refresh token (keep yours)', async () => {
      const provider = startProvider();
      const { session, recorder } = startSession(provider, { autoRefresh: false });
      await session.setTokens(issue(provider));
      await session.refresh();
      expect(recorder.of('refreshed')[0]?.tokens).toMatchObject({
        refreshTokenRotated: false,
        hasRefreshToken: true,
      });
    });

    it('says it was not when the answer repeated the refresh token sent', async () => {
      const provider = echoingProvider();
      const { session, recorder } = startSession(provider, { autoRefresh: false });
      await session.setTokens(issue(provider));
      await session.refresh();
      expect(provider.echoed).toBe(1);
      expect(recorder.of('refreshed')[0]?.tokens).toMatchObject({
        refreshTokenRotated: false,
        hasRefreshToken: true,
      });
    });
  });

  it('raises signedIn once per session: not again for new tokens or a refresh', async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider, { autoRefresh: false });
    await session.setTokens(issue(provider));
    await session.setTokens(issue(provider));
    await session.refresh();
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(recorder.of('refreshed')).toHaveLength(1);
    await session.signOut({ revoke: false });
    await session.setTokens(issue(provider));
    expect(recorder.of('signedIn')).toHaveLength(2);
  });

  it('a refresh the app asked for, its attempts spent with autoRefresh off, plans no retry and raises no error event', async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider, {
      autoRefresh: false,
      retry: { maxAttempts: 2 },
    });
    await session.setTokens(issue(provider));
    provider.failNext('network', 2);
    const refreshing = session.refresh();
    refreshing.catch(() => {});
    await advance(60_000);
    await expect(refreshing).rejects.toMatchObject({ code: 'network' });
    const failures = recorder.of('refreshFailed');
    expect(failures.map(({ willRetry, retryInMs }) => ({ willRetry, retryInMs }))).toEqual([
      { willRetry: true, retryInMs: expect.any(Number) },
      { willRetry: false, retryInMs: null },
    ]);
    expect(recorder.of('error')).toHaveLength(0);
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      error: { code: 'network' },
      refreshAt: null,
    });
    await advance(3_600_000);
    expect(refreshesOf(provider)).toHaveLength(2);
  });

  it('a configuration error is not retried: one refreshFailed, one error event, the session kept', async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider);
    await session.setTokens(issue(provider));
    let calls = 0;
    provider.refresh = async () => {
      calls++;
      throw new SessionError(
        'provider',
        'Cognito refused the request (ResourceNotFoundException).',
      );
    };
    await expect(session.refresh()).rejects.toMatchObject({ code: 'provider' });
    expect(calls).toBe(1);
    expect(recorder.of('refreshFailed')).toEqual([
      { error: expect.objectContaining({ code: 'provider' }), willRetry: false, retryInMs: null },
    ]);
    expect(recorder.of('error')).toEqual([
      { error: expect.objectContaining({ code: 'provider' }) },
    ]);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: { code: 'provider' } });
    expect(recorder.of('signedOut')).toHaveLength(0);
  });

  it("persist 'no-refresh-token': a revoked refresh token ends the session; storage's copy without one is not taken for a rotation", async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const { session, recorder } = startSession(provider, {
      storage,
      persist: 'no-refresh-token',
      autoRefresh: false,
    });
    await session.setTokens(issue(provider));
    expect(await storage.get(KEY)).toBeDefined();
    provider.revokeAll('alice');
    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
    expect(recorder.of('signedOut')).toEqual([{ reason: 'revoked' }]);
    expect(await storage.get(KEY)).toBeUndefined();
  });
});

/** A provider whose refresh answers repeat the refresh token they were sent. */
function echoingProvider(): MemoryProvider & { echoed: number } {
  const provider = startProvider() as MemoryProvider & { echoed: number };
  const refresh = provider.refresh.bind(provider);
  provider.echoed = 0;
  provider.refresh = async (refreshToken, context, claims) => {
    provider.echoed++;
    return { ...(await refresh(refreshToken, context, claims)), refreshToken };
  };
  return provider;
}
