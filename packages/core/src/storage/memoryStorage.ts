import type { TokenStorage } from './tokenStorage.js';

/**
 * Keeps records in this page's memory: nothing survives a reload and other tabs see nothing.
 * The fallback where IndexedDB is missing (SSR, some private modes), and handy in tests.
 *
 * @example
 * ```ts
 * createSession({ provider, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): TokenStorage {
  const records = new Map<string, unknown>();
  return {
    async get(key) {
      return structuredClone(records.get(key));
    },
    async set(key, value) {
      records.set(key, structuredClone(value));
    },
    async remove(key) {
      records.delete(key);
    },
  };
}
