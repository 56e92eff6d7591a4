import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, MAX_TIMER_STEP_MS } from '../scheduler.js';
import { defaultTimers } from '../timers.js';

describe('createScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at the deadline through steps of at most 30 s', async () => {
    const scheduler = createScheduler(defaultTimers, Date.now);
    const fired = vi.fn();
    scheduler.schedule(95_000, fired);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(94_999);
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires within one step after a sleep that timers did not see', async () => {
    const scheduler = createScheduler(defaultTimers, Date.now);
    const fired = vi.fn();
    scheduler.schedule(3_600_000, fired);
    vi.setSystemTime(4_000_000); // the machine slept: the wall clock jumped, no timer ran
    expect(fired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(MAX_TIMER_STEP_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('check() fires a due callback at once and nothing early', () => {
    const scheduler = createScheduler(defaultTimers, Date.now);
    const fired = vi.fn();
    scheduler.schedule(10_000, fired);
    scheduler.check();
    expect(fired).not.toHaveBeenCalled();
    vi.setSystemTime(10_000);
    scheduler.check();
    expect(fired).toHaveBeenCalledTimes(1);
    scheduler.check();
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancel() and reschedule leave one timer', async () => {
    const scheduler = createScheduler(defaultTimers, Date.now);
    const first = vi.fn();
    const second = vi.fn();
    scheduler.schedule(1000, first);
    scheduler.schedule(2000, second);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    scheduler.schedule(5000, first);
    scheduler.cancel();
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.deadline).toBeNull();
  });
});
