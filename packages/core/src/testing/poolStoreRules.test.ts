/**
 * The two pool stores' own contract (poolState.ts `PoolStore`), below the pool: a change that
 * throws commits nothing, changes apply in call order, stores of one database and key share one
 * state, and the IndexedDB store survives its connection going away.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { FakeUser } from './fakePoolTypes.js';
import {
  createEmptyPoolState,
  createMemoryPoolStore,
  type PoolState,
  type PoolStore,
} from './poolState.js';
import { createSharedPoolStore, DEFAULT_SHARED_POOL_DATABASE } from './sharedPoolStore.js';

const users = (store: PoolStore) => store.transact((state) => Object.keys(state.users));

/** Adds a user named `name` (only its name matters here). */
const addUser = (store: PoolStore, name: string) =>
  store.transact((state) => {
    state.users[name] = { username: name } as never;
    return name;
  });

/** An IndexedDB factory that hands the test every connection it opens. */
function watchedFactory() {
  const factory = new IDBFactory();
  const connections: IDBDatabase[] = [];
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const request = open(name, version);
    request.addEventListener('success', () => connections.push(request.result));
    return request;
  };
  return { factory, connections };
}

const stores: Array<[string, () => PoolStore]> = [
  ['memory', () => createMemoryPoolStore()],
  ['IndexedDB', () => createSharedPoolStore({ key: 'pool', indexedDB: new IDBFactory() })],
];

describe.each(stores)('%s pool store', (_, createStore) => {
  it('starts empty: no users, no keys, no tokens', async () => {
    const store = createStore();
    expect(await store.transact((state) => state)).toEqual(createEmptyPoolState());
    expect(createEmptyPoolState()).toMatchObject({
      signingKeys: null,
      users: {},
      refreshTokens: {},
      hostedUiUsername: null,
    });
  });

  it("keeps what a change did and answers with the change's result", async () => {
    const store = createStore();
    expect(await addUser(store, 'alice')).toBe('alice');
    expect(await users(store)).toEqual(['alice']);
  });

  it('commits nothing of a change that throws, and rejects with its error', async () => {
    const store = createStore();
    await addUser(store, 'alice');
    const refusal = new Error('refused half-way');
    await expect(
      store.transact((state) => {
        state.users.bob = { username: 'bob' } as never;
        delete state.users.alice;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await users(store)).toEqual(['alice']);
  });

  it('commits nothing of a change that leaves what cannot be stored, and says so', async () => {
    const store = createStore();
    await addUser(store, 'alice');
    await expect(
      store.transact((state) => {
        state.users.bob = { username: 'bob', verify: () => true } as never;
      }),
    ).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(await users(store)).toEqual(['alice']);
  });

  it('applies changes in call order, even when nobody awaits them', async () => {
    const store = createStore();
    const order = ['a', 'b', 'c', 'd'];
    const results = await Promise.all(order.map((name) => addUser(store, name)));
    expect(results).toEqual(order);
    expect(await users(store)).toEqual(order);
  });

  it('keeps the state as the change left it, whatever holds on to it afterwards', async () => {
    const store = createStore();
    let kept: PoolState | undefined;
    const alice = await store.transact((state) => {
      kept = state;
      const user = { username: 'alice' } as FakeUser;
      state.users.alice = user;
      return user;
    });
    kept!.users.mallory = { username: 'mallory' } as never;
    alice.username = 'mallory';
    expect(await store.transact((state) => state.users)).toEqual({
      alice: { username: 'alice' },
    });
  });
});

describe('IndexedDB pool store', () => {
  it('shares one state between stores of one database and key, and no other', async () => {
    const indexedDB = new IDBFactory();
    const tabA = createSharedPoolStore({ key: 'pool', indexedDB });
    const tabB = createSharedPoolStore({ key: 'pool', indexedDB });
    const otherKey = createSharedPoolStore({ key: 'other-pool', indexedDB });
    const otherDatabase = createSharedPoolStore({ key: 'pool', indexedDB, databaseName: 'mine' });
    await addUser(tabA, 'alice');
    expect(await users(tabB)).toEqual(['alice']);
    expect(await users(otherKey)).toEqual([]);
    expect(await users(otherDatabase)).toEqual([]);
  });

  it(`keeps its state in the database "${DEFAULT_SHARED_POOL_DATABASE}" by default`, async () => {
    const indexedDB = new IDBFactory();
    await addUser(createSharedPoolStore({ key: 'pool', indexedDB }), 'alice');
    const named = createSharedPoolStore({
      key: 'pool',
      indexedDB,
      databaseName: DEFAULT_SHARED_POOL_DATABASE,
    });
    expect(await users(named)).toEqual(['alice']);
  });

  it('opens globalThis.indexedDB when given none, and says so where there is none', async () => {
    const indexedDB = new IDBFactory();
    vi.stubGlobal('indexedDB', indexedDB);
    await addUser(createSharedPoolStore({ key: 'pool' }), 'alice');
    expect(await users(createSharedPoolStore({ key: 'pool', indexedDB }))).toEqual(['alice']);

    vi.stubGlobal('indexedDB', undefined);
    const store = createSharedPoolStore({ key: 'pool' });
    await expect(users(store)).rejects.toThrow(
      'createSharedPoolStore needs IndexedDB; pass `indexedDB` in this environment.',
    );
    // Not a failure kept for good: once IndexedDB is there, the store opens it.
    vi.stubGlobal('indexedDB', indexedDB);
    expect(await users(store)).toEqual(['alice']);
  });

  it('opens one connection for all its changes', async () => {
    const { factory, connections } = watchedFactory();
    const store = createSharedPoolStore({ key: 'pool', indexedDB: factory });
    await Promise.all([addUser(store, 'a'), addUser(store, 'b')]);
    await users(store);
    expect(connections).toHaveLength(1);
  });

  it('reopens once when its connection was closed under it (Safari closes idle ones)', async () => {
    const { factory, connections } = watchedFactory();
    const store = createSharedPoolStore({ key: 'pool', indexedDB: factory });
    await addUser(store, 'alice');
    connections[0]!.close();
    expect(await addUser(store, 'bob')).toBe('bob');
    expect(await users(store)).toEqual(['alice', 'bob']);
    expect(connections).toHaveLength(2);
  });

  it('lets another page delete the database (start the demo afresh), then starts empty', async () => {
    const { factory, connections } = watchedFactory();
    const store = createSharedPoolStore({ key: 'pool', indexedDB: factory });
    await addUser(store, 'alice');
    const blocked = vi.fn();
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase(DEFAULT_SHARED_POOL_DATABASE);
      request.onblocked = blocked;
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(blocked).not.toHaveBeenCalled();
    expect(await users(store)).toEqual([]);
    expect(connections).toHaveLength(2);
  });

  it('passes on an error that is not a closed connection, without retrying', async () => {
    const { factory, connections } = watchedFactory();
    const store = createSharedPoolStore({ key: 'pool', indexedDB: factory });
    await users(store);
    const transaction = vi.spyOn(connections[0]!, 'transaction').mockImplementation(() => {
      throw new DOMException('No such store.', 'NotFoundError');
    });
    await expect(users(store)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(connections).toHaveLength(1);
  });
});
