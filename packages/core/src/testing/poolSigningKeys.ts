/** The pool's signing keys: generated once per user pool id and realm, kept in the pool store. */
import { createSigningKey, type StoredSigningKey } from './jwt.js';
import type { PoolStore } from './poolState.js';

// RSA key generation takes a few hundred ms; a test suite creates hundreds of pools. One user
// pool id keeps one key pair per JS realm, as a real pool keeps its keys.
const generatedKeys = new Map<
  string,
  Promise<{ id: StoredSigningKey; access: StoredSigningKey }>
>();

function generateSigningKeys(userPoolId: string) {
  let pair = generatedKeys.get(userPoolId);
  if (!pair) {
    pair = Promise.all([createSigningKey(), createSigningKey()]).then(([id, access]) => ({
      id,
      access,
    }));
    generatedKeys.set(userPoolId, pair);
    pair.catch(() => generatedKeys.delete(userPoolId));
  }
  return pair;
}

// Two tabs may both find no keys and both generate a pair: the first write wins and both use it.
export async function loadSigningKeys(store: PoolStore, userPoolId: string) {
  const existing = await store.transact((state) => state.signingKeys);
  if (existing) return existing;
  const { id, access } = await generateSigningKeys(userPoolId);
  return store.transact((state) => {
    state.signingKeys ??= { id, access };
    return state.signingKeys;
  });
}
