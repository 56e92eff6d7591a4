import { SessionError, toSessionError } from '../errors.js';
import { memoryStorage } from './memoryStorage.js';
import type { TokenStorage } from './tokenStorage.js';

/**
 * Wraps a storage so that its first failure switches every later operation to memory, calls
 * `onFallback` once, and never rejects. The session then keeps working in this tab; what the
 * failing storage held is not read again (it may be what made it fail).
 */
export function withMemoryFallback(
  primary: TokenStorage,
  onFallback: (error: SessionError) => void,
): TokenStorage {
  /** Made at the first failure: most pages never need it. */
  let fallback: TokenStorage | undefined;

  async function attempt<T>(operation: (storage: TokenStorage) => Promise<T>): Promise<T> {
    if (!fallback) {
      try {
        return await operation(primary);
      } catch (cause) {
        if (!fallback) {
          fallback = memoryStorage();
          onFallback(
            cause instanceof SessionError && cause.code === 'storage'
              ? cause
              : toSessionError(cause, 'storage', 'The token storage failed; using memory instead.'),
          );
        }
      }
    }
    return operation(fallback as TokenStorage);
  }

  return {
    get: (key) => attempt((storage) => storage.get(key)),
    set: (key, value) => attempt((storage) => storage.set(key, value)),
    remove: (key) => attempt((storage) => storage.remove(key)),
  };
}
