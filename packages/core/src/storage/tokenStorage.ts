/**
 * Where a session keeps its record. Implement it to store tokens anywhere (a native bridge, an
 * encrypted store). Values are plain structured-cloneable objects; one record per key.
 * Methods may reject, or take too long (`storageTimeoutMs`): the session then falls back to memory
 * and emits `storageFallback` once.
 *
 * @example
 * ```ts
 * import type { TokenStorage } from '@sessionkit/core';
 *
 * const sessionStorageStore: TokenStorage = {
 *   async get(key) { const raw = sessionStorage.getItem(key); return raw ? JSON.parse(raw) : undefined; },
 *   async set(key, value) { sessionStorage.setItem(key, JSON.stringify(value)); },
 *   async remove(key) { sessionStorage.removeItem(key); },
 * };
 * ```
 */
export interface TokenStorage {
  /** Reads the record under `key`; resolves with undefined (or null) when there is none. */
  get(key: string): Promise<unknown>;
  /** Writes the whole record at once: tokens of one session are never torn apart. */
  set(key: string, value: unknown): Promise<void>;
  /** Deletes the record under `key`; resolves also when there was none. */
  remove(key: string): Promise<void>;
}
