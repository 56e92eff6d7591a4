import type { SessionError } from './errors.js';
import type { SignOutReason } from './types.js';

/** Refresh this long before the earliest `exp` (seconds). */
export const DEFAULT_REFRESH_LEEWAY_SECONDS = 60;
/** First retry delay after a transient refresh failure (ms). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
/** Longest retry delay, and the pause between automatic retry rounds (ms). */
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;
/** Attempts within one refresh (the first try plus retries), as Amplify's three retries. */
export const DEFAULT_RETRY_MAX_ATTEMPTS = 4;
/** A `Retry-After` longer than this is capped, so a bad header cannot park the session for days. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** Automatic refreshes never follow a successful one sooner than this (ms). */
export const MIN_AUTO_REFRESH_INTERVAL_MS = 5_000;
/** Loop guard: this many successful refreshes within {@link REFRESH_LOOP_WINDOW_MS} is a runaway loop. */
export const REFRESH_LOOP_LIMIT = 10;
/** Loop guard window (ms). */
export const REFRESH_LOOP_WINDOW_MS = 60_000;

/** What {@link computeRefreshAt} needs: times on the local clock, in ms. */
export interface RefreshTiming {
  /** When the tokens were issued (latest `iat`, skew-corrected). */
  issuedAt: number;
  /** When the first of them expires (earliest `exp`, skew-corrected). */
  expiresAt: number;
  /** Refresh this long before `expiresAt`. */
  leewaySeconds: number;
  /** The local clock now. */
  now: number;
}

/**
 * When to refresh, on the local clock (ms). Pure.
 *
 * At `expiresAt − leeway`; for lifetimes shorter than twice the leeway, at half-life (a 60 s
 * token with the default 60 s leeway refreshes after 30 s). The answer always lies between `now`
 * and `expiresAt`, whatever the inputs (an already expired token is due now).
 */
export function computeRefreshAt({
  issuedAt,
  expiresAt,
  leewaySeconds,
  now,
}: RefreshTiming): number {
  const leewayMs = Math.max(0, leewaySeconds) * 1000;
  const lifetimeMs = expiresAt - issuedAt;
  const ideal = lifetimeMs < 2 * leewayMs ? issuedAt + lifetimeMs / 2 : expiresAt - leewayMs;
  if (!Number.isFinite(ideal) || expiresAt <= now) return now;
  return Math.min(Math.max(ideal, now), expiresAt);
}

/** Backoff settings, resolved. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): capped exponential backoff with
 * "equal jitter" (half fixed, half random), so delays grow from one retry to the next while two
 * tabs that failed together do not retry in lockstep. A `Retry-After` from the server is a floor.
 */
export function computeRetryDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: number,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const jittered = ceiling / 2 + (Math.min(Math.max(random, 0), 1) * ceiling) / 2;
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, floor));
}

/** What a failed refresh means for the session. */
export type RefreshFailureOutcome =
  | { action: 'retry' }
  | { action: 'end'; reason: SignOutReason }
  | { action: 'surface' };

/**
 * Whether a refresh error is retried (network, timeout, 429, 5xx, garbage), ends the session
 * (the refresh token is dead: `invalid_grant`), or is surfaced on the state without retrying
 * (configuration errors such as a wrong client id: retrying cannot help, signing out would hide it).
 */
export function classifyRefreshFailure(error: SessionError): RefreshFailureOutcome {
  if (error.code === 'invalid_grant') {
    return { action: 'end', reason: error.signOutReason ?? 'expired' };
  }
  if (error.retryable) return { action: 'retry' };
  return { action: 'surface' };
}

/**
 * The loop guard (pure): true when the successful refreshes at `successTimes` (ms, ascending)
 * already fill the window ending at `now`, so another one would be a runaway loop.
 */
export function isRefreshLoop(successTimes: readonly number[], now: number): boolean {
  const recent = successTimes.filter((time) => now - time < REFRESH_LOOP_WINDOW_MS);
  return recent.length >= REFRESH_LOOP_LIMIT;
}

/** Without Web Locks, a tab's stagger never pushes its refresh past this close to expiry (ms). */
export const STAGGER_EXPIRY_MARGIN_MS = 1_000;

/** What {@link nextRefreshDeadline} needs: {@link RefreshTiming} and this tab's own history. */
export interface DeadlineInput extends RefreshTiming {
  /** This tab's stagger (ms): 0, except on a page whose tabs cannot take turns (no Web Locks). */
  staggerMs: number;
  /** When this tab last refreshed successfully, if it has. */
  lastRefreshAt: number | undefined;
}

/**
 * When the next automatic refresh is due, on the local clock (ms). Pure.
 *
 * {@link computeRefreshAt}, then the tab's stagger (never past one second before expiry, nor
 * before the plain deadline), then never sooner than {@link MIN_AUTO_REFRESH_INTERVAL_MS} after
 * the last successful refresh, so tokens that arrive nearly expired cannot drive a loop.
 */
export function nextRefreshDeadline(input: DeadlineInput): number {
  let at = computeRefreshAt(input);
  if (input.staggerMs > 0) {
    at = Math.min(at + input.staggerMs, Math.max(at, input.expiresAt - STAGGER_EXPIRY_MARGIN_MS));
  }
  if (input.lastRefreshAt !== undefined) {
    // A clock set back since then must not postpone the refresh by the size of the jump.
    const last = Math.min(input.lastRefreshAt, input.now);
    at = Math.max(at, last + MIN_AUTO_REFRESH_INTERVAL_MS);
  }
  return at;
}

/** What {@link decideAfterFailure} weighs. */
export interface FailureInput {
  error: SessionError;
  /** The attempt that failed, 1 for the first. */
  attempt: number;
  policy: RetryPolicy;
  /** A number in [0, 1) for the jitter. */
  random: number;
  /** Whether the session refreshes on its own (then a paused refresh is tried again later). */
  autoRefresh: boolean;
}

/** What the refresh runner does after a failed attempt. */
export type FailureDecision =
  /** The refresh token is dead: end the session (after looking for a rotated one). */
  | { kind: 'end'; reason: SignOutReason }
  /** Transient: wait `delayMs`, then try again within the same refresh. */
  | { kind: 'retry'; delayMs: number }
  /**
   * Give up this refresh: reject its callers, keep the session (degraded). `retryInMs` is when
   * the background tries again (null: not on its own); `surface` also raises an `error` event.
   */
  | { kind: 'pause'; retryInMs: number | null; surface: boolean };

/**
 * The retry decision after a failed refresh attempt. Pure.
 *
 * `invalid_grant` ends the session. A transient error is retried with {@link computeRetryDelay}
 * until `maxAttempts`; then the session pauses and, when it refreshes on its own, tries again
 * after the longest of `maxDelayMs`, the server's `Retry-After` (capped by
 * {@link MAX_RETRY_AFTER_MS}) and {@link MIN_AUTO_REFRESH_INTERVAL_MS}
 * (a bad header cannot park the session for days; no setting makes it spin). Anything else (configuration errors, the loop
 * guard) pauses without a retry and is surfaced.
 */
export function decideAfterFailure(input: FailureInput): FailureDecision {
  const outcome = classifyRefreshFailure(input.error);
  if (outcome.action === 'end') return { kind: 'end', reason: outcome.reason };
  if (outcome.action === 'surface') return { kind: 'pause', retryInMs: null, surface: true };
  const retryAfterMs = input.error.retryAfterMs;
  if (input.attempt < input.policy.maxAttempts) {
    return {
      kind: 'retry',
      delayMs: computeRetryDelay(input.attempt, input.policy, input.random, retryAfterMs),
    };
  }
  if (!input.autoRefresh) return { kind: 'pause', retryInMs: null, surface: false };
  // Never sooner than the minimum interval, whatever the settings (`maxDelayMs: 0`): a provider
  // that keeps failing must not get a request storm.
  const floor = Math.min(Math.max(retryAfterMs ?? 0, 0), MAX_RETRY_AFTER_MS);
  const retryInMs = Math.max(input.policy.maxDelayMs, floor, MIN_AUTO_REFRESH_INTERVAL_MS);
  return { kind: 'pause', retryInMs, surface: false };
}
