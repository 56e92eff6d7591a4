/**
 * A movable wall clock for the peers' refresh cycles: replaces the global `Date` with a subclass
 * whose `Date.now()` and `new Date()` read the real clock plus an offset the figure moves on.
 * Timers stay real: a timer an SDK schedules from the moved clock is still a live timer.
 */

const RealDate = globalThis.Date;
let offsetMs = 0;

class MovableDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}

/** Installs the movable clock as the global `Date` (before the SDK under test is imported). */
export function installMovableClock(): void {
  Object.defineProperty(globalThis, 'Date', {
    value: MovableDate,
    configurable: true,
    writable: true,
  });
}

/** Moves the clock `ms` on. */
export function advanceClock(ms: number): void {
  offsetMs += ms;
}

/** Seconds since the epoch on the moved clock. */
export function nowSeconds(): number {
  return Math.floor(MovableDate.now() / 1000);
}
