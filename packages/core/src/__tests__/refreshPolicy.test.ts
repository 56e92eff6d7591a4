import { describe, expect, it } from 'vitest';
import { SessionError } from '../errors.js';
import {
  classifyRefreshFailure,
  computeRefreshAt,
  computeRetryDelay,
  isRefreshLoop,
  MAX_RETRY_AFTER_MS,
  REFRESH_LOOP_LIMIT,
  REFRESH_LOOP_WINDOW_MS,
} from '../refreshPolicy.js';

const HOUR = 3_600_000;

describe('computeRefreshAt', () => {
  it('refreshes one leeway before expiry for long-lived tokens', () => {
    const at = computeRefreshAt({ issuedAt: 0, expiresAt: HOUR, leewaySeconds: 60, now: 0 });
    expect(at).toBe(HOUR - 60_000);
  });

  it('refreshes at half-life when the lifetime is shorter than twice the leeway', () => {
    expect(computeRefreshAt({ issuedAt: 0, expiresAt: 60_000, leewaySeconds: 60, now: 0 })).toBe(
      30_000,
    );
    expect(computeRefreshAt({ issuedAt: 0, expiresAt: 119_000, leewaySeconds: 60, now: 0 })).toBe(
      59_500,
    );
  });

  it('is due now for tokens already past their refresh time or expired', () => {
    expect(
      computeRefreshAt({ issuedAt: 0, expiresAt: HOUR, leewaySeconds: 60, now: HOUR - 1000 }),
    ).toBe(HOUR - 1000);
    expect(
      computeRefreshAt({ issuedAt: 0, expiresAt: HOUR, leewaySeconds: 60, now: 2 * HOUR }),
    ).toBe(2 * HOUR);
  });

  it('stays between now and expiry for nonsense input', () => {
    const at = computeRefreshAt({
      issuedAt: Number.NaN,
      expiresAt: 5000,
      leewaySeconds: -3,
      now: 1000,
    });
    expect(at).toBeGreaterThanOrEqual(1000);
    expect(at).toBeLessThanOrEqual(5000);
  });
});

describe('computeRetryDelay', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('grows exponentially with half fixed, half random jitter', () => {
    expect(computeRetryDelay(1, policy, 0)).toBe(500);
    expect(computeRetryDelay(1, policy, 1)).toBe(1000);
    expect(computeRetryDelay(2, policy, 0)).toBe(1000);
    expect(computeRetryDelay(3, policy, 0.5)).toBe(3000);
    // Each retry's smallest delay is at least the previous retry's largest.
    for (let retry = 1; retry < 5; retry++) {
      expect(computeRetryDelay(retry + 1, policy, 0)).toBeGreaterThanOrEqual(
        computeRetryDelay(retry, policy, 1),
      );
    }
  });

  it('is capped at maxDelayMs', () => {
    expect(computeRetryDelay(50, policy, 1)).toBe(30_000);
  });

  it('honours Retry-After as a floor, itself capped', () => {
    expect(computeRetryDelay(1, policy, 0, 7000)).toBe(7000);
    expect(computeRetryDelay(1, policy, 0, 10 * 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('classifyRefreshFailure', () => {
  it('ends the session on invalid_grant with the provider-given reason', () => {
    const revoked = new SessionError('invalid_grant', 'x', { signOutReason: 'revoked' });
    expect(classifyRefreshFailure(revoked)).toEqual({ action: 'end', reason: 'revoked' });
    expect(classifyRefreshFailure(new SessionError('invalid_grant', 'x'))).toEqual({
      action: 'end',
      reason: 'expired',
    });
  });

  it('retries transient errors and surfaces configuration errors', () => {
    expect(classifyRefreshFailure(new SessionError('network', 'x', { retryable: true }))).toEqual({
      action: 'retry',
    });
    expect(classifyRefreshFailure(new SessionError('provider', 'x'))).toEqual({
      action: 'surface',
    });
  });
});

describe('isRefreshLoop', () => {
  it('trips when the window already holds the limit of refreshes', () => {
    const times = Array.from({ length: REFRESH_LOOP_LIMIT }, (_, index) => index * 1000);
    expect(isRefreshLoop(times, REFRESH_LOOP_LIMIT * 1000)).toBe(true);
    expect(isRefreshLoop(times.slice(1), REFRESH_LOOP_LIMIT * 1000)).toBe(false);
    expect(isRefreshLoop(times, REFRESH_LOOP_WINDOW_MS + 10_000)).toBe(false);
  });
});
