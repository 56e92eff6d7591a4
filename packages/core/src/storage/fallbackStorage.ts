import { SessionError, toSessionError } from '../errors.js';
import { memoryStorage } from './memoryStorage.js';
import type { TokenStorage } from './tokenStorage.js';

/** A storage that can be switched to memory on purpose as well as by a failure. */
export interface FallbackStorage extends TokenStorage {
  /** Switches every later operation to memory now (once), reporting `error`. */
  fallBack(error: SessionError): void;
}

/** Runs `operation`, turning a synchronous throw into a rejection. */
function settle<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return operation();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Wraps a storage so that its first failure switches every later operation to memory, calls
 * `onFallback` once, and never rejects. The session then keeps working in this tab; what the
 * failing storage held is not read again (it may be what made it fail).
 */
export function withMemoryFallback(
  primary: TokenStorage,
  onFallback: (error: SessionError) => void,
): FallbackStorage {
  /** Made at the first failure: most pages never need it. */
  let fallback: TokenStorage | undefined;

  function fallBack(error: SessionError): void {
    if (fallback) return;
    fallback = memoryStorage();
    onFallback(error);
  }

  async function attempt<T>(operation: (storage: TokenStorage) => Promise<T>): Promise<T> {
    if (!fallback) {
      try {
        // A storage that throws instead of rejecting is treated alike, a tick later: the first
        // read starts inside createSession, before the app can listen for the fallback event.
        return await settle(() => operation(primary));
      } catch (cause) {
        fallBack(
          cause instanceof SessionError && cause.code === 'storage'
            ? cause
            : toSessionError(cause, 'storage', 'The token storage failed; using memory instead.'),
        );
      }
    }
    return operation(fallback as TokenStorage);
  }

  return {
    get: (key) => attempt((storage) => storage.get(key)),
    set: (key, value) => attempt((storage) => storage.set(key, value)),
    remove: (key) => attempt((storage) => storage.remove(key)),
    fallBack,
  };
}
