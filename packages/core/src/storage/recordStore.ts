import { snapshotTokens, type TokenSnapshot } from '../claims.js';
import { SessionError, toSessionError } from '../errors.js';
import type { IdentityProvider } from '../providers/types.js';
import type { FallbackStorage } from './fallbackStorage.js';
import { decodeRecord, encodeRecord, type PersistMode } from './recordCodec.js';

/** What storage holds for a session, read and validated. */
export type StoredRead =
  | { status: 'absent' }
  | { status: 'invalid'; error: SessionError }
  | { status: 'present'; snapshot: TokenSnapshot; sessionId: string };

/** The session's record in storage: read, written and removed one operation at a time. */
export interface SessionStore {
  read(): Promise<StoredRead>;
  /**
   * Validates `value` as {@link read} does the record it reads, writing nothing: for a record
   * read some other way.
   */
  decode(value: unknown): StoredRead;
  write(snapshot: TokenSnapshot, sessionId: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Wraps a storage for one session key. Operations run one after another in call order, so a
 * late write can never land after a removal issued after it; the record is validated on read
 * (decode, schema version, the provider's claim checks) so callers only see usable sessions.
 */
export function createSessionStore(
  storage: FallbackStorage,
  key: string,
  provider: IdentityProvider,
  persist: PersistMode,
): SessionStore {
  /** Settles after the last operation enqueued; `running` counts those not yet settled. */
  let last: Promise<unknown> = Promise.resolve();
  let running = 0;
  const settled = () => {
    running--;
  };
  function enqueue<T>(operation: () => Promise<T>): Promise<T> {
    // With nothing running the operation starts in the caller's task: the first read reaches
    // IndexedDB while createSession is still wiring the session (a faster page load).
    const result =
      running++ === 0 ? new Promise<T>((resolve) => resolve(operation())) : last.then(operation);
    last = result.then(settled, settled);
    return result;
  }

  function decode(value: unknown): StoredRead {
    try {
      const record = decodeRecord(value);
      if (!record) return { status: 'absent' };
      if ('newerVersion' in record) {
        // A newer release wrote it (a deploy under way): leave it, and keep this page's
        // session in memory for this load.
        storage.fallBack(
          new SessionError(
            'storage',
            `The stored session was written by a newer sessionkit (schema version ${record.newerVersion}); this page keeps its session in memory until it is reloaded.`,
          ),
        );
        return { status: 'absent' };
      }
      if (persist === 'no-refresh-token') delete record.tokens.refreshToken;
      const snapshot = snapshotTokens(
        record.tokens,
        record.receivedAt,
        record.clockSkewMs,
        provider.opaqueAccessTokens,
        record.claims,
      );
      provider.validate(snapshot);
      return { status: 'present', snapshot, sessionId: record.sessionId };
    } catch (cause) {
      return {
        status: 'invalid',
        error: toSessionError(cause, 'storage', 'The stored session could not be read.'),
      };
    }
  }

  return {
    async read() {
      // `persist` governs reads too: a 'none' session never takes a stored record (one left by
      // an earlier release or another page on 'all' is removed), and a 'no-refresh-token' one
      // strips a stored refresh token, from memory and from disk.
      if (persist === 'none') {
        await enqueue(() => storage.remove(key));
        return { status: 'absent' };
      }
      const value = await enqueue(() => storage.get(key));
      const stored = decode(value);
      if (persist === 'no-refresh-token' && (value as { refreshToken?: unknown })?.refreshToken) {
        const { refreshToken: _dropped, ...kept } = value as Record<string, unknown>;
        await enqueue(() => storage.set(key, kept));
      }
      return stored;
    },
    decode,
    write(snapshot, sessionId) {
      const record = encodeRecord(snapshot, sessionId, persist);
      return enqueue(() => (record ? storage.set(key, record) : storage.remove(key)));
    },
    remove() {
      return enqueue(() => storage.remove(key));
    },
  };
}

/** A random id for one sign-in. */
export function newSessionId(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
