import type { Timers } from './timers.js';

/** The longest single timer step (ms). Long waits are split into steps of at most 30 s (docs/sessions.md, How refresh works). */
export const MAX_TIMER_STEP_MS = 30_000;

/** Runs one callback at a wall-clock deadline, robust to sleep and timer throttling. */
export interface Scheduler {
  /** Replaces any pending deadline. */
  schedule(deadline: number, callback: () => void): void;
  /** Runs the pending callback now if its deadline has passed (after a wake-up). */
  check(): void;
  cancel(): void;
  /** The pending deadline on the local clock, or null. */
  readonly deadline: number | null;
}

/**
 * A deadline timer that survives laptop sleep.
 *
 * Timers do not run while a machine sleeps, so one `setTimeout(fn, 50 minutes)` set before a
 * sleep fires 50 minutes after waking: far too late. Instead the wait is cut into steps of at
 * most `maxStepMs`, and each step compares the wall clock with the deadline, so the callback
 * runs at most one step after waking even when no page event tells us.
 */
export function createScheduler(
  timers: Timers,
  now: () => number,
  maxStepMs = MAX_TIMER_STEP_MS,
): Scheduler {
  let deadline: number | null = null;
  let callback: (() => void) | null = null;
  let handle: unknown = null;

  function clear() {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  }

  function fire() {
    const run = callback;
    deadline = null;
    callback = null;
    clear();
    run?.();
  }

  function step() {
    clear();
    if (deadline === null) return;
    const remaining = deadline - now();
    if (remaining <= 0) return fire();
    handle = timers.setTimeout(step, Math.min(remaining, maxStepMs));
  }

  return {
    schedule(at, run) {
      deadline = at;
      callback = run;
      step();
    },
    check() {
      if (deadline !== null && deadline <= now()) fire();
    },
    cancel() {
      deadline = null;
      callback = null;
      clear();
    },
    get deadline() {
      return deadline;
    },
  };
}
