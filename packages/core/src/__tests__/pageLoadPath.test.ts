import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotTokens } from '../claims.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import { createSessionStore } from '../storage/recordStore.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  issue,
  KEY,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

/**
 * What a page load waits for between createSession and `ready`: the stored record's read starts
 * before createSession returns, and the rest (wake-up listeners) is set up while it is in
 * flight. bench's cold-start figure times the same path in Chromium.
 */
describe('the page-load path', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  /** A storage whose reads stay pending until `release`, recording each call. */
  function slowStorage() {
    const calls: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const memory = memoryStorage();
    const storage: TokenStorage = {
      async get(key) {
        calls.push('get');
        await held;
        return memory.get(key);
      },
      async set(key, value) {
        calls.push('set');
        return memory.set(key, value);
      },
      async remove(key) {
        calls.push('remove');
        return memory.remove(key);
      },
    };
    return { storage, calls, release: () => release() };
  }

  it('asks storage for the record before createSession returns', async () => {
    const provider = startProvider();
    const { storage, calls, release } = slowStorage();
    const { session, recorder } = startSession(provider, { storage });
    expect(calls).toEqual(['get']);
    release();
    await session.ready;
    await session.setTokens(issue(provider));
    expect(calls).toEqual(['get', 'set']);
    expect(recorder.of('signedIn')).toHaveLength(1);
  });

  it('listens for wake-ups while the read is in flight, and stops on dispose', async () => {
    const page = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const onPage = vi.spyOn(page, 'addEventListener');
    const onDocument = vi.spyOn(document, 'addEventListener');
    const offPage = vi.spyOn(page, 'removeEventListener');
    vi.stubGlobal('window', page);
    vi.stubGlobal('document', document);
    const { storage, release } = slowStorage();
    const { session } = startSession(startProvider(), { storage });
    expect(onPage.mock.calls.map(([type]) => type).sort()).toEqual(['focus', 'online', 'pageshow']);
    expect(onDocument.mock.calls.map(([type]) => type)).toEqual(['visibilitychange']);
    release();
    await session.ready;
    expect(onPage).toHaveBeenCalledTimes(3);
    session.dispose();
    expect(offPage.mock.calls.map(([type]) => type).sort()).toEqual([
      'focus',
      'online',
      'pageshow',
    ]);
  });

  it('falls back to memory when a storage throws at once, as the read starts', async () => {
    // The read starts before the rest of the session is wired: a storage that throws instead of
    // rejecting reaches the fallback (and its event) during createSession itself.
    const provider = startProvider();
    const broken: TokenStorage = {
      get() {
        throw new Error('storage is broken');
      },
      set: async () => {},
      remove: async () => {},
    };
    const { session, recorder } = startSession(provider, { storage: broken });
    await session.ready;
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('storageFallback')).toHaveLength(1);
    expect(recorder.of('error')).toEqual([]);
    await session.setTokens(issue(provider));
    expect(session.getState().status).toBe('signedIn');
  });

  it('still runs storage operations one at a time, in call order', async () => {
    const provider = startProvider();
    const { storage, calls, release } = slowStorage();
    const fallback = { ...storage, fallBack: () => {} };
    const store = createSessionStore(fallback, 'key', provider, 'all');
    const read = store.read();
    const write = store.write(snapshotTokens(issue(provider), Date.now()), 'id');
    const removal = store.remove();
    await Promise.resolve();
    expect(calls).toEqual(['get']);
    release();
    await Promise.all([read, write, removal]);
    expect(calls).toEqual(['get', 'set', 'remove']);
    // Idle again: the next operation starts at once; the removal came last.
    const reread = store.read();
    expect(calls).toEqual(['get', 'set', 'remove', 'get']);
    expect(await reread).toEqual({ status: 'absent' });
  });

  it('drops a record that a custom provider fails to check with a plain Error, as unreadable', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const first = startSession(provider, { storage }).session;
    await first.setTokens(issue(provider));
    first.dispose();
    const failure = new TypeError('the check broke');
    const failing = {
      ...provider,
      validate() {
        throw failure;
      },
    };
    const { session, recorder } = startSession(failing, { storage });
    await session.ready;
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'invalid' });
    expect(recorder.of('error')).toEqual([
      {
        error: expect.objectContaining({
          code: 'storage',
          message: 'The stored session could not be read.',
          cause: failure,
        }),
      },
    ]);
    expect(await storage.get(KEY)).toBeUndefined();
  });
});
