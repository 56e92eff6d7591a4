/**
 * A storage that hangs (docs/sessions.md, `storageTimeoutMs`): an operation that has not settled
 * within the deadline counts as a failure, so the session falls back to memory instead of staying
 * `loading` or keeping a sign-in waiting; and once the storage has failed, a sign-out still
 * removes the record it may hold, so the next page load does not restore a signed-out session.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../createSession.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  advance,
  issue,
  KEY,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

type Operation = 'get' | 'set' | 'remove';

/**
 * `inner`, except that the named operations never settle, or settle only after `delayMs`; each
 * call is counted.
 */
function slowStorage(
  inner: TokenStorage,
  slow: readonly Operation[],
  delayMs = Number.POSITIVE_INFINITY,
): TokenStorage & { calls: Record<Operation, number> } {
  const calls = { get: 0, set: 0, remove: 0 };
  function run<T>(operation: Operation, action: () => Promise<T>): Promise<T> {
    calls[operation]++;
    if (!slow.includes(operation)) return action();
    if (delayMs === Number.POSITIVE_INFINITY) return new Promise<T>(() => {});
    return new Promise<T>((resolve) => setTimeout(resolve, delayMs)).then(action);
  }
  return {
    calls,
    get: (key) => run('get', () => inner.get(key)),
    set: (key, value) => run('set', () => inner.set(key, value)),
    remove: (key) => run('remove', () => inner.remove(key)),
  };
}

/** A storage holding the session of an earlier page load. */
async function storageWithSession(provider: ReturnType<typeof startProvider>) {
  const inner = memoryStorage();
  const { session } = startSession(provider, { storage: inner });
  await session.setTokens(issue(provider));
  session.dispose();
  return inner;
}

describe('a storage that does not answer', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('ends the first read after 10 s: signed out in memory, one storageFallback, sign-in works', async () => {
    const provider = startProvider();
    const storage = slowStorage(await storageWithSession(provider), ['get', 'set', 'remove']);
    const { session, recorder } = startSession(provider, { storage });
    let ready = false;
    void session.ready.then(() => {
      ready = true;
    });
    await advance(9_999);
    expect(ready).toBe(false);
    expect(session.getState()).toEqual({ status: 'loading' });
    await advance(1);
    expect(ready).toBe(true);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('storageFallback')).toEqual([
      {
        error: expect.objectContaining({
          code: 'storage',
          message: 'The token storage did not answer within 10 s; using memory instead.',
        }),
      },
    ]);
    // The page keeps working in memory: no write waits for the storage that hangs.
    await session.setTokens(issue(provider));
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(await session.getAccessToken()).toEqual(expect.any(String));
    expect(storage.calls.set).toBe(0);
    expect(recorder.of('storageFallback')).toHaveLength(1);
  });

  it('waits as long as storageTimeoutMs says, and for ever with 0', async () => {
    const provider = startProvider();
    const inner = await storageWithSession(provider);
    const patient = startSession(provider, {
      storage: slowStorage(inner, ['get']),
      storageTimeoutMs: 30_000,
    });
    const forever = startSession(provider, {
      storage: slowStorage(inner, ['get']),
      storageTimeoutMs: 0,
    });
    await advance(29_999);
    expect(patient.session.getState()).toEqual({ status: 'loading' });
    await advance(1);
    expect(patient.session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(patient.recorder.of('storageFallback')).toHaveLength(1);
    await advance(24 * 3_600_000);
    expect(forever.session.getState()).toEqual({ status: 'loading' });
    expect(forever.recorder.of('storageFallback')).toEqual([]);
  });

  it('restores from a slow storage that answers in time, and keeps using it', async () => {
    const provider = startProvider();
    const inner = await storageWithSession(provider);
    const storage = slowStorage(inner, ['get', 'set', 'remove'], 9_000);
    const { session, recorder } = startSession(provider, { storage });
    await advance(9_000);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    const signOut = session.signOut({ revoke: false });
    await advance(9_000);
    await signOut;
    expect(await inner.get(KEY)).toBeUndefined();
    expect(recorder.of('storageFallback')).toEqual([]);
  });

  it('lets a sign-in whose write hangs finish after the deadline, in memory', async () => {
    const provider = startProvider();
    const storage = slowStorage(memoryStorage(), ['set']);
    const { session, recorder } = startSession(provider, { storage });
    await session.ready;
    let settled = false;
    const signIn = session.setTokens(issue(provider)).then(() => {
      settled = true;
    });
    await advance(9_999);
    expect(settled).toBe(false);
    await advance(1);
    await signIn;
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(recorder.of('storageFallback')).toHaveLength(1);
  });

  it("waits out a storageTimeoutMs past setTimeout's 24.8 days as that long, not at once", async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider, {
      storage: slowStorage(await storageWithSession(provider), ['get']),
      storageTimeoutMs: 3_000_000_000,
    });
    await advance(2_147_483_646);
    expect(session.getState()).toEqual({ status: 'loading' });
    expect(recorder.of('storageFallback')).toEqual([]);
    await advance(1);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('storageFallback')).toHaveLength(1);
  });

  it('refuses a negative storageTimeoutMs', () => {
    const provider = startProvider();
    expect(() =>
      createSession({ provider, storage: memoryStorage(), storageTimeoutMs: -1 }),
    ).toThrow(/"storageTimeoutMs" must be a non-negative number/);
  });
});

describe('a storage that answers the first read after its deadline', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  /** A stored session whose read answers `delayMs` after it is asked, and the session reading it. */
  async function lateStart(delayMs: number, edit?: (record: Record<string, unknown>) => unknown) {
    const provider = startProvider();
    const inner = await storageWithSession(provider);
    const record = (await inner.get(KEY)) as Record<string, unknown>;
    if (edit) await inner.set(KEY, edit({ ...record }));
    const storage = slowStorage(inner, ['get'], delayMs);
    const started = startSession(provider, { storage });
    await advance(10_000);
    expect(started.session.getState()).toEqual({ status: 'signedOut', reason: null });
    return { ...started, provider, inner, storage, record };
  }

  it('takes the session it answers with when nothing signed in or out since', async () => {
    const { session, recorder, provider, storage, record } = await lateStart(15_000);
    await advance(5_000);
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      user: { sub: expect.any(String), email: 'alice@example.com' },
    });
    expect(await session.getAccessToken()).toBe(record.accessToken);
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(recorder.of('signedOut')).toEqual([]);
    expect(recorder.of('storageFallback')).toHaveLength(1);
    // It lives in memory from then on, and keeps itself fresh there.
    await session.refresh();
    expect(refreshesOf(provider)).toHaveLength(1);
    expect(storage.calls.set).toBe(0);
    expect(storage.calls.get).toBe(1);
  });

  it('loses to a sign-in made since, whatever it holds', async () => {
    const { session, provider, recorder } = await lateStart(15_000);
    const signedIn = issue(provider);
    await session.setTokens(signedIn);
    await advance(5_000);
    expect(await session.getAccessToken()).toBe(signedIn.accessToken);
    expect(recorder.of('signedIn')).toHaveLength(1);
  });

  it('loses to a dispose', async () => {
    const { session, recorder } = await lateStart(15_000);
    session.dispose();
    await advance(5_000);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('signedIn')).toEqual([]);
  });

  it('leaves alone what it cannot use: nothing, an unreadable record, tokens expired with no refresh token', async () => {
    const nothing = await lateStart(15_000, () => undefined);
    const unreadable = await lateStart(15_000, (record) => ({ ...record, sessionId: 42 }));
    const expired = await lateStart(2 * 3_600_000, ({ refreshToken: _, ...record }) => record);
    await advance(2 * 3_600_000);
    for (const { session, recorder } of [nothing, unreadable, expired]) {
      expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(recorder.of('signedIn')).toEqual([]);
      expect(recorder.of('signedOut')).toEqual([]);
      expect(recorder.of('error')).toEqual([]);
    }
    // What it held stays for the next page load to judge.
    expect(await unreadable.inner.get(KEY)).toMatchObject({ sessionId: 42 });
  });

  it('still takes a session whose access token ran out while it waited, and refreshes it', async () => {
    const { session, provider, record } = await lateStart(2 * 3_600_000);
    await advance(2 * 3_600_000);
    const token = await session.getAccessToken();
    expect(token).not.toBe(record.accessToken);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(refreshesOf(provider)).toHaveLength(1);
  });
});

describe('sign-out after the storage failed', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('still removes the record the failed storage holds, so a reload finds no session', async () => {
    const provider = startProvider();
    const inner = await storageWithSession(provider);
    // Reads and removals work; writes fail (a full disk).
    const failing: TokenStorage = {
      get: (key) => inner.get(key),
      set: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
      remove: (key) => inner.remove(key),
    };
    const { session, recorder } = startSession(provider, { storage: failing });
    await session.ready;
    await session.refresh();
    expect(recorder.of('storageFallback')).toHaveLength(1);
    await session.signOut({ revoke: false });
    expect(await inner.get(KEY)).toBeUndefined();
    const reload = startSession(provider, { storage: inner }).session;
    await reload.ready;
    expect(reload.getState()).toEqual({ status: 'signedOut', reason: null });
  });

  it('sends the removal to a storage that hung, without waiting for it', async () => {
    const provider = startProvider();
    const storage = slowStorage(await storageWithSession(provider), ['get', 'set', 'remove']);
    const { session } = startSession(provider, { storage });
    await advance(10_000);
    await session.setTokens(issue(provider));
    await session.signOut({ revoke: false });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(storage.calls.remove).toBe(1);
  });
});
