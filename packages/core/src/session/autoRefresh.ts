import type { TokenSnapshot } from '../claims.js';
import { nextRefreshDeadline } from '../refreshPolicy.js';
import { createScheduler } from '../scheduler.js';
import type { ResolvedSessionOptions } from '../sessionOptions.js';
import { type WakeReason, watchWakeUps } from '../wakeUps.js';
import type { LoopGuard } from './loopGuard.js';

/** Without Web Locks, each tab delays its automatic refresh by up to this much (ms). */
const LOCKLESS_STAGGER_MS = 3_000;

/** What the timer does when it fires. */
export interface AutoRefreshHandlers {
  /** A refresh is due. */
  refresh(): void;
  /** The tokens ran out and there is no refresh token. */
  expire(): void;
  /** The tokens ran out while refreshes keep failing (or none runs automatically). */
  expired(): void;
  /** The page woke up (timers may have missed their moment). */
  wake(reason: WakeReason): void;
}

/**
 * Owns the session's one timer and the page's wake-up listeners: plans when the next refresh is
 * due (the pure {@link nextRefreshDeadline}) and arms the timer for it, or for expiry when there
 * is nothing to refresh with.
 */
export interface AutoRefresh {
  /** When tokens are due for an automatic refresh, or null when none will run. */
  plan(snapshot: TokenSnapshot): number | null;
  /** Arms the timer for `snapshot`: a refresh at `refreshAt`, or its end at expiry. */
  arm(snapshot: TokenSnapshot, refreshAt: number | null): void;
  /**
   * While a refresh runs: no refresh timer, but the tokens still get their expired mark when
   * `exp` passes (at once if it has), so a long or retrying run never shows them as valid.
   */
  armExpiry(snapshot: TokenSnapshot | null): void;
  /**
   * Starts listening for wake-ups (`arm` does too). createSession calls it while the first
   * storage read is in flight, so a restored session does not wait for it on its way to `ready`.
   */
  watch(): void;
  /** Runs a due timer now (after a wake-up). */
  check(): void;
  /** Cancels the timer; `stopWatching` also removes the wake-up listeners (signed out). */
  cancel(stopWatching?: boolean): void;
}

export function createAutoRefresh(
  config: ResolvedSessionOptions,
  loopGuard: LoopGuard,
  /** True on a browser page whose tabs cannot take turns (no Web Locks). */
  isLocklessPage: () => boolean,
  handlers: AutoRefreshHandlers,
): AutoRefresh {
  const { now } = config;
  const scheduler = createScheduler(config.timers, now);
  /** Without Web Locks, tabs refresh at slightly different moments so one can adopt another's result. */
  const staggerMs = Math.round(config.random() * LOCKLESS_STAGGER_MS);
  let stopWakeUps: (() => void) | null = null;
  function watch(): void {
    stopWakeUps ??= watchWakeUps(handlers.wake);
  }

  return {
    plan(snapshot) {
      if (!snapshot.tokens.refreshToken || !config.autoRefresh || loopGuard.tripped) return null;
      return nextRefreshDeadline({
        issuedAt: snapshot.issuedAt,
        expiresAt: snapshot.expiresAt,
        leewaySeconds: config.refreshLeewaySeconds,
        now: now(),
        staggerMs: isLocklessPage() ? staggerMs : 0,
        lastRefreshAt: loopGuard.lastRefreshAt,
      });
    },
    watch,
    arm(snapshot, refreshAt) {
      watch();
      if (!snapshot.tokens.refreshToken) {
        // Nothing to refresh with: the session simply ends when the tokens do.
        scheduler.schedule(snapshot.expiresAt, handlers.expire);
      } else {
        // A retry (or no refresh at all) past expiry: mark the tokens expired when they are.
        const expiresAt = snapshot.expiresAt > now() ? snapshot.expiresAt : null;
        if (expiresAt === null) handlers.expired();
        const retry = () => refreshAt !== null && scheduler.schedule(refreshAt, handlers.refresh);
        if (expiresAt !== null && (refreshAt === null || refreshAt > expiresAt)) {
          scheduler.schedule(expiresAt, () => {
            handlers.expired();
            retry();
          });
        } else if (refreshAt === null) {
          scheduler.cancel();
        } else {
          retry();
        }
      }
    },
    armExpiry(snapshot) {
      scheduler.cancel();
      if (!snapshot?.tokens.refreshToken) return;
      if (snapshot.expiresAt > now()) scheduler.schedule(snapshot.expiresAt, handlers.expired);
      else handlers.expired();
    },
    check: () => scheduler.check(),
    cancel(stopWatching = false) {
      scheduler.cancel();
      if (!stopWatching) return;
      stopWakeUps?.();
      stopWakeUps = null;
    },
  };
}
