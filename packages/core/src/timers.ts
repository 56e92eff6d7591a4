/** The timer port. Defaults look the globals up at call time, so fake timers installed later work. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The longest delay `setTimeout` keeps (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Browser/Node timers; Node handles are `unref`ed so a session never keeps a process alive. A
 * delay over {@link MAX_DELAY_MS} (a long `requestTimeoutMs` or `storageTimeoutMs`) waits that long.
 */
export const defaultTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = globalThis.setTimeout(callback, Math.min(ms, MAX_DELAY_MS)) as unknown;
    (handle as { unref?: () => void } | undefined)?.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/**
 * `pending`, or the error `late()` makes once `ms` have passed without it settling; the timer goes
 * either way. The request timeout and the storage deadline both race this way.
 */
export function withDeadline<T>(
  timers: Timers,
  ms: number,
  pending: Promise<T>,
  late: () => Error,
): Promise<T> {
  let handle: unknown;
  const expired = new Promise<never>((_, reject) => {
    handle = timers.setTimeout(() => reject(late()), ms);
  });
  return Promise.race([pending, expired]).finally(() => timers.clearTimeout(handle));
}

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const handle = timers.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      timers.clearTimeout(handle);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
