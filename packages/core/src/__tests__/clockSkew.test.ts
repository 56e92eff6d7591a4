/**
 * The clock-skew bound: tokens measured as issued further from the device clock than
 * `maxClockSkewSeconds` are refused (a wrong clock and stale tokens look alike beyond it); a
 * device clock an hour off still works.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  advance,
  issue,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

const HOUR_MS = 3_600_000;

describe('clock skew bound', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('refuses a token set issued 47 hours before the device clock, naming the device clock', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const tokens = issue(provider);
    vi.setSystemTime(Date.now() + 47 * HOUR_MS);
    const { session } = startSession(provider);
    const attempt = session.setTokens(tokens);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(attempt).rejects.toThrow(/47 hours before this device's clock.*device clock/);
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
  });

  it.each([
    ['behind', -1],
    ['ahead', 1],
  ])(
    'works with a device clock an hour %s: signed in, and refreshed before the real expiry',
    async (_, sign) => {
      const provider = startProvider({ tokenLifetimeSeconds: 3600 });
      const tokens = issue(provider);
      // The pool's clock is the fake clock; the device's is an hour off from it.
      vi.setSystemTime(Date.now() + sign * HOUR_MS);
      const { session } = startSession(provider);
      await session.setTokens(tokens);
      expect(session.getState()).toMatchObject({ status: 'signedIn' });
      await advance(3600_000 - 30_000);
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(session.getState()).toMatchObject({ status: 'signedIn' });
    },
  );

  it('takes its bound from maxClockSkewSeconds', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const tokens = issue(provider);
    vi.setSystemTime(Date.now() - 2 * HOUR_MS);
    const strict = startSession(provider, { maxClockSkewSeconds: 3600 }).session;
    await expect(strict.setTokens(tokens)).rejects.toThrow(/2 hours after this device's clock/);
    const lenient = startSession(provider, { maxClockSkewSeconds: 3 * 3600 }).session;
    await expect(lenient.setTokens(tokens)).resolves.toMatchObject({ status: 'signedIn' });
  });

  it('refuses a refresh answer from a clock beyond the bound, keeping the tokens it has', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    // The device clock (the session's `now`) may drift from the pool's (the fake clock).
    let driftMs = 0;
    const { session } = startSession(provider, {
      autoRefresh: false,
      maxClockSkewSeconds: 600,
      now: () => Date.now() + driftMs,
    });
    const tokens = issue(provider);
    await session.setTokens(tokens);
    driftMs = -20 * 60_000;
    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_token' });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens.accessToken).toBe(tokens.accessToken);
    // Back within the bound, the next refresh is taken.
    driftMs = -5 * 60_000;
    await expect(session.refresh()).resolves.toMatchObject({ status: 'signedIn' });
  });

  it('refuses a negative or non-numeric maxClockSkewSeconds', () => {
    const provider = startProvider();
    expect(() => startSession(provider, { maxClockSkewSeconds: -1 })).toThrow(
      /"maxClockSkewSeconds" must be a non-negative number/,
    );
  });
});
