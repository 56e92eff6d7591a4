/**
 * Unit tests of two small session units: the refresh loop guard (session/loopGuard.ts) and the
 * generations that are the session's one cancellation mechanism (session/generations.ts).
 */
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../errors.js';
import { REFRESH_LOOP_LIMIT, REFRESH_LOOP_WINDOW_MS } from '../refreshPolicy.js';
import { createGenerations } from '../session/generations.js';
import { createLoopGuard, type LoopGuard } from '../session/loopGuard.js';

const T = 1_700_000_000_000;
const WINDOW = REFRESH_LOOP_WINDOW_MS;

/** Records `count` successes one second apart, the first at `start`; returns the last time. */
function succeed(guard: LoopGuard, count: number, start = T): number {
  for (let index = 0; index < count; index++) guard.recordSuccess(start + index * 1000);
  return start + (count - 1) * 1000;
}

describe('loop guard', () => {
  it('starts untripped, with no last refresh', () => {
    const guard = createLoopGuard();
    expect(guard.tripped).toBeNull();
    expect(guard.lastRefreshAt).toBeUndefined();
    expect(guard.check(T)).toBeNull();
  });

  it('does not trip one refresh short of the limit', () => {
    const guard = createLoopGuard();
    const last = succeed(guard, REFRESH_LOOP_LIMIT - 1);
    expect(guard.check(last + 1000)).toBeNull();
    expect(guard.tripped).toBeNull();
  });

  it('trips at the limit within the window, with an error naming the loop', () => {
    const guard = createLoopGuard();
    const last = succeed(guard, REFRESH_LOOP_LIMIT);
    const error = guard.check(last + 1000);
    expect(isSessionError(error)).toBe(true);
    expect(error?.code).toBe('invalid_response');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toContain(
      `${REFRESH_LOOP_LIMIT} refreshes within ${REFRESH_LOOP_WINDOW_MS / 1000} s`,
    );
    // It tells the developer where to look.
    expect(error?.message).toMatch(/token lifetime.*device clock/);
    expect(guard.tripped).toBe(error);
  });

  // The first of REFRESH_LOOP_LIMIT successes one second apart was `after` ms before the check.
  it.each([
    { case: 'the oldest 1 ms inside the window → trips', after: WINDOW - 1, trips: true },
    { case: 'the oldest exactly a window ago → does not trip', after: WINDOW, trips: false },
    { case: 'the oldest well outside the window → does not trip', after: 2 * WINDOW, trips: false },
  ])('$case', ({ after, trips }) => {
    const guard = createLoopGuard();
    succeed(guard, REFRESH_LOOP_LIMIT);
    expect(guard.check(T + after) !== null).toBe(trips);
    expect(guard.tripped !== null).toBe(trips);
  });

  it('does not trip when the limit is spread over more than the window', () => {
    const guard = createLoopGuard();
    const spacing = Math.ceil(REFRESH_LOOP_WINDOW_MS / (REFRESH_LOOP_LIMIT - 1)) + 1;
    let now = T;
    for (let index = 0; index < 3 * REFRESH_LOOP_LIMIT; index++) {
      expect(guard.check(now)).toBeNull();
      guard.recordSuccess(now);
      now += spacing;
    }
    expect(guard.tripped).toBeNull();
  });

  it('counts only recent refreshes when older ones came before', () => {
    const guard = createLoopGuard();
    succeed(guard, REFRESH_LOOP_LIMIT - 1, T - 10 * REFRESH_LOOP_WINDOW_MS);
    const last = succeed(guard, REFRESH_LOOP_LIMIT - 1);
    expect(guard.check(last + 1000)).toBeNull();
    guard.recordSuccess(last + 1000);
    expect(guard.check(last + 2000)).not.toBeNull();
  });

  it('stays tripped until a success or a reset, even once the window has passed', () => {
    const guard = createLoopGuard();
    const last = succeed(guard, REFRESH_LOOP_LIMIT);
    const error = guard.check(last);
    expect(error).not.toBeNull();
    expect(guard.check(last + 2 * REFRESH_LOOP_WINDOW_MS)).toBeNull();
    expect(guard.tripped).toBe(error);

    guard.recordSuccess(last + 2 * REFRESH_LOOP_WINDOW_MS);
    expect(guard.tripped).toBeNull();
  });

  it('reset clears the trip, the history and the last refresh', () => {
    const guard = createLoopGuard();
    const last = succeed(guard, REFRESH_LOOP_LIMIT);
    expect(guard.check(last)).not.toBeNull();

    guard.reset();
    expect(guard.tripped).toBeNull();
    expect(guard.lastRefreshAt).toBeUndefined();
    expect(guard.check(last)).toBeNull();
    // The history starts again from nothing.
    const again = succeed(guard, REFRESH_LOOP_LIMIT - 1, last);
    expect(guard.check(again)).toBeNull();
  });

  it('lastRefreshAt is the latest success', () => {
    const guard = createLoopGuard();
    guard.recordSuccess(T);
    expect(guard.lastRefreshAt).toBe(T);
    guard.recordSuccess(T + 5_000);
    expect(guard.lastRefreshAt).toBe(T + 5_000);
    const last = succeed(guard, 3 * REFRESH_LOOP_LIMIT, T + 10_000);
    expect(guard.lastRefreshAt).toBe(last);
    // A check, tripped or not, does not count as a refresh.
    guard.check(last + 500);
    expect(guard.lastRefreshAt).toBe(last);
  });
});

describe('generations', () => {
  it('the current generation is stable and live until the next one', () => {
    const generations = createGenerations();
    const first = generations.current;
    expect(generations.current).toBe(first);
    expect(first.signal.aborted).toBe(false);
  });

  it('a new generation aborts the old one and becomes current, itself live', () => {
    const generations = createGenerations();
    const first = generations.current;
    const second = generations.next();
    expect(second).not.toBe(first);
    expect(generations.current).toBe(second);
    expect(first.signal.aborted).toBe(true);
    expect(second.signal.aborted).toBe(false);
  });

  it('aborts only the generation it ends, once', () => {
    const generations = createGenerations();
    const aborts: string[] = [];
    const first = generations.current;
    first.signal.addEventListener('abort', () => aborts.push('first'));
    const second = generations.next();
    second.signal.addEventListener('abort', () => aborts.push('second'));
    expect(aborts).toEqual(['first']);

    const third = generations.next();
    expect(aborts).toEqual(['first', 'second']);
    expect(third.signal.aborted).toBe(false);
    expect(generations.current).toBe(third);
    // Each generation has its own signal.
    expect(new Set([first.signal, second.signal, third.signal]).size).toBe(3);
  });
});
