import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionError } from '../errors.js';
import { withMemoryFallback } from '../storage/fallbackStorage.js';
import { indexedDBStorage } from '../storage/indexedDbStorage.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import { decodeRecord, STORAGE_SCHEMA_VERSION } from '../storage/recordCodec.js';
import { newSessionId } from '../storage/recordStore.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import { defaultTimers } from '../timers.js';

/** No deadline: these tests are about failures, not slowness. */
const NO_DEADLINE = { timers: defaultTimers, ms: 0 };

const record = {
  version: STORAGE_SCHEMA_VERSION,
  sessionId: 'session-1',
  idToken: 'id',
  accessToken: 'access',
  refreshToken: 'refresh',
  receivedAt: 1,
  clockSkewMs: 0,
  idClaims: { sub: 'u', exp: 2, iss: 'i' },
  accessClaims: { sub: 'u', exp: 2, iss: 'i' },
};

/** The shape v0.1 wrote: version 1, no claims. */
const { idClaims: _id, accessClaims: _access, ...versionOne } = { ...record, version: 1 };

describe('decodeRecord', () => {
  it('reads a version-2 record with its claims, and treats absence as no session', () => {
    expect(decodeRecord(record)).toEqual({
      tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh' },
      sessionId: 'session-1',
      receivedAt: 1,
      clockSkewMs: 0,
      claims: { user: record.idClaims, accessClaims: record.accessClaims },
    });
    expect(decodeRecord(undefined)).toBeUndefined();
  });

  it('migrates a version-1 record: its claims are decoded from its tokens, stored ones ignored', () => {
    const expected = {
      tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh' },
      sessionId: 'session-1',
      receivedAt: 1,
      clockSkewMs: 0,
      claims: undefined,
      migratedFrom: 1,
    };
    expect(decodeRecord(versionOne)).toEqual(expected);
    expect(decodeRecord({ ...versionOne, idClaims: {}, accessClaims: {} })).toEqual(expected);
  });

  it.each([3, 7, 1000])(
    'returns a record of newer version %i as such, not as an error',
    (version) => {
      expect(decodeRecord({ ...record, version })).toEqual({ newerVersion: version });
      expect(decodeRecord({ version })).toEqual({ newerVersion: version });
    },
  );

  it.each([
    ['a string', 'garbage'],
    ['an array', [record]],
    ['version 0', { ...record, version: 0 }],
    ['a fractional version', { ...record, version: 2.5 }],
    ['a version-2 record without claims', { ...versionOne, version: 2 }],
    ['a version that cannot be printed', { ...record, version: { toString: 1 } }],
    ['a record without tokens', { ...record, idToken: undefined }],
    ['a non-string refresh token', { ...record, refreshToken: 42 }],
    ['a record without session id', { ...record, sessionId: undefined }],
    ['a record without receipt time', { ...record, receivedAt: 'yesterday' }],
  ])('refuses %s with a storage error', (_, value) => {
    expect(() => decodeRecord(value)).toThrow(SessionError);
    try {
      decodeRecord(value);
    } catch (error) {
      expect((error as SessionError).code).toBe('storage');
    }
  });
});

describe('indexedDBStorage', () => {
  it('round-trips one record per key on IndexedDB', async () => {
    const storage = indexedDBStorage({ databaseName: `test-${Math.random()}` });
    await storage.set('a', record);
    await storage.set('b', { ...record, idToken: 'other' });
    expect(await storage.get('a')).toEqual(record);
    await storage.remove('a');
    expect(await storage.get('a')).toBeUndefined();
    expect(await storage.get('b')).toMatchObject({ idToken: 'other' });
  });

  it('rejects with a storage error where indexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const storage = indexedDBStorage();
    await expect(storage.get('a')).rejects.toMatchObject({
      code: 'storage',
      message: 'IndexedDB is not available in this environment.',
    });
  });

  it('names the operation that failed, keeps the cause, and opens afresh after a failed open', async () => {
    const real = indexedDB;
    const cause = new DOMException('The database could not be opened.', 'UnknownError');
    const operations = [
      ['read', (storage: TokenStorage) => storage.get('a')],
      ['write', (storage: TokenStorage) => storage.set('a', record)],
      ['delete', (storage: TokenStorage) => storage.remove('a')],
    ] as const;
    for (const [word, operation] of operations) {
      let opens = 0;
      // The first open fails as a request whose error event fires (idb-keyval keeps that promise).
      vi.stubGlobal('indexedDB', {
        open(name: string) {
          opens += 1;
          if (opens > 1) return real.open(name);
          const request = { error: cause } as { error: DOMException; onerror?: () => void };
          setTimeout(() => request.onerror?.());
          return request;
        },
      });
      const storage = indexedDBStorage({ databaseName: `test-${Math.random()}` });
      await expect(operation(storage)).rejects.toMatchObject({
        code: 'storage',
        message: `IndexedDB ${word} failed.`,
        cause,
      });
      await storage.set('a', record);
      expect(await storage.get('a')).toEqual(record);
      expect(opens).toBe(2);
    }
  });
});

describe('withMemoryFallback', () => {
  it('switches to memory on the first failure and reports it once', async () => {
    const failing: TokenStorage = {
      get: vi.fn(async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      }),
      set: vi.fn(async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      }),
      remove: vi.fn(async () => {}),
    };
    const onFallback = vi.fn();
    const storage = withMemoryFallback(failing, onFallback, NO_DEADLINE);
    await storage.set('k', record);
    await storage.set('k', { ...record, idToken: 'second' });
    expect(await storage.get('k')).toMatchObject({ idToken: 'second' });
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback.mock.calls[0]?.[0]).toMatchObject({ code: 'storage' });
    expect(failing.set).toHaveBeenCalledTimes(1);
    expect(failing.get).not.toHaveBeenCalled();
  });

  it('reports a storage error as it is, anything else as a storage error caused by it', async () => {
    const own = new SessionError('storage', 'IndexedDB read failed.');
    const other = new SessionError('network', 'A custom storage could not reach its server.');
    const plain = new Error('disk on fire');
    const reported: SessionError[] = [];
    for (const cause of [own, other, plain]) {
      const storage = withMemoryFallback(
        { ...memoryStorage(), get: () => Promise.reject(cause) },
        (error) => reported.push(error),
        NO_DEADLINE,
      );
      expect(await storage.get('k')).toBeUndefined();
    }
    expect(reported[0]).toBe(own);
    for (const [index, cause] of [other, plain].entries()) {
      expect(reported[index + 1]).toMatchObject({
        code: 'storage',
        message: 'The token storage failed; using memory instead.',
        cause,
      });
    }
  });

  it('falls back once, whoever asks first: a failure or the session on purpose', async () => {
    const onFallback = vi.fn();
    const storage = withMemoryFallback(memoryStorage(), onFallback, NO_DEADLINE);
    storage.fallBack(new SessionError('storage', 'first'));
    storage.fallBack(new SessionError('storage', 'second'));
    expect(onFallback.mock.calls.map(([error]) => error.message)).toEqual(['first']);
  });

  it('leaves no timer behind once the storage has answered in time', async () => {
    vi.useFakeTimers();
    try {
      const onFallback = vi.fn();
      const storage = withMemoryFallback(memoryStorage(), onFallback, {
        timers: defaultTimers,
        ms: 10_000,
      });
      await storage.set('k', record);
      expect(await storage.get('k')).toMatchObject({ idToken: 'id' });
      expect(vi.getTimerCount()).toBe(0);
      expect(onFallback).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('memoryStorage keeps copies, not references', async () => {
    const storage = memoryStorage();
    const value = { ...record };
    await storage.set('k', value);
    value.idToken = 'mutated';
    expect(await storage.get('k')).toMatchObject({ idToken: 'id' });
  });
});

describe('newSessionId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a random UUID where the page has crypto.randomUUID', () => {
    expect(newSessionId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is still made, and differs each time, on a page that is not a secure context (no randomUUID)', () => {
    vi.stubGlobal('crypto', {});
    const ids = new Set(Array.from({ length: 20 }, () => newSessionId()));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]{6,}$/);
    vi.stubGlobal('crypto', undefined);
    expect(newSessionId()).toMatch(/^[0-9a-z]+-[0-9a-z]{6,}$/);
  });
});
