import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import { defaultTimers } from '../timers.js';
import type { TokenSet } from '../types.js';
import { createFakeLockManager } from './fakeLocks.js';
import {
  advance,
  countingReads,
  issue,
  KEY,
  refreshesOf,
  startProvider,
  startSession,
  stubBroadcastChannel,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';
import type { MemoryProvider } from './memoryProvider.js';
import { heldTokens, publicTokens } from './tokenAudit.js';

/**
 * Tabs in one Node process on fake time: one shared storage, a BroadcastChannel stand-in, and an
 * in-process lock manager standing in for navigator.locks (the real ones: test/browser/).
 */
function openTabs(
  count: number,
  provider: MemoryProvider,
  storage: TokenStorage,
  options: Parameters<typeof startSession>[1] = {},
) {
  return Array.from({ length: count }, () =>
    startSession(provider, { storage, crossTab: crossTab(), storageKey: KEY, ...options }),
  );
}

type Tab = ReturnType<typeof startSession>;

/**
 * Tab B, signed in through A's news, has caught up with A's refresh through news too: it holds A's
 * tokens, without an error, and heard of both from another tab.
 */
function expectCaughtUp(b: Tab, a: Tab) {
  expect(heldTokens(b.session)).toEqual(heldTokens(a.session));
  expect(b.session.getState()).toMatchObject({ status: 'signedIn', error: null });
  expect(b.recorder.of('tokensChanged')).toEqual([{ source: 'otherTab' }, { source: 'otherTab' }]);
}

describe('cross-tab (Node stand-ins)', () => {
  useMemoryHarness();
  let storage: TokenStorage;
  beforeEach(() => {
    useFakeClock();
    stubBroadcastChannel();
    storage = memoryStorage();
  });
  afterEach(() => vi.useRealTimers());

  function withLocks() {
    const locks = createFakeLockManager();
    vi.stubGlobal('navigator', { locks });
    return locks;
  }

  /** Web Locks whose `request` is a spy over the fake lock manager (to refuse some requests). */
  function withSpiedLocks() {
    const request = vi.fn(createFakeLockManager().request);
    vi.stubGlobal('navigator', { locks: { request } });
    return request;
  }

  /** A port on its own, for the lock alone: no news reaches it in these tests. */
  function lockPort(name: string) {
    return crossTab().connect(name, defaultTimers, 1000, () => {
      throw new Error('no news in this test');
    });
  }

  it('a tab opened while signed in starts signedIn from storage without a request', async () => {
    withLocks();
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage);
    await a!.session.setTokens(issue(provider));
    provider.clearCalls();
    const [b] = openTabs(1, provider, storage);
    await b!.session.ready;
    expect(b!.session.getState()).toMatchObject({ status: 'signedIn' });
    expect(provider.calls).toHaveLength(0);
  });

  it('a sign-in in one tab reaches the others', async () => {
    withLocks();
    const provider = startProvider();
    const [a, b] = openTabs(2, provider, storage);
    await Promise.all([a!.session.ready, b!.session.ready]);
    const tokens = issue(provider);
    await a!.session.setTokens(tokens);
    await advance(0);
    const state = b!.session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(tokens));
    expect(b!.recorder.of('tokensChanged')).toEqual([{ source: 'otherTab' }]);
    expect(b!.recorder.of('signedIn')).toHaveLength(1);
  });

  it.each([2, 4])(
    'with %i tabs each expiry causes one refresh and every tab holds the new tokens',
    async (count) => {
      withLocks();
      const provider = startProvider({ tokenLifetimeSeconds: 120, refreshTokenRotation: true });
      const tabs = openTabs(count, provider, storage);
      await tabs[0]!.session.setTokens(issue(provider));
      await advance(0);
      // 120 s tokens refresh every 60 s (exp − 60 s leeway).
      for (let expiry = 1; expiry <= 3; expiry++) {
        await advance(60_000);
        expect(refreshesOf(provider)).toHaveLength(expiry);
        const held = tabs.map(({ session }) => {
          const state = session.getState();
          return state.status === 'signedIn' ? heldTokens(session)?.refreshToken : state.status;
        });
        expect(new Set(held).size).toBe(1);
      }
      expect(tabs.every(({ recorder }) => recorder.of('signedOut').length === 0)).toBe(true);
    },
  );

  it('signOut in one tab signs every tab out once, with reason otherTab, and clears storage', async () => {
    withLocks();
    const provider = startProvider();
    const [a, b, c] = openTabs(3, provider, storage);
    await a!.session.setTokens(issue(provider));
    await advance(0);
    expect(c!.session.getState()).toMatchObject({ status: 'signedIn' });
    await b!.session.signOut();
    await advance(0);
    expect(a!.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
    expect(c!.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
    expect(b!.session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(a!.recorder.of('signedOut')).toEqual([{ reason: 'otherTab' }]);
    expect(b!.recorder.of('signedOut')).toEqual([{ reason: 'user' }]);
    expect(c!.recorder.of('signedOut')).toEqual([{ reason: 'otherTab' }]);
    expect(await storage.get(KEY)).toBeUndefined();
  });

  it('a refresh in flight in another tab during sign-out revives nothing, anywhere', async () => {
    withLocks();
    const provider = startProvider();
    const [a, b, c] = openTabs(3, provider, storage);
    await a!.session.setTokens(issue(provider));
    await advance(0);
    provider.setLatency(2000);
    const refreshing = b!.session.refresh();
    refreshing.catch(() => {});
    await advance(500);
    await a!.session.signOut({ revoke: false });
    await advance(5000);
    await expect(refreshing).rejects.toMatchObject({ code: 'signed_out' });
    for (const tab of [a, b, c])
      expect(tab!.session.getState()).toMatchObject({ status: 'signedOut' });
    expect(await storage.get(KEY)).toBeUndefined();
    // A fresh tab finds no session either.
    const [d] = openTabs(1, provider, storage);
    await d!.session.ready;
    expect(d!.session.getState()).toEqual({ status: 'signedOut', reason: null });
  });

  it('a refresh token rotated by another tab is adopted, not mistaken for a revoked one', async () => {
    // No locks: both tabs may refresh; B then uses a rotated-out token.
    const provider = startProvider({
      tokenLifetimeSeconds: 120,
      refreshTokenRotation: true,
      retryGracePeriodSeconds: 0,
    });
    const [a, b] = openTabs(2, provider, storage, { autoRefresh: false });
    await a!.session.setTokens(issue(provider));
    await advance(0);
    const bBefore = b!.session.getState();
    expect(bBefore.status).toBe('signedIn');
    // A refreshes; B misses the news (its channel message is dropped) and refreshes with the old token.
    b!.session.dispose();
    const [b2] = openTabs(1, provider, storage, { autoRefresh: false, crossTab: false });
    await b2!.session.ready;
    await a!.session.refresh();
    const result = b2!.session.refresh().catch(() => {});
    await advance(3000);
    await result;
    expect(b2!.session.getState()).toMatchObject({ status: 'signedIn' });
    expect(b2!.recorder.of('signedOut')).toHaveLength(0);
  });

  it('without Web Locks, tabs with rotation never end the session wrongly', async () => {
    vi.stubGlobal('document', new EventTarget()); // a browser page, whose tabs stagger refreshes
    const provider = startProvider({ tokenLifetimeSeconds: 120, refreshTokenRotation: true });
    const tabs = openTabs(4, provider, storage);
    await tabs[0]!.session.setTokens(issue(provider));
    await advance(0);
    // Five expiries of 120 s tokens: a refresh every 60 s, each delayed by up to 3 s of stagger.
    await advance(5 * (60_000 + 3000) + 5000);
    for (const { session, recorder } of tabs) {
      expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
      expect(recorder.of('signedOut')).toHaveLength(0);
    }
    const requests = refreshesOf(provider).length;
    expect(requests).toBeGreaterThanOrEqual(5);
    expect(requests).toBeLessThanOrEqual(5 * 4);
  }, 30_000);

  // A sandboxed iframe without allow-same-origin has navigator.locks, but every request rejects
  // with SecurityError (as Chromium does: "Access to the Locks API is denied in this context").
  it('where Web Locks deny access, signs in, refreshes and signs out without the lock', async () => {
    const denied = new DOMException(
      "Failed to execute 'request' on 'LockManager': Access to the Locks API is denied in this context.",
      'SecurityError',
    );
    const request = vi.fn(async () => {
      throw denied;
    });
    vi.stubGlobal('navigator', { locks: { request } });
    const provider = startProvider({ tokenLifetimeSeconds: 300 });
    const [a] = openTabs(1, provider, storage);
    const { session, recorder } = a!;
    await session.ready;
    await session.setTokens(issue(provider));
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    await session.refresh();
    await advance(300_000);
    expect(refreshesOf(provider).length).toBeGreaterThanOrEqual(2);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
    await session.signOut({ revoke: false });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(await storage.get(KEY)).toBeUndefined();
    expect(recorder.of('error')).toEqual([]);
    expect(recorder.of('refreshFailed')).toEqual([]);
    // Asked once: a page refused once is a page without Web Locks from then on.
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('a lock request refused for another reason runs that step without the lock, and asks again next time', async () => {
    // Chromium refuses with InvalidStateError in a document that is not fully active.
    const refusal = new DOMException('The document is not fully active.', 'InvalidStateError');
    const request = withSpiedLocks().mockRejectedValueOnce(refusal);
    const port = lockPort('refused-once');
    let runs = 0;
    const timers = vi.getTimerCount();
    await expect(port.withLock(async () => ++runs)).resolves.toBe(1);
    // The wait's deadline goes with the refused request.
    expect(vi.getTimerCount()).toBe(timers);
    expect(port.hasLocks).toBe(true);
    await expect(port.withLock(async () => ++runs)).resolves.toBe(2);
    expect(request).toHaveBeenCalledTimes(2);
    port.close();
  });

  it('a lock request refused as malformed (a TypeError) fails the step: a bug, not a reason to go on unserialised', async () => {
    const malformed = new TypeError("Failed to execute 'request' on 'LockManager': invalid mode.");
    withSpiedLocks().mockRejectedValueOnce(malformed);
    const port = lockPort('malformed');
    let runs = 0;
    const timers = vi.getTimerCount();
    await expect(port.withLock(async () => ++runs)).rejects.toBe(malformed);
    expect(runs).toBe(0);
    expect(vi.getTimerCount()).toBe(timers);
    expect(port.hasLocks).toBe(true);
    port.close();
  });

  it('a session whose lock requests are refused so still refreshes, signs in and signs out', async () => {
    const refusal = new DOMException('The document is not fully active.', 'InvalidStateError');
    const request = withSpiedLocks();
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage, { autoRefresh: false, retry: { maxAttempts: 1 } });
    const { session, recorder } = a!;
    await session.ready;
    request.mockRejectedValue(refusal);
    await session.setTokens(issue(provider));
    expect(await storage.get(KEY)).toBeDefined();
    provider.clearCalls();
    await expect(session.refresh()).resolves.toMatchObject({ status: 'signedIn', error: null });
    expect(refreshesOf(provider)).toHaveLength(1);
    // A sign-out the browser would not let take its turn still clears what is stored.
    await session.signOut({ revoke: false });
    expect(await storage.get(KEY)).toBeUndefined();
    expect(recorder.of('error')).toEqual([]);
    expect(request).toHaveBeenCalledTimes(3);
  });

  // IndexedDB refuses a write on a closing connection with InvalidStateError, and an opaque
  // origin's storage with SecurityError: the names of a lock refusal, thrown by the step itself.
  for (const name of ['SecurityError', 'InvalidStateError']) {
    it(`a ${name} from the locked step itself is the step's, not a refusal of the lock: not run again`, async () => {
      const locks = withLocks();
      const port = lockPort(`${name}-in-step`);
      let runs = 0;
      const step = port.withLock(async () => {
        runs++;
        throw new DOMException('The step was refused.', name);
      });
      await expect(step).rejects.toMatchObject({ name });
      expect(runs).toBe(1);
      expect(port.hasLocks).toBe(true);
      expect(locks.held).toBe(0);
      port.close();
    });
  }

  it('a frozen page reads no storage on news until it resumes', async () => {
    // Chromium runs BroadcastChannel handlers in a frozen page but not the IndexedDB callbacks
    // they cause: a read started there keeps its transaction open and blocks every other tab.
    withLocks();
    const page = new EventTarget();
    vi.stubGlobal('document', page);
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage);
    const byB = countingReads(storage);
    const [b] = openTabs(1, provider, byB.storage);
    await a!.session.setTokens(issue(provider));
    await advance(0);
    const before = b!.session.getState();
    expect(before.status).toBe('signedIn');

    page.dispatchEvent(new Event('freeze'));
    const reads = byB.reads();
    await a!.session.refresh();
    await advance(0);
    expect(byB.reads()).toBe(reads);
    expect(b!.session.getState()).toBe(before);

    page.dispatchEvent(new Event('resume'));
    await advance(0);
    expectCaughtUp(b!, a!);
  });

  it('the same news twice while frozen is read once on resume', async () => {
    withLocks();
    const page = new EventTarget();
    vi.stubGlobal('document', page);
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage, { autoRefresh: false });
    const byB = countingReads(storage);
    const [b] = openTabs(1, provider, byB.storage, { autoRefresh: false });
    await a!.session.setTokens(issue(provider));
    await advance(0);

    page.dispatchEvent(new Event('freeze'));
    // Two refreshes: the same news ("tokens", this session, "refresh") twice in a row.
    await a!.session.refresh();
    await a!.session.refresh();
    await advance(0);
    const reads = byB.reads();
    page.dispatchEvent(new Event('resume'));
    await advance(0);
    expect(byB.reads() - reads).toBe(1);
    expect(heldTokens(b!.session)).toEqual(heldTokens(a!.session));
  });

  it('different news while frozen is all read on resume: a sign-in after a refresh is not lost', async () => {
    withLocks();
    const page = new EventTarget();
    vi.stubGlobal('document', page);
    const provider = startProvider();
    const [a, b] = openTabs(2, provider, storage, { autoRefresh: false });
    await a!.session.setTokens(issue(provider));
    await advance(0);

    page.dispatchEvent(new Event('freeze'));
    await a!.session.refresh(); // news of this session's refresh…
    await a!.session.setTokens(issue(provider)); // …then of another sign-in
    await advance(0);
    page.dispatchEvent(new Event('resume'));
    await advance(0);
    expect(heldTokens(b!.session)).toEqual(heldTokens(a!.session));
  });

  it('a disposed tab leaves no freeze or resume listener on the page', async () => {
    withLocks();
    const listening = new Map<string, number>();
    const page = new EventTarget();
    const add = page.addEventListener.bind(page);
    const remove = page.removeEventListener.bind(page);
    page.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null) => {
      listening.set(type, (listening.get(type) ?? 0) + 1);
      add(type, listener);
    };
    page.removeEventListener = (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
    ) => {
      listening.set(type, (listening.get(type) ?? 0) - 1);
      remove(type, listener);
    };
    vi.stubGlobal('document', page);
    const [a] = openTabs(1, startProvider(), storage);
    expect(listening.get('freeze')).toBe(1);
    expect(listening.get('resume')).toBe(1);
    a!.session.dispose();
    expect(listening.get('freeze')).toBe(0);
    expect(listening.get('resume')).toBe(0);
  });

  it("keeps its refresh's rotated token when news of older tokens arrives during it", async () => {
    // B missed A's refresh (frozen) and refreshes with the token A's refresh stored; the news
    // of A's refresh arrives while B's request is under way: B's answer must still be kept.
    withLocks();
    const page = new EventTarget();
    vi.stubGlobal('document', page);
    const provider = startProvider({
      tokenLifetimeSeconds: 120,
      refreshTokenRotation: true,
      retryGracePeriodSeconds: 0,
    });
    const [a, b] = openTabs(2, provider, storage, { autoRefresh: false });
    await a!.session.setTokens(issue(provider));
    await advance(0);
    page.dispatchEvent(new Event('freeze'));
    await a!.session.refresh();
    const byA = heldTokens(a!.session) as TokenSet;
    a!.session.dispose();
    // A's tokens are due by the time B refreshes (120 s lifetime: refresh after 60 s).
    await advance(61_000);
    provider.setLatency(1000);
    const refreshing = b!.session.refresh();
    await advance(500);
    expect(refreshesOf(provider)).toHaveLength(2);

    page.dispatchEvent(new Event('resume'));
    await advance(1000);
    await refreshing;
    const byB = heldTokens(b!.session) as TokenSet;

    // B sent the token A's refresh stored and kept (and stored) the one that replaced it…
    const sent = () => refreshesOf(provider).map((call) => call.refreshToken);
    expect(sent()[1]).toBe(byA.refreshToken);
    expect(byB.refreshToken).not.toBe(byA.refreshToken);
    expect(await storage.get(KEY)).toMatchObject({ refreshToken: byB.refreshToken });
    // …so its next refresh sends that one and works.
    provider.setLatency(0);
    await expect(b!.session.refresh()).resolves.toMatchObject({ status: 'signedIn' });
    expect(sent()[2]).toBe(byB.refreshToken);
    expect(b!.recorder.of('signedOut')).toEqual([]);
    expect(b!.recorder.of('refreshFailed')).toEqual([]);
  });

  /** Posts `message` on the tabs' channel as another tab would. */
  function postNews(message: unknown) {
    const channel = new BroadcastChannel(`sessionkit:${KEY}`);
    channel.postMessage(message);
    channel.close();
  }

  it('news of tokens the tab already holds changes nothing, however often it comes', async () => {
    withLocks();
    const provider = startProvider();
    const [a, b] = openTabs(2, provider, storage);
    await a!.session.setTokens(issue(provider));
    await advance(0);
    expect(b!.recorder.of('tokensChanged')).toEqual([{ source: 'otherTab' }]);
    const { sessionId } = (await storage.get(KEY)) as { sessionId: string };
    const states = vi.fn();
    b!.session.subscribe(states);
    for (const source of ['refresh', 'setTokens', 'refresh']) {
      postNews({ type: 'tokens', sessionId, source });
      await advance(0);
    }
    expect(b!.recorder.of('tokensChanged')).toHaveLength(1);
    expect(states).not.toHaveBeenCalled();
  });

  it('a tab disposed while it reads storage on news does not take the tokens it read', async () => {
    withLocks();
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage);
    // B's reads take 50 ms: time to dispose it while one is under way.
    const slow: TokenStorage = {
      ...storage,
      get: (key) => new Promise((resolve) => setTimeout(() => resolve(storage.get(key)), 50)),
    };
    const [b] = openTabs(1, provider, slow);
    await a!.session.setTokens(issue(provider));
    await advance(100);
    const before = b!.session.getState();
    expect(before.status).toBe('signedIn');
    await a!.session.refresh();
    await advance(0);
    b!.session.dispose();
    await advance(100);
    expect(b!.session.getState()).toBe(before);
  });

  it('news that came during its own refresh is read again once that refresh failed', async () => {
    // No Web Locks: both tabs refresh at once. A's succeeds while B's is under way; B's fails
    // and is not tried again, so only the news can bring B the tokens A stored.
    vi.stubGlobal('navigator', {});
    const provider = startProvider();
    const [a, b] = openTabs(2, provider, storage, {
      autoRefresh: false,
      retry: { maxAttempts: 1 },
    });
    await a!.session.setTokens(issue(provider));
    await advance(0);
    provider.setLatency(1_000);
    const byB = b!.session.refresh().catch((error: unknown) => error);
    await advance(0);
    provider.setLatency(100);
    const byA = a!.session.refresh();
    await advance(100);
    await byA;
    // A's news has come; B, still waiting for its answer, has not taken A's tokens.
    expect(heldTokens(b!.session)?.accessToken).not.toBe(heldTokens(a!.session)?.accessToken);
    provider.failNext('network');
    await advance(1_000);
    expect(await byB).toMatchObject({ code: 'network' });
    await advance(0);
    expectCaughtUp(b!, a!);
  });

  it('emits no event while the lock is held', async () => {
    const locks = withLocks();
    const provider = startProvider();
    const [a] = openTabs(1, provider, storage);
    const heldDuringEvents: number[] = [];
    a!.session.on('refreshed', () => heldDuringEvents.push(locks.held));
    a!.session.on('tokensChanged', () => heldDuringEvents.push(locks.held));
    a!.session.subscribe(() => heldDuringEvents.push(locks.held));
    await a!.session.setTokens(issue(provider));
    await a!.session.refresh();
    expect(heldDuringEvents.length).toBeGreaterThan(3);
    expect(heldDuringEvents.every((count) => count === 0)).toBe(true);
  });
});

describe('cross-tab is opt-in', () => {
  useMemoryHarness();
  let storage: TokenStorage;
  beforeEach(() => {
    useFakeClock();
    stubBroadcastChannel();
    storage = memoryStorage();
    vi.stubGlobal('navigator', { locks: createFakeLockManager() });
  });
  afterEach(() => vi.useRealTimers());

  it('without crossTab() a tab hears nothing of another tab: each keeps its own session', async () => {
    const provider = startProvider();
    const [a, b] = Array.from({ length: 2 }, () =>
      startSession(provider, { storage, storageKey: KEY }),
    );
    await a!.session.ready;
    await b!.session.ready;
    await a!.session.setTokens(issue(provider));
    await advance(0);
    expect(b!.session.getState().status).toBe('signedOut');
    await b!.session.setTokens(issue(provider));
    await a!.session.signOut({ revoke: false });
    await advance(0);
    expect(b!.session.getState().status).toBe('signedIn');
    expect(b!.recorder.of('signedOut')).toEqual([]);
  });

  it('with crossTab() the same sign-out reaches the other tab', async () => {
    const provider = startProvider();
    const [a, b] = openTabs(2, provider, storage);
    await a!.session.ready;
    await b!.session.ready;
    await a!.session.setTokens(issue(provider));
    await advance(0);
    expect(b!.session.getState().status).toBe('signedIn');
    await a!.session.signOut({ revoke: false });
    await advance(0);
    expect(b!.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
  });

  it('refuses crossTab: true with the form to use instead', () => {
    const provider = startProvider();
    expect(() => startSession(provider, { crossTab: true as never, storageKey: KEY })).toThrow(
      '"crossTab" takes crossTab(), e.g. { crossTab: crossTab() }.',
    );
  });
});
