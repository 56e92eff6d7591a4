import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { SessionError } from '../errors.js';
import type { TokenStorage } from './tokenStorage.js';

/** Options of {@link indexedDBStorage}. */
export interface IndexedDBStorageOptions {
  /** @default 'sessionkit' */
  databaseName?: string;
  /** @default 'sessions' */
  storeName?: string;
}

/**
 * Stores each session as one IndexedDB record (idb-keyval, in a database of its own so it never
 * collides with the app's default idb-keyval store). Shared by the tabs of one origin.
 *
 * The database opens on first use, not at import or creation, so server rendering and pages that
 * never sign in touch nothing. Where `indexedDB` is missing or refuses to open (Firefox private
 * windows used to), the methods reject with a `storage` SessionError and the session falls back
 * to memory.
 *
 * @example
 * ```ts
 * import { cognito, createSession, indexedDBStorage } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 *   storage: indexedDBStorage({ databaseName: 'my-app-auth' }),
 * });
 * ```
 */
export function indexedDBStorage(options: IndexedDBStorageOptions = {}): TokenStorage {
  const databaseName = options.databaseName ?? 'sessionkit';
  const storeName = options.storeName ?? 'sessions';
  let store: UseStore | null = null;

  function open(): UseStore {
    if (store) return store;
    if (typeof indexedDB === 'undefined') {
      throw new SessionError('storage', 'IndexedDB is not available in this environment.');
    }
    store = createStore(databaseName, storeName);
    return store;
  }

  async function run<T>(operation: string, action: (db: UseStore) => Promise<T>): Promise<T> {
    try {
      return await action(open());
    } catch (cause) {
      // idb-keyval 6.2 keeps a failed open's promise (6.3 drops it itself): start afresh next time.
      store = null;
      if (cause instanceof SessionError) throw cause;
      throw new SessionError('storage', `IndexedDB ${operation} failed.`, { cause });
    }
  }

  return {
    get: (key) => run('read', (db) => get(key, db)),
    set: (key, value) => run('write', (db) => set(key, value, db)),
    remove: (key) => run('delete', (db) => del(key, db)),
  };
}
