import { SessionError } from '../errors.js';
import { isRefreshLoop, REFRESH_LOOP_LIMIT, REFRESH_LOOP_WINDOW_MS } from '../refreshPolicy.js';

/**
 * The refresh loop guard: remembers this tab's recent successful refreshes and trips when another
 * would make {@link REFRESH_LOOP_LIMIT} within {@link REFRESH_LOOP_WINDOW_MS}. Once tripped, no
 * automatic refresh is scheduled until new tokens arrive from a sign-in or a refresh the app asks for.
 */
export interface LoopGuard {
  /** The error the guard tripped with, or null. */
  readonly tripped: SessionError | null;
  /** When this tab last refreshed successfully. */
  readonly lastRefreshAt: number | undefined;
  /** Trips the guard when one more refresh now would be a loop; returns the error then. */
  check(now: number): SessionError | null;
  recordSuccess(now: number): void;
  /** Forgets the history (a new sign-in). */
  reset(): void;
}

export function createLoopGuard(): LoopGuard {
  const successes: number[] = [];
  let tripped: SessionError | null = null;
  return {
    get tripped() {
      return tripped;
    },
    get lastRefreshAt() {
      return successes.at(-1);
    },
    check(now) {
      if (!isRefreshLoop(successes, now)) return null;
      tripped = new SessionError(
        'invalid_response',
        `Stopped refreshing: ${REFRESH_LOOP_LIMIT} refreshes within ${REFRESH_LOOP_WINDOW_MS / 1000} s. ` +
          'The provider keeps issuing tokens that expire almost at once; check the token lifetime ' +
          'of the app client and the device clock.',
      );
      return tripped;
    },
    recordSuccess(now) {
      successes.push(now);
      while (successes.length > REFRESH_LOOP_LIMIT) successes.shift();
      tripped = null;
    },
    reset() {
      successes.length = 0;
      tripped = null;
    },
  };
}
