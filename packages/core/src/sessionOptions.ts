import { currentOrigin, normalizeOrigins } from './authorizedFetch.js';
import { indexedDBStorage } from './storage/indexedDbStorage.js';
import type { SessionProvider } from './providers/types.js';
import {
  DEFAULT_REFRESH_LEEWAY_SECONDS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  type RetryPolicy,
} from './refreshPolicy.js';
import type { PersistMode } from './storage/recordCodec.js';
import { defaultTimers, type Timers } from './timers.js';
import type { TokenStorage } from './storage/tokenStorage.js';

/** How long one provider request may take before it counts as a `timeout` (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Options of `createSession`. Only `provider` is required. */
export interface SessionOptions {
  /** Who issues and refreshes the tokens: `cognito({...})`. */
  provider: SessionProvider;
  /**
   * Where the session record lives. Falls back to memory (with one `storageFallback` event)
   * when it fails, e.g. where IndexedDB is missing.
   * @default indexedDBStorage()
   */
  storage?: TokenStorage;
  /** @default provider.id, e.g. `cognito:<userPoolId>:<clientId>` */
  storageKey?: string;
  /** Refresh this long before the earliest `exp`; half-life for shorter tokens. @default 60 */
  refreshLeewaySeconds?: number;
  /** Refresh on a timer before expiry. With `false`, tokens refresh only when asked for. @default true */
  autoRefresh?: boolean;
  /** Share refreshes and sign-out with other tabs. @default true where BroadcastChannel exists */
  crossTab?: boolean;
  /** Backoff for transient refresh failures. @default { baseDelayMs: 1000, maxDelayMs: 30000, maxAttempts: 4 } */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** @default globalThis.fetch, looked up at call time (MSW-friendly) */
  fetch?: typeof fetch;
  /** The ms clock. @default Date.now */
  now?: () => number;
  /** Origins `session.fetch` may send the bearer token to. @default [location.origin] */
  allowedOrigins?: string[];
  /**
   * What reaches storage: `'all'`, `'no-refresh-token'` (refresh token in memory only) or `'none'`.
   * @default 'all'
   */
  persist?: PersistMode;
  /** A provider request taking longer than this fails with `timeout` and is retried. @default 15000 */
  requestTimeoutMs?: number;
}

/** Options with every default applied, resolved once. */
export interface ResolvedSessionOptions {
  readonly provider: SessionProvider;
  readonly storage: TokenStorage;
  readonly storageKey: string;
  readonly refreshLeewaySeconds: number;
  readonly autoRefresh: boolean;
  readonly crossTab: boolean;
  readonly retry: Readonly<RetryPolicy>;
  readonly fetch: () => typeof fetch;
  readonly now: () => number;
  readonly allowedOrigins: readonly string[];
  readonly persist: PersistMode;
  readonly requestTimeoutMs: number;
  readonly timers: Timers;
  readonly random: () => number;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`createSession(): "${name}" must be a non-negative number.`);
  }
  return value;
}

export function resolveOptions(options: SessionOptions): ResolvedSessionOptions {
  if (!options || typeof options.provider?.refresh !== 'function') {
    throw new TypeError('createSession(): "provider" is required, e.g. cognito({ ... }).');
  }
  const fetchOption = options.fetch;
  const persist = options.persist ?? 'all';
  if (!['all', 'no-refresh-token', 'none'].includes(persist)) {
    throw new TypeError(`createSession(): "persist" must be 'all', 'no-refresh-token' or 'none'.`);
  }
  const sameOrigin = currentOrigin();
  return Object.freeze({
    provider: options.provider,
    storage: options.storage ?? indexedDBStorage(),
    storageKey: options.storageKey ?? options.provider.id,
    refreshLeewaySeconds: nonNegative(
      options.refreshLeewaySeconds,
      DEFAULT_REFRESH_LEEWAY_SECONDS,
      'refreshLeewaySeconds',
    ),
    autoRefresh: options.autoRefresh ?? true,
    crossTab: options.crossTab ?? typeof BroadcastChannel !== 'undefined',
    retry: Object.freeze({
      baseDelayMs: nonNegative(
        options.retry?.baseDelayMs,
        DEFAULT_RETRY_BASE_DELAY_MS,
        'retry.baseDelayMs',
      ),
      maxDelayMs: nonNegative(
        options.retry?.maxDelayMs,
        DEFAULT_RETRY_MAX_DELAY_MS,
        'retry.maxDelayMs',
      ),
      maxAttempts: Math.max(
        1,
        nonNegative(options.retry?.maxAttempts, DEFAULT_RETRY_MAX_ATTEMPTS, 'retry.maxAttempts'),
      ),
    }),
    fetch: fetchOption ? () => fetchOption : () => globalThis.fetch,
    now: options.now ?? (() => Date.now()),
    allowedOrigins: options.allowedOrigins
      ? normalizeOrigins(options.allowedOrigins)
      : sameOrigin
        ? [sameOrigin]
        : [],
    persist,
    requestTimeoutMs: nonNegative(
      options.requestTimeoutMs,
      DEFAULT_REQUEST_TIMEOUT_MS,
      'requestTimeoutMs',
    ),
    timers: defaultTimers,
    random: () => Math.random(),
  });
}
