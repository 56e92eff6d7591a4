import type { TokenStorage } from './tokenStorage.js';

/**
 * Keeps records in this page's memory: nothing survives a reload and other tabs see nothing.
 * The fallback where IndexedDB is missing (SSR, some private modes), and handy in tests.
 *
 * @example
 * ```ts
 * import { cognito, createSession, memoryStorage } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 *   storage: memoryStorage(),
 * });
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
