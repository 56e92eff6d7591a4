/**
 * What createSession.ts and crossTab.ts wire between the parts: the retry at once when the
 * network returns to a degraded session, going on without a lock a stuck tab never lets go of,
 * messages on the tabs' channel that are not sessionkit's, news of sessions that are not this
 * tab's, races with storage, and sign-out with nobody signed in. Cases StrykerJS found untested by
 * the session suites (a one-off run over createSession.ts, crossTab.ts and session/*.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { signOutWithRedirect } from '../flows/signOutWithRedirect.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
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

/** The name of the session's lock and of its tabs' channel. */
const CHANNEL = `sessionkit:${KEY}`;

describe('a degraded session on a browser page', () => {
  let page: EventTarget;
  beforeEach(() => {
    useFakeClock();
    page = new EventTarget();
    vi.stubGlobal('window', page);
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  // Registered last so that its sessions are disposed first, while the page is still there.
  useMemoryHarness();

  async function degraded() {
    const provider = startProvider();
    const { session } = startSession(provider, { retry: { maxAttempts: 1 } });
    await session.setTokens(issue(provider));
    provider.failNext('network', 1);
    await session.refresh().catch(() => {});
    const state = session.getState();
    expect(state).toMatchObject({ status: 'signedIn', error: { code: 'network' } });
    const waitMs =
      (state.status === 'signedIn' && state.refreshAt ? state.refreshAt : 0) - Date.now();
    expect(waitMs).toBeGreaterThanOrEqual(30_000);
    return { provider, session };
  }

  it('retries at once when the network comes back, not after the backoff', async () => {
    const { provider, session } = await degraded();
    page.dispatchEvent(new Event('online'));
    await advance(0);
    expect(refreshesOf(provider)).toHaveLength(2);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
  });

  it('waits out the backoff on focus (only the network coming back cuts it short)', async () => {
    const { provider } = await degraded();
    page.dispatchEvent(new Event('focus'));
    await advance(0);
    expect(refreshesOf(provider)).toHaveLength(1);
  });

  it('sends nothing when the network comes back to a healthy session', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    page.dispatchEvent(new Event('online'));
    await advance(0);
    expect(refreshesOf(provider)).toHaveLength(0);
  });
});

describe('tabs', () => {
  useMemoryHarness();
  let storage: TokenStorage;
  beforeEach(() => {
    useFakeClock();
    stubBroadcastChannel();
    storage = memoryStorage();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('a lock another tab never lets go of is waited for requestTimeoutMs + 5 s, then done without', async () => {
    const locks = createFakeLockManager();
    vi.stubGlobal('navigator', { locks });
    // A frozen tab holds the session's lock for ever.
    void locks.request(CHANNEL, { mode: 'exclusive' }, () => new Promise<void>(() => {}));
    const provider = startProvider();
    const { session } = startSession(provider, {
      storage,
      storageKey: KEY,
      crossTab: crossTab(),
      requestTimeoutMs: 10_000,
      autoRefresh: false,
    });
    const signingIn = session.setTokens(issue(provider));
    await advance(15_000 - 1);
    expect(session.getState().status).not.toBe('signedIn');
    await advance(1);
    await signingIn;
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(await storage.get(KEY)).toBeDefined();
  });

  it("ignores messages on the tabs' channel that are not sessionkit news", async () => {
    vi.stubGlobal('navigator', { locks: createFakeLockManager() });
    const provider = startProvider();
    const counted = countingReads(storage);
    const { session, recorder } = startSession(provider, {
      storage: counted.storage,
      storageKey: KEY,
      crossTab: crossTab(),
    });
    await session.setTokens(issue(provider));
    const readsBefore = counted.reads();
    const stranger = new BroadcastChannel(CHANNEL);
    const strangers: unknown[] = [null, 'signedOut', 42, { type: 'signedOut' }, { sessionId: 'x' }];
    // Shaped like news but not news: no session id, a session id that is not a string, a type
    // sessionkit does not send. Each would otherwise make the tab read storage.
    strangers.push({ type: 'tokens' }, { type: 'tokens', sessionId: 7 });
    strangers.push({ type: 'logout', sessionId: 'x' });
    for (const data of strangers) stranger.postMessage(data);
    await advance(0);
    stranger.close();
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(recorder.of('signedOut')).toHaveLength(0);
    expect(counted.reads()).toBe(readsBefore);
  });

  /**
   * A coordinating tab signed in, then another page's sign-in written to storage without telling:
   * what is stored is that page's session, whose id and access token are returned.
   */
  async function tabThenSilentSignIn() {
    vi.stubGlobal('navigator', { locks: createFakeLockManager() });
    const provider = startProvider();
    const options = { storage, storageKey: KEY, autoRefresh: false } as const;
    const tab = startSession(provider, { ...options, crossTab: crossTab() });
    await tab.session.setTokens(issue(provider));
    const mine = tab.session.getState();
    const other = startSession(provider, options);
    await other.session.setTokens(issue(provider));
    const stored = (await storage.get(KEY)) as { sessionId: string; accessToken: string };
    return { tab, mine, stored };
  }

  /** Posts `message` on the tabs' channel as another tab would, and lets it arrive. */
  async function tell(message: object): Promise<void> {
    const news = new BroadcastChannel(CHANNEL);
    news.postMessage(message);
    await advance(0);
    news.close();
  }

  it('news of a refresh in a session that is not this tab’s is not adopted', async () => {
    const { tab, mine, stored } = await tabThenSilentSignIn();
    await tell({ type: 'tokens', sessionId: stored.sessionId, source: 'refresh' });
    expect(tab.session.getState()).toEqual(mine);
    expect(tab.recorder.of('tokensChanged')).toEqual([{ source: 'setTokens' }]);
  });

  it('news of a sign-in in another session is adopted', async () => {
    const { tab, stored } = await tabThenSilentSignIn();
    await tell({ type: 'tokens', sessionId: stored.sessionId, source: 'setTokens' });
    const state = tab.session.getState();
    expect(state.status === 'signedIn' && state.tokens.accessToken).toBe(stored.accessToken);
    expect(tab.recorder.of('tokensChanged')).toEqual([
      { source: 'setTokens' },
      { source: 'otherTab' },
    ]);
  });

  it('news of a session id storage does not hold is ignored', async () => {
    const { tab, mine } = await tabThenSilentSignIn();
    await tell({ type: 'tokens', sessionId: 'a-session-long-gone', source: 'setTokens' });
    expect(tab.session.getState()).toEqual(mine);
  });
});

describe('after dispose', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('setTokens rejects with signed_out and writes nothing', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const { session } = startSession(provider, { storage });
    await session.ready;
    session.dispose();
    await expect(session.setTokens(issue(provider))).rejects.toMatchObject({
      code: 'signed_out',
      message: 'The session was disposed.',
    });
    expect(await storage.get(KEY)).toBeUndefined();
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
  });
});

describe('races with storage', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  /** Memory storage whose reads and writes take `ms` of (fake) time. */
  function slowStorage(ms: number): TokenStorage {
    const inner = memoryStorage();
    const later = <T>(value: () => Promise<T>) =>
      new Promise<void>((resolve) => setTimeout(resolve, ms)).then(value);
    return {
      get: (key) => later(() => inner.get(key)),
      set: (key, value) => later(() => inner.set(key, value)),
      remove: (key) => later(() => inner.remove(key)),
    };
  }

  it('setTokens() before the stored session is read wins over it', async () => {
    const provider = startProvider();
    const storage = slowStorage(100);
    const first = startSession(provider, { storage });
    await advance(100);
    const stored = issue(provider);
    const writing = first.session.setTokens(stored);
    await advance(100);
    await writing;
    first.session.dispose();
    const { session } = startSession(provider, { storage });
    const chosen = issue(provider);
    const signingIn = session.setTokens(chosen);
    await advance(500);
    await signingIn;
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens.accessToken).toBe(chosen.accessToken);
  });

  it('a signOut() while setTokens() is writing wins: the tokens are not adopted', async () => {
    const provider = startProvider();
    const storage = slowStorage(100);
    const { session, recorder } = startSession(provider, { storage });
    await advance(100);
    await session.ready;
    const signingIn = session.setTokens(issue(provider));
    await advance(50);
    const signingOut = session.signOut({ revoke: false });
    await advance(1_000);
    await Promise.all([signingIn, signingOut]);
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
    expect(recorder.of('signedIn')).toHaveLength(0);
    const read = storage.get(KEY);
    await advance(100);
    expect(await read).toBeUndefined();
  });
});

describe('sign-out with nobody signed in', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('raises no signedOut event and sends nothing', async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider);
    await session.ready;
    await session.signOut();
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
    expect(recorder.of('signedOut')).toEqual([]);
    expect(provider.calls).toHaveLength(0);
  });
});

describe('signOutWithRedirect with a provider that has no hosted sign-in', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('signs out locally and goes nowhere, with or without returnTo', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    const navigated: string[] = [];
    await signOutWithRedirect(session, { navigate: (url) => void navigated.push(url) });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example/',
      navigate: (url) => void navigated.push(url),
    });
    expect(navigated).toEqual([]);
  });
});

describe('the last guard of ready', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('ready resolves, signed out with an error, when the page load fails past what the read handles, and storage keeps the session', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const first = startSession(provider, { storage });
    await first.session.setTokens(issue(provider));
    first.session.dispose();
    const stored = await storage.get(KEY);
    // An app's clock that throws once the session starts checking what it read.
    const broken = new Error('the clock broke');
    let clockWorks = true;
    const now = () => {
      if (!clockWorks) throw broken;
      return Date.now();
    };
    const { session, recorder } = startSession(provider, { storage, now });
    clockWorks = false;
    await expect(session.ready).resolves.toBeUndefined();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('error')).toEqual([
      {
        error: expect.objectContaining({
          code: 'storage',
          message: 'Reading the stored session failed.',
          cause: broken,
        }),
      },
    ]);
    expect(recorder.of('signedOut')).toEqual([]);
    expect(await storage.get(KEY)).toEqual(stored);
  });
});
