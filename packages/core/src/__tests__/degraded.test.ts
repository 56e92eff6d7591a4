/**
 * A session whose refreshes keep failing: every wait is capped (a `Retry-After` of years does not
 * park it), and once the tokens' expiry passes the state says so while retries go on.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RETRY_AFTER_MS } from '../refreshPolicy.js';
import {
  advance,
  issue,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

const LIFETIME_MS = 3_600_000;

describe('degraded sessions', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it("fails a request after requestTimeoutMs, waits out one past setTimeout's range, refuses 0", async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const quick = startSession(provider, {
      requestTimeoutMs: 59_999,
      autoRefresh: false,
      retry: { maxAttempts: 1 },
    });
    const patient = startSession(provider, { requestTimeoutMs: 3_000_000_000, autoRefresh: false });
    await quick.session.setTokens(issue(provider));
    await patient.session.setTokens(issue(provider));
    provider.setLatency(60_000);
    const timedOut = quick.session.refresh().then(
      () => null,
      (error: unknown) => error,
    );
    const refreshed = patient.session.refresh();
    await advance(60_000);
    expect(await timedOut).toMatchObject({
      code: 'timeout',
      message: 'The provider did not answer within 59999 ms.',
    });
    await expect(refreshed).resolves.toMatchObject({ status: 'signedIn', error: null });
    expect(() => startSession(provider, { requestTimeoutMs: 0 })).toThrow(
      'createSession(): "requestTimeoutMs" must be above 0: a request always has a deadline.',
    );
    expect(() => startSession(provider, { requestTimeoutMs: -1 })).toThrow(
      '"requestTimeoutMs" must be a non-negative number',
    );
  });

  it('Retry-After: 99999999 leads to a retry within the cap, not in 3 years', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider, { retry: { maxAttempts: 1 } });
    await session.setTokens(issue(provider));
    provider.failNext('unavailable', 1, { retryAfterSeconds: 99_999_999 });
    await advance(LIFETIME_MS - 60_000);
    expect(refreshesOf(provider)).toHaveLength(1);
    const paused = session.getState();
    expect(paused).toMatchObject({ status: 'signedIn', error: { code: 'provider' } });
    const refreshAt = paused.status === 'signedIn' ? paused.refreshAt : null;
    expect(refreshAt).not.toBeNull();
    expect((refreshAt ?? 0) - Date.now()).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
    await advance(MAX_RETRY_AFTER_MS);
    expect(refreshesOf(provider)).toHaveLength(2);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null, expired: false });
  });

  it('past exp the state says the tokens are expired while retries go on, and new tokens clear it', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    // Offline for three retry rounds (4 attempts each, 30 s apart): past exp.
    provider.failNext('network', 12);
    await advance(LIFETIME_MS - 1_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: false });
    await advance(1_000);
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      expired: true,
      error: { code: 'network' },
    });
    const failedSoFar = refreshesOf(provider).length;
    expect(failedSoFar).toBeLessThan(12);
    // The retries go on past exp, and the first that gets through clears the mark.
    await advance(5 * 60_000);
    expect(refreshesOf(provider).length).toBe(13);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: false, error: null });
  });

  it('a refresh still in flight at exp marks the tokens expired at exp, not when it ends', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider, { autoRefresh: false, retry: { maxAttempts: 1 } });
    await session.setTokens(issue(provider));
    await advance(LIFETIME_MS - 2_000);
    // An answer that takes 5 s and then fails: the run started before exp outlasts it.
    provider.setLatency(5_000);
    provider.failNext('network', 1);
    const attempt = session.refresh();
    attempt.catch(() => {});
    await advance(1_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: false });
    await advance(1_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: true });
    await advance(3_000);
    await expect(attempt).rejects.toMatchObject({ code: 'network' });
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      expired: true,
      error: { code: 'network' },
    });
  });

  it('an automatic refresh still in flight at exp marks the tokens expired at exp', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    // The refresh starts 60 s before exp and its answer takes two minutes.
    const { session } = startSession(provider, {
      refreshLeewaySeconds: 60,
      requestTimeoutMs: 300_000,
    });
    await session.setTokens(issue(provider));
    provider.setLatency(120_000);
    await advance(LIFETIME_MS - 30_000);
    expect(refreshesOf(provider)).toHaveLength(1);
    expect(session.getState()).toMatchObject({ status: 'signedIn', refreshing: true });
    expect(session.getState()).toMatchObject({ expired: false });
    await advance(30_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: true });
    await advance(90_000);
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      refreshing: false,
      expired: false,
      error: null,
    });
  });

  it('a failure that plans no retry still turns the state expired at exp', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    // No automatic refresh, one attempt: a failed refresh the app asked for is not retried.
    const { session } = startSession(provider, { autoRefresh: false, retry: { maxAttempts: 1 } });
    await session.setTokens(issue(provider));
    provider.failNext('network', 1);
    await expect(session.refresh()).rejects.toMatchObject({ code: 'network' });
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      expired: false,
      refreshAt: null,
    });
    await advance(LIFETIME_MS - 1_000);
    expect(session.getState()).toMatchObject({ expired: false });
    await advance(1_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: true });
  });

  it("with autoRefresh off, the state turns expired at exp; it isn't before", async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider, { autoRefresh: false });
    await session.setTokens(issue(provider));
    await advance(LIFETIME_MS - 1);
    expect(session.getState()).toMatchObject({ expired: false });
    await advance(1);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: true });
    expect(refreshesOf(provider)).toHaveLength(0);
  });
});
