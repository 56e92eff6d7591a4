import { describe, expect, it } from 'vitest';
import { SessionError } from '../errors.js';
import {
  classifyRefreshFailure,
  computeRefreshAt,
  computeRetryDelay,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  type DeadlineInput,
  decideAfterFailure,
  type FailureDecision,
  type FailureInput,
  isRefreshLoop,
  MAX_RETRY_AFTER_MS,
  MIN_AUTO_REFRESH_INTERVAL_MS,
  nextRefreshDeadline,
  REFRESH_LOOP_LIMIT,
  REFRESH_LOOP_WINDOW_MS,
  STAGGER_EXPIRY_MARGIN_MS,
} from '../refreshPolicy.js';

const HOUR = 3_600_000;

describe('policy constants', () => {
  // The numbers docs/sessions.md promises (Loop guard, `retry`), and the Retry-After cap of
  // refreshPolicy.ts: every other test reads them by name, so a changed value shows here.
  // biome-ignore format: one line per constant reads as a table
  it.each([
    { name: 'MIN_AUTO_REFRESH_INTERVAL_MS (5 s)', value: MIN_AUTO_REFRESH_INTERVAL_MS, expected: 5_000 },
    { name: 'REFRESH_LOOP_LIMIT (10 refreshes)', value: REFRESH_LOOP_LIMIT, expected: 10 },
    { name: 'REFRESH_LOOP_WINDOW_MS (60 s)', value: REFRESH_LOOP_WINDOW_MS, expected: 60_000 },
    { name: 'MAX_RETRY_AFTER_MS (10 min)', value: MAX_RETRY_AFTER_MS, expected: 600_000 },
    { name: 'STAGGER_EXPIRY_MARGIN_MS (1 s)', value: STAGGER_EXPIRY_MARGIN_MS, expected: 1_000 },
    { name: 'DEFAULT_RETRY_BASE_DELAY_MS (1 s)', value: DEFAULT_RETRY_BASE_DELAY_MS, expected: 1_000 },
    { name: 'DEFAULT_RETRY_MAX_DELAY_MS (30 s)', value: DEFAULT_RETRY_MAX_DELAY_MS, expected: 30_000 },
    { name: 'DEFAULT_RETRY_MAX_ATTEMPTS (4)', value: DEFAULT_RETRY_MAX_ATTEMPTS, expected: 4 },
  ])('$name', ({ value, expected }) => {
    expect(value).toBe(expected);
  });
});

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

describe('nextRefreshDeadline', () => {
  const T = 1_700_000_000_000;
  /** One row: a token issued at T + issued, expiring at T + expires, seen at T + now (all ms). */
  interface DeadlineRow {
    case: string;
    issued: number;
    expires: number;
    now: number;
    /** Default 60 s. */
    leewaySeconds?: number;
    staggerMs?: number;
    /** When this tab last refreshed, relative to T; absent: never. */
    last?: number;
    /** The deadline, relative to T. */
    expected: number;
  }

  // biome-ignore format: one line per case reads as a table
  const rows: DeadlineRow[] = [
    // plain deadline: one leeway before expiry
    { case: 'one-hour token: one leeway before expiry', issued: 0, expires: HOUR, now: 0, expected: HOUR - 60_000 },
    { case: 'the deadline does not move with now', issued: 0, expires: HOUR, now: 600_000, expected: HOUR - 60_000 },
    { case: 'a larger leeway refreshes sooner', issued: 0, expires: HOUR, now: 0, leewaySeconds: 300, expected: HOUR - 300_000 },
    { case: 'leeway 0: at expiry', issued: 0, expires: HOUR, now: 0, leewaySeconds: 0, expected: HOUR },
    { case: 'past the plain deadline: due now', issued: 0, expires: HOUR, now: HOUR - 10_000, expected: HOUR - 10_000 },
    // half-life for lifetimes shorter than twice the leeway
    { case: '60 s token, 60 s leeway: half-life', issued: 0, expires: 60_000, now: 0, expected: 30_000 },
    { case: '119 s token: still half-life', issued: 0, expires: 119_000, now: 0, expected: 59_500 },
    { case: '120 s token: plain deadline again', issued: 0, expires: 120_000, now: 0, expected: 60_000 },
    { case: 'half-life counts from issue, not from now', issued: -20_000, expires: 40_000, now: 0, expected: 10_000 },
    // the tab's stagger
    { case: 'stagger is added to the plain deadline', issued: 0, expires: HOUR, now: 0, staggerMs: 2_500, expected: HOUR - 57_500 },
    { case: 'stagger clamped to one second before expiry', issued: 0, expires: HOUR, now: 0, staggerMs: 120_000, expected: HOUR - STAGGER_EXPIRY_MARGIN_MS },
    { case: 'stagger exactly reaching the margin', issued: 0, expires: HOUR, now: 0, staggerMs: 59_000, expected: HOUR - 1_000 },
    { case: 'stagger on a short token clamped at expiry − 1 s', issued: 0, expires: 10_000, now: 0, staggerMs: 8_000, expected: 9_000 },
    { case: 'stagger never before the plain deadline (within the last second)', issued: 0, expires: HOUR, now: HOUR - 500, staggerMs: 3_000, expected: HOUR - 500 },
    { case: 'stagger never before the plain deadline (half-life past the margin)', issued: 0, expires: 1_500, now: 0, staggerMs: 3_000, expected: 750 },
    { case: 'zero stagger: plain deadline', issued: 0, expires: HOUR, now: 0, staggerMs: 0, expected: HOUR - 60_000 },
    { case: 'negative stagger is ignored', issued: 0, expires: HOUR, now: 0, staggerMs: -5_000, expected: HOUR - 60_000 },
    // minimum interval after the last successful refresh
    { case: 'a refresh long ago does not delay the deadline', issued: 0, expires: HOUR, now: 0, last: -HOUR, expected: HOUR - 60_000 },
    { case: 'a refresh just now does not delay a distant deadline', issued: 0, expires: HOUR, now: 0, last: 0, expected: HOUR - 60_000 },
    { case: 'nearly expired tokens wait the minimum interval', issued: 0, expires: 4_000, now: 0, last: 0, expected: MIN_AUTO_REFRESH_INTERVAL_MS },
    { case: 'the minimum interval counts from the last refresh', issued: 0, expires: 4_000, now: 1_000, last: -2_000, expected: 3_000 },
    { case: 'the minimum interval wins over a clamped stagger', issued: 0, expires: 3_000, now: 0, staggerMs: 10_000, last: 0, expected: 5_000 },
    { case: 'a clock set back an hour since the last refresh does not postpone it', issued: 0, expires: 600_000, now: 0, last: HOUR, expected: 540_000 },
    { case: 'the minimum interval exactly met: unchanged', issued: 0, expires: 20_000, now: 0, last: 5_000, expected: 10_000 },
    // already expired
    { case: 'expired token: due now', issued: 0, expires: HOUR, now: 2 * HOUR, expected: 2 * HOUR },
    { case: 'expiring exactly now: due now', issued: 0, expires: HOUR, now: HOUR, expected: HOUR },
    { case: 'expired token: no stagger', issued: 0, expires: HOUR, now: 2 * HOUR, staggerMs: 3_000, expected: 2 * HOUR },
    { case: 'expired token, refreshed long ago: due now', issued: 0, expires: HOUR, now: 2 * HOUR, last: 0, expected: 2 * HOUR },
    { case: 'expired token, refreshed a second ago: the minimum interval', issued: 0, expires: HOUR, now: 2 * HOUR, last: 2 * HOUR - 1_000, expected: 2 * HOUR + 4_000 },
  ];

  it.each(rows)('$case', (row) => {
    const deadline = nextRefreshDeadline({
      issuedAt: T + row.issued,
      expiresAt: T + row.expires,
      now: T + row.now,
      leewaySeconds: row.leewaySeconds ?? 60,
      staggerMs: row.staggerMs ?? 0,
      lastRefreshAt: row.last === undefined ? undefined : T + row.last,
    });
    expect(deadline - T).toBe(row.expected);
  });

  it('equals computeRefreshAt without stagger or history', () => {
    const input: DeadlineInput = {
      issuedAt: T,
      expiresAt: T + HOUR,
      leewaySeconds: 90,
      now: T + 1_000,
      staggerMs: 0,
      lastRefreshAt: undefined,
    };
    expect(nextRefreshDeadline(input)).toBe(computeRefreshAt(input));
  });
});

describe('decideAfterFailure', () => {
  const policy = {
    baseDelayMs: DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS,
    maxAttempts: DEFAULT_RETRY_MAX_ATTEMPTS,
  };
  const LAST = DEFAULT_RETRY_MAX_ATTEMPTS;
  const MAX_DELAY = DEFAULT_RETRY_MAX_DELAY_MS;

  const revoked = new SessionError('invalid_grant', 'x', { signOutReason: 'revoked' });
  const grantExpired = new SessionError('invalid_grant', 'x', { signOutReason: 'expired' });
  const grantNoReason = new SessionError('invalid_grant', 'x');
  const grantRetryable = new SessionError('invalid_grant', 'x', {
    retryable: true,
    retryAfterMs: 5_000,
  });
  const network = new SessionError('network', 'offline', { retryable: true });
  const timeout = new SessionError('timeout', 'slow', { retryable: true });
  const server503 = new SessionError('provider', '503', { retryable: true, status: 503 });
  const rateLimited = (retryAfterMs: number) =>
    new SessionError('rate_limited', '429', { retryable: true, status: 429, retryAfterMs });
  const config = new SessionError('provider', 'bad client id', { status: 400 });
  const configWithRetryAfter = new SessionError('provider', 'x', { retryAfterMs: 5_000 });
  const invalidToken = new SessionError('invalid_token', 'bad aud');
  /** What the loop guard fails a refresh with (session/loopGuard.ts). */
  const loopGuard = new SessionError('invalid_response', 'Stopped refreshing');

  /** One row: the failure, and what the refresh runner must do. Defaults: random 0, autoRefresh. */
  interface FailureRow {
    case: string;
    error: SessionError;
    attempt: number;
    random?: number;
    autoRefresh?: boolean;
    policy?: Partial<FailureInput['policy']>;
    expected: FailureDecision;
  }

  // biome-ignore format: one line per case reads as a table
  const rows: FailureRow[] = [
    // invalid_grant: the session ends, whatever else the error says
    { case: 'invalid_grant, revoked → end (revoked)', error: revoked, attempt: 1, expected: { kind: 'end', reason: 'revoked' } },
    { case: 'invalid_grant, expired → end (expired)', error: grantExpired, attempt: 2, expected: { kind: 'end', reason: 'expired' } },
    { case: 'invalid_grant without a reason → end (expired)', error: grantNoReason, attempt: 1, expected: { kind: 'end', reason: 'expired' } },
    { case: 'invalid_grant marked retryable → still end', error: grantRetryable, attempt: 1, expected: { kind: 'end', reason: 'expired' } },
    { case: 'invalid_grant on the last attempt → end', error: revoked, attempt: LAST, expected: { kind: 'end', reason: 'revoked' } },
    { case: 'invalid_grant without autoRefresh → end', error: revoked, attempt: 1, autoRefresh: false, expected: { kind: 'end', reason: 'revoked' } },
    // transient with attempts left: retry after the backoff delay
    { case: 'network, attempt 1, least jitter → 500 ms', error: network, attempt: 1, expected: { kind: 'retry', delayMs: 500 } },
    { case: 'network, attempt 1, most jitter → 1000 ms', error: network, attempt: 1, random: 0.9999, expected: { kind: 'retry', delayMs: 1_000 } },
    { case: 'network, attempt 2, least jitter → 1000 ms', error: network, attempt: 2, expected: { kind: 'retry', delayMs: 1_000 } },
    { case: 'timeout, attempt 3, half jitter → 3000 ms', error: timeout, attempt: 3, random: 0.5, expected: { kind: 'retry', delayMs: 3_000 } },
    { case: 'retryable 5xx → retry', error: server503, attempt: 1, expected: { kind: 'retry', delayMs: 500 } },
    { case: 'backoff capped at maxDelayMs (least jitter: half of it)', error: network, attempt: 9, policy: { maxAttempts: 10 }, expected: { kind: 'retry', delayMs: MAX_DELAY / 2 } },
    { case: 'without autoRefresh a refresh still retries within itself', error: network, attempt: 1, autoRefresh: false, expected: { kind: 'retry', delayMs: 500 } },
    // Retry-After is a floor, capped
    { case: 'Retry-After above the backoff is the delay', error: rateLimited(7_000), attempt: 1, expected: { kind: 'retry', delayMs: 7_000 } },
    { case: 'Retry-After below the backoff is ignored', error: rateLimited(200), attempt: 3, random: 0.5, expected: { kind: 'retry', delayMs: 3_000 } },
    { case: 'Retry-After 0 is ignored', error: rateLimited(0), attempt: 1, expected: { kind: 'retry', delayMs: 500 } },
    { case: 'Retry-After above maxDelayMs still a floor', error: rateLimited(45_000), attempt: 3, expected: { kind: 'retry', delayMs: 45_000 } },
    { case: 'Retry-After of 99,999,999 ms → MAX_RETRY_AFTER_MS', error: rateLimited(99_999_999), attempt: 1, expected: { kind: 'retry', delayMs: MAX_RETRY_AFTER_MS } },
    { case: 'Retry-After of Infinity → MAX_RETRY_AFTER_MS', error: rateLimited(Number.POSITIVE_INFINITY), attempt: 2, expected: { kind: 'retry', delayMs: MAX_RETRY_AFTER_MS } },
    // attempts exhausted: pause, and try again later only when refreshing on its own
    { case: 'exhausted, autoRefresh → pause maxDelayMs', error: network, attempt: LAST, expected: { kind: 'pause', retryInMs: MAX_DELAY, surface: false } },
    { case: 'past maxAttempts → pause', error: network, attempt: LAST + 3, expected: { kind: 'pause', retryInMs: MAX_DELAY, surface: false } },
    { case: 'maxAttempts 1: the first failure pauses', error: timeout, attempt: 1, policy: { maxAttempts: 1 }, expected: { kind: 'pause', retryInMs: MAX_DELAY, surface: false } },
    { case: 'exhausted, Retry-After above maxDelayMs → Retry-After', error: rateLimited(45_000), attempt: LAST, expected: { kind: 'pause', retryInMs: 45_000, surface: false } },
    { case: 'exhausted, Retry-After below maxDelayMs → maxDelayMs', error: rateLimited(5_000), attempt: LAST, expected: { kind: 'pause', retryInMs: MAX_DELAY, surface: false } },
    { case: 'exhausted, Retry-After of 99,999,999 ms → MAX_RETRY_AFTER_MS', error: rateLimited(99_999_999), attempt: LAST, expected: { kind: 'pause', retryInMs: MAX_RETRY_AFTER_MS, surface: false } },
    { case: 'exhausted, negative Retry-After → maxDelayMs', error: rateLimited(-5_000), attempt: LAST, expected: { kind: 'pause', retryInMs: MAX_DELAY, surface: false } },
    { case: 'exhausted, maxDelayMs above the cap → maxDelayMs', error: rateLimited(99_999_999), attempt: LAST, policy: { maxDelayMs: 2 * MAX_RETRY_AFTER_MS }, expected: { kind: 'pause', retryInMs: 2 * MAX_RETRY_AFTER_MS, surface: false } },
    { case: 'exhausted, maxDelayMs 0 → still the minimum interval (no storm)', error: network, attempt: LAST, policy: { baseDelayMs: 0, maxDelayMs: 0 }, expected: { kind: 'pause', retryInMs: MIN_AUTO_REFRESH_INTERVAL_MS, surface: false } },
    { case: 'exhausted, no autoRefresh → pause, no retry', error: network, attempt: LAST, autoRefresh: false, expected: { kind: 'pause', retryInMs: null, surface: false } },
    { case: 'exhausted, no autoRefresh, Retry-After → pause, no retry', error: rateLimited(45_000), attempt: LAST, autoRefresh: false, expected: { kind: 'pause', retryInMs: null, surface: false } },
    // neither invalid_grant nor retryable: pause, no retry, surfaced
    { case: 'configuration error → pause, surfaced', error: config, attempt: 1, expected: { kind: 'pause', retryInMs: null, surface: true } },
    { case: 'configuration error with Retry-After → still no retry', error: configWithRetryAfter, attempt: 1, expected: { kind: 'pause', retryInMs: null, surface: true } },
    { case: 'invalid_token → pause, surfaced', error: invalidToken, attempt: 2, expected: { kind: 'pause', retryInMs: null, surface: true } },
    { case: 'the loop guard → pause, surfaced', error: loopGuard, attempt: 1, expected: { kind: 'pause', retryInMs: null, surface: true } },
    { case: 'non-retryable on the last attempt → surfaced', error: config, attempt: LAST, expected: { kind: 'pause', retryInMs: null, surface: true } },
    { case: 'non-retryable without autoRefresh → surfaced', error: config, attempt: 1, autoRefresh: false, expected: { kind: 'pause', retryInMs: null, surface: true } },
  ];

  it.each(rows)('$case', (row) => {
    const decision = decideAfterFailure({
      error: row.error,
      attempt: row.attempt,
      policy: { ...policy, ...row.policy },
      random: row.random ?? 0,
      autoRefresh: row.autoRefresh ?? true,
    });
    expect(decision).toEqual(row.expected);
  });

  it('a Retry-After of 99,999,999 ms never waits longer than MAX_RETRY_AFTER_MS', () => {
    const error = rateLimited(99_999_999);
    for (let attempt = 1; attempt <= LAST + 1; attempt++) {
      for (const random of [0, 0.5, 0.999]) {
        const decision = decideAfterFailure({ error, attempt, policy, random, autoRefresh: true });
        const waitMs =
          decision.kind === 'retry'
            ? decision.delayMs
            : decision.kind === 'pause'
              ? decision.retryInMs
              : null;
        expect(waitMs).toBe(MAX_RETRY_AFTER_MS);
      }
    }
  });
});
