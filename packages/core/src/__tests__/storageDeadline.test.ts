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

  it('refuses a negative storageTimeoutMs', () => {
    const provider = startProvider();
    expect(() =>
      createSession({ provider, storage: memoryStorage(), storageTimeoutMs: -1 }),
    ).toThrow(/"storageTimeoutMs" must be a non-negative number/);
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
