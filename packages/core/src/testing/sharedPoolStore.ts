/**
 * A {@link PoolStore} on IndexedDB, so every tab of an origin sees one fake user pool.
 *
 * In a browser the MSW handlers run inside each page, so a pool in page memory would give every
 * tab its own keys and its own idea of which refresh tokens are valid: a token rotated in one
 * tab would look unknown in the other. One readwrite transaction per change keeps two tabs that
 * refresh at the same moment from overwriting each other (IndexedDB runs readwrite transactions
 * over the same store one after another, across pages).
 */
import { createEmptyPoolState, type PoolState, type PoolStore } from './poolState.js';

/**
 * Database name of the shared store.
 * @example
 * ```ts
 * import { DEFAULT_SHARED_POOL_DATABASE } from '@sessionkit/core/testing';
 *
 * indexedDB.deleteDatabase(DEFAULT_SHARED_POOL_DATABASE); // start the demo from scratch
 * ```
 */
export const DEFAULT_SHARED_POOL_DATABASE = 'sessionkit-fake-cognito';

const OBJECT_STORE = 'pools';

/**
 * Options of {@link createSharedPoolStore}.
 * @example
 * ```ts
 * import { createSharedPoolStore } from '@sessionkit/core/testing';
 *
 * createSharedPoolStore({ key: 'eu-west-1_AbC123', databaseName: 'my-demo-cognito' });
 * ```
 */
export interface SharedPoolStoreOptions {
  /** The record key, one per pool; `createFakeUserPool` passes the user pool id. */
  key: string;
  /** @default DEFAULT_SHARED_POOL_DATABASE */
  databaseName?: string;
  /** The IndexedDB factory, e.g. `new IDBFactory()` from fake-indexeddb. @default globalThis.indexedDB */
  indexedDB?: IDBFactory;
}

/**
 * Creates a pool store in IndexedDB (its own database, raw API). Two stores with the same
 * database and key, in two pages or in one, share one state.
 *
 * @example
 * ```ts
 * import { createFakeUserPool, createSharedPoolStore } from '@sessionkit/core/testing';
 *
 * // Same database, same key: one state. Two tabs of a demo, or two "tabs" in one test (in Node,
 * // pass both stores the same `indexedDB: new IDBFactory()` from fake-indexeddb).
 * const tabA = createFakeUserPool({ ...config, storage: createSharedPoolStore({ key: config.userPoolId }) });
 * const tabB = createFakeUserPool({ ...config, storage: createSharedPoolStore({ key: config.userPoolId }) });
 * ```
 */
export function createSharedPoolStore(options: SharedPoolStoreOptions): PoolStore {
  const databaseName = options.databaseName ?? DEFAULT_SHARED_POOL_DATABASE;
  let connection: Promise<IDBDatabase> | null = null;

  const open = (): Promise<IDBDatabase> => {
    connection ??= openDatabase(options.indexedDB ?? globalThis.indexedDB, databaseName).then(
      (database) => {
        // Another page upgrading the database, or the browser closing the connection
        // (Safari does this after a while in the background): reopen on the next use.
        database.onversionchange = () => {
          database.close();
          connection = null;
        };
        database.onclose = () => {
          connection = null;
        };
        return database;
      },
    );
    connection.catch(() => {
      connection = null;
    });
    return connection;
  };

  const run = async <Result>(change: (state: PoolState) => Result): Promise<Result> => {
    const database = await open();
    return new Promise<Result>((resolve, reject) => {
      const transaction = database.transaction(OBJECT_STORE, 'readwrite');
      const store = transaction.objectStore(OBJECT_STORE);
      let result: Result;
      let failure: unknown = null;
      const read = store.get(options.key);
      read.onsuccess = () => {
        const state = (read.result as PoolState | undefined) ?? createEmptyPoolState();
        try {
          result = change(state);
          store.put(state, options.key);
        } catch (error) {
          failure = error;
          transaction.abort();
        }
      };
      transaction.oncomplete = () => resolve(result);
      // A request that fails (the read, the write) aborts the transaction, and lands here too:
      // its error is then the transaction's.
      transaction.onabort = () => reject(failure ?? transaction.error);
    });
  };

  return {
    async transact(change) {
      try {
        return await run(change);
      } catch (error) {
        // A connection closed under us throws InvalidStateError from `transaction()`: retry once.
        if (error instanceof DOMException && error.name === 'InvalidStateError') {
          connection = null;
          return run(change);
        }
        throw error;
      }
    },
  };
}

function openDatabase(factory: IDBFactory | undefined, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(
        new Error('createSharedPoolStore needs IndexedDB; pass `indexedDB` in this environment.'),
      );
      return;
    }
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(OBJECT_STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
