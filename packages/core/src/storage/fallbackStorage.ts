import { SessionError } from '../errors.js';
import { type Timers, withDeadline } from '../timers.js';
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

/** How long the storage may take over one operation before it counts as failed. */
export interface StorageDeadline {
  readonly timers: Timers;
  /** 0: no limit. */
  readonly ms: number;
}

/** `pending`, or a `storage` SessionError once `deadline.ms` have passed without an answer. */
function withinDeadline<T>(pending: Promise<T>, { timers, ms }: StorageDeadline): Promise<T> {
  if (!ms) return pending;
  return withDeadline(
    timers,
    ms,
    pending,
    () =>
      new SessionError(
        'storage',
        `The token storage did not answer within ${ms / 1000} s; using memory instead.`,
      ),
  );
}

/**
 * Wraps a storage so that its first failure switches every later operation to memory, calls
 * `onFallback` once, and never rejects. The session then keeps working in this tab; what the
 * failing storage held is not read again (it may be what made it fail). An operation that has not
 * settled within `deadline` fails alike: a storage that hangs (an IndexedDB that never answers
 * its open) would otherwise leave the session loading, or a sign-in waiting, forever. A `get`
 * the primary answers after its deadline hands the value to `onLateGet`: the caller decides
 * whether it still matters.
 */
export function withMemoryFallback(
  primary: TokenStorage,
  onFallback: (error: SessionError) => void,
  deadline: StorageDeadline,
  onLateGet?: (value: unknown) => void,
): FallbackStorage {
  /** Made at the first failure: most pages never need it. */
  let fallback: TokenStorage | undefined;
  /**
   * The primary failed or hung, so `fallback` is set too (not switched to on purpose): it may still
   * hold a record.
   */
  let primaryFailed = false;

  function fallBack(error: SessionError): void {
    if (fallback) return;
    fallback = memoryStorage();
    onFallback(error);
  }

  async function attempt<T>(
    operation: (storage: TokenStorage) => Promise<T>,
    onLate?: (value: T) => void,
  ): Promise<T> {
    if (!fallback) {
      // A storage that throws instead of rejecting is treated alike, a tick later: the first
      // read starts inside createSession, before the app can listen for the fallback event.
      const pending = settle(() => operation(primary));
      try {
        return await withinDeadline(pending, deadline);
      } catch (cause) {
        primaryFailed = true;
        // Only an answer that missed its deadline arrives here later; a rejection never does.
        pending.then(onLate, () => {});
        // Always a `storage` error: one of another code (a custom storage's) becomes its cause.
        fallBack(
          cause instanceof SessionError && cause.code === 'storage'
            ? cause
            : new SessionError('storage', 'The token storage failed; using memory instead.', {
                cause,
              }),
        );
      }
    }
    return operation(fallback as TokenStorage);
  }

  return {
    get: (key) => attempt((storage) => storage.get(key), onLateGet),
    set: (key, value) => attempt((storage) => storage.set(key, value)),
    remove(key) {
      // A sign-out must not leave a record for the next page load to restore: a primary that
      // failed once (or was only slow) may still hold the session, or be about to write it.
      // Its answer is not waited for; IndexedDB applies the removal after any earlier write.
      if (primaryFailed) settle(() => primary.remove(key)).catch(() => {});
      return attempt((storage) => storage.remove(key));
    },
    fallBack,
  };
}
