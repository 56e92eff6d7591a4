import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { REFRESH_LOOP_LIMIT } from '../refreshPolicy.js';
import { MAX_TIMER_STEP_MS } from '../scheduler.js';
import { createFakeLockManager } from './fakeLocks.js';
import {
  advance,
  issue,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';
import type { MemoryProvider } from './memoryProvider.js';

const HOUR_MS = 3_600_000;

describe('refresh scheduling', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  async function signedInAt(lifetimeSeconds: number, localClockOffsetMs = 0) {
    const provider = startProvider({ tokenLifetimeSeconds: lifetimeSeconds });
    const { session, recorder } = startSession(provider, {
      now: () => Date.now() + localClockOffsetMs,
    });
    await session.ready;
    await session.setTokens(issue(provider));
    return { provider, session, recorder, start: Date.now() };
  }

  /** Provider-clock ms after `start` at which the first refresh call reached the provider. */
  async function firstRefreshAfter(provider: MemoryProvider, start: number, limitMs: number) {
    for (let elapsed = 0; elapsed <= limitMs; elapsed += 500) {
      const [first] = refreshesOf(provider);
      if (first) return first.time - start;
      await advance(500);
    }
    return null;
  }

  it('refreshes 1-hour tokens 60 s before exp (within 1 s)', async () => {
    const { provider, start } = await signedInAt(3600);
    const at = await firstRefreshAfter(provider, start, HOUR_MS);
    expect(at).not.toBeNull();
    expect(Math.abs((at ?? 0) - (HOUR_MS - 60_000))).toBeLessThanOrEqual(1000);
  });

  it.each([
    ['no stagger with Web Locks', true, 0],
    ['random() × 3 s later without them', false, 1_500],
  ])('tabs of a browser page refresh %s', async (_, locks, lateMs) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    vi.stubGlobal('document', new EventTarget());
    vi.stubGlobal('navigator', locks ? { locks: createFakeLockManager() } : {});
    try {
      const provider = startProvider({ tokenLifetimeSeconds: 3600 });
      const { session } = startSession(provider, { crossTab: crossTab() });
      await session.setTokens(issue(provider));
      const start = Date.now();
      await advance(HOUR_MS - 60_000 - 1);
      expect(refreshesOf(provider)).toHaveLength(0);
      await advance(lateMs + 1);
      expect(refreshesOf(provider).map((call) => call.time - start)).toEqual([
        HOUR_MS - 60_000 + lateMs,
      ]);
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });

  it('refreshes 60-second tokens at half-life', async () => {
    const { provider, start } = await signedInAt(60);
    const at = await firstRefreshAfter(provider, start, 60_000);
    expect(Math.abs((at ?? 0) - 30_000)).toBeLessThanOrEqual(1000);
  });

  it.each([
    ['1 hour fast', HOUR_MS],
    ['1 hour slow', -HOUR_MS],
  ])('a local clock %s does not move the refresh', async (_, offset) => {
    const { provider, session, start } = await signedInAt(3600, offset);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    const state = session.getState();
    if (state.status === 'signedIn')
      expect(Math.abs(state.clockSkewMs + offset)).toBeLessThan(1000);
    const at = await firstRefreshAfter(provider, start, HOUR_MS);
    expect(Math.abs((at ?? 0) - (HOUR_MS - 60_000))).toBeLessThanOrEqual(1000);
  });

  describe('after a sleep (wall clock jumps, timers did not run)', () => {
    function stubBrowserPage() {
      const page = new EventTarget();
      const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
      vi.stubGlobal('window', page);
      vi.stubGlobal('document', document);
      return { page, document };
    }

    it('refreshes at once on visibilitychange', async () => {
      const { document } = stubBrowserPage();
      const { provider, start } = await signedInAt(3600);
      vi.setSystemTime(start + HOUR_MS - 30_000); // slept past the refresh time
      expect(refreshesOf(provider)).toHaveLength(0);
      document.dispatchEvent(new Event('visibilitychange'));
      await advance(0);
      expect(refreshesOf(provider)).toHaveLength(1);
    });

    it('waits for the page to become visible again: hiding it is no wake-up', async () => {
      const { document } = stubBrowserPage();
      const { provider, start } = await signedInAt(3600);
      vi.setSystemTime(start + HOUR_MS - 30_000);
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      await advance(0);
      expect(refreshesOf(provider)).toHaveLength(0);
      document.visibilityState = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
      await advance(0);
      expect(refreshesOf(provider)).toHaveLength(1);
    });

    it.each(['focus', 'online', 'pageshow'])('refreshes at once on %s', async (type) => {
      const { page } = stubBrowserPage();
      const { provider, start } = await signedInAt(3600);
      vi.setSystemTime(start + HOUR_MS - 30_000);
      page.dispatchEvent(new Event(type));
      await advance(0);
      expect(refreshesOf(provider)).toHaveLength(1);
    });

    it.each(['signOut', 'dispose'] as const)(
      'stops listening for wake-ups after %s',
      async (end) => {
        const { page, document } = stubBrowserPage();
        const listening = new Set<string>();
        for (const target of [page, document]) {
          const add = target.addEventListener.bind(target);
          const remove = target.removeEventListener.bind(target);
          target.addEventListener = (type: string, ...rest: [never]) => {
            listening.add(type);
            add(type, ...rest);
          };
          target.removeEventListener = (type: string, ...rest: [never]) => {
            listening.delete(type);
            remove(type, ...rest);
          };
        }
        const { session } = await signedInAt(3600);
        expect([...listening].sort()).toEqual(['focus', 'online', 'pageshow', 'visibilitychange']);
        if (end === 'signOut') await session.signOut({ revoke: false });
        else session.dispose();
        expect([...listening]).toEqual([]);
      },
    );

    it('refreshes within 30 s of waking with no event at all', async () => {
      const { provider, session, start } = await signedInAt(3600);
      vi.setSystemTime(start + 2 * HOUR_MS); // slept past expiry
      await advance(MAX_TIMER_STEP_MS);
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
    });
  });

  it('bounds a refresh loop with tokens that expire within seconds, with a clear error', async () => {
    const { provider, session, recorder } = await signedInAt(60);
    provider.setTokenLifetime(2);
    await advance(10 * 60_000);
    const requests = refreshesOf(provider).length;
    expect(requests).toBeGreaterThan(1);
    expect(requests).toBeLessThanOrEqual(REFRESH_LOOP_LIMIT);
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    if (state.status !== 'signedIn') return;
    expect(state.error?.code).toBe('invalid_response');
    expect(state.error?.message).toMatch(/Stopped refreshing/);
    expect(recorder.of('error').map((event) => event.error)).toContain(state.error);
  });

  it('stays signedIn with the error set while transient failures last', async () => {
    const { provider, session, recorder } = await signedInAt(3600);
    provider.failNext('network', 1000);
    await advance(HOUR_MS - 50_000);
    const state = session.getState();
    expect(state).toMatchObject({ status: 'signedIn' });
    if (state.status === 'signedIn') expect(state.error?.code).toBe('network');
    expect(recorder.of('refreshFailed').every((event) => event.willRetry)).toBe(true);
    expect(recorder.of('signedOut')).toHaveLength(0);
  });

  it('does not keep a Node process alive and stops its timer on dispose', async () => {
    const { session } = await signedInAt(3600);
    expect(vi.getTimerCount()).toBe(1);
    session.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds no timer that keeps a real Node event loop alive (real timers, not fake ones)', async () => {
    vi.useRealTimers();
    // Node lists the handles that keep its event loop alive; an unref'ed timer is not one.
    const keepingAlive = () =>
      process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    const before = keepingAlive();
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    expect(session.getState()).toMatchObject({ status: 'signedIn', refreshAt: expect.any(Number) });
    expect(keepingAlive()).toBe(before);
    session.dispose();
  });
});
