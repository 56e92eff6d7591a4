import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from './claims.js';
import type { CrossTab } from './crossTab.js';
import type { IdentityProvider } from './providers/types.js';
import {
  DEFAULT_REFRESH_LEEWAY_SECONDS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  type RetryPolicy,
} from './refreshPolicy.js';
import { indexedDBStorage } from './storage/indexedDbStorage.js';
import type { PersistMode } from './storage/recordCodec.js';
import type { TokenStorage } from './storage/tokenStorage.js';
import { defaultTimers, type Timers } from './timers.js';

/** How long one provider request may take before it counts as a `timeout` (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Longer than any IndexedDB open seen on a slow device, short enough that a page is not stuck. */
export const DEFAULT_STORAGE_TIMEOUT_MS = 10_000;

/** Options of `createSession`. Only `provider` is required. */
export interface SessionOptions {
  /** Who issues and refreshes the tokens: `cognito({...})` or `oidc({...})`. */
  provider: IdentityProvider;
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
  /**
   * How far the device clock may be from the token issuer's (measured from `iat` when tokens
   * arrive) before tokens are refused with `invalid_token`: beyond it a wrong clock and stale
   * tokens look alike. @default 43200 (12 hours)
   */
  maxClockSkewSeconds?: number;
  /** Refresh on a timer before expiry. With `false`, tokens refresh only when asked for. @default true */
  autoRefresh?: boolean;
  /**
   * Share refreshes, sign-in and sign-out with the app's other tabs: pass `crossTab()`.
   * Without it each tab keeps its session alone (one refresh per tab per expiry; a sign-out
   * in one tab reaches the others only when their refresh fails).
   */
  crossTab?: CrossTab | false;
  /** Backoff for transient refresh failures. @default { baseDelayMs: 1000, maxDelayMs: 30000, maxAttempts: 4 } */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** @default globalThis.fetch, looked up at call time (MSW-friendly) */
  fetch?: typeof fetch;
  /** The ms clock. @default Date.now */
  now?: () => number;
  /**
   * What reaches storage: `'all'`, `'no-refresh-token'` (refresh token in memory only) or `'none'`.
   * @default 'all'
   */
  persist?: PersistMode;
  /**
   * A provider request taking longer than this fails with `timeout` and is retried. Above 0: a
   * request always has a deadline. @default 15000
   */
  requestTimeoutMs?: number;
  /**
   * A storage operation that has not settled after this long counts as failed: the session falls
   * back to memory (one `storageFallback` event), so an IndexedDB that never answers cannot keep
   * the page `loading` or a sign-in waiting. A session the first read answers with later is still
   * taken if nothing signed in or out since. `0` waits for ever. @default 10000
   */
  storageTimeoutMs?: number;
}

/** Options with every default applied, resolved once. */
export interface ResolvedSessionOptions {
  readonly provider: IdentityProvider;
  readonly storage: TokenStorage;
  readonly storageKey: string;
  readonly refreshLeewaySeconds: number;
  readonly maxClockSkewSeconds: number;
  readonly autoRefresh: boolean;
  readonly crossTab: CrossTab | undefined;
  readonly retry: Readonly<RetryPolicy>;
  readonly fetch: () => typeof fetch;
  readonly now: () => number;
  readonly persist: PersistMode;
  readonly requestTimeoutMs: number;
  readonly storageTimeoutMs: number;
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

function positive(value: number | undefined, fallback: number, name: string): number {
  const result = nonNegative(value, fallback, name);
  if (result === 0) {
    throw new TypeError(
      `createSession(): "${name}" must be above 0: a request always has a deadline.`,
    );
  }
  return result;
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
  const crossTab = options.crossTab;
  if (crossTab !== undefined && crossTab !== false && typeof crossTab?.connect !== 'function') {
    throw new TypeError(
      'createSession(): "crossTab" takes crossTab(), e.g. { crossTab: crossTab() }.',
    );
  }
  return Object.freeze({
    provider: options.provider,
    storage: options.storage ?? indexedDBStorage(),
    storageKey: options.storageKey ?? options.provider.id,
    refreshLeewaySeconds: nonNegative(
      options.refreshLeewaySeconds,
      DEFAULT_REFRESH_LEEWAY_SECONDS,
      'refreshLeewaySeconds',
    ),
    maxClockSkewSeconds: nonNegative(
      options.maxClockSkewSeconds,
      DEFAULT_MAX_CLOCK_SKEW_SECONDS,
      'maxClockSkewSeconds',
    ),
    autoRefresh: options.autoRefresh ?? true,
    crossTab: crossTab || undefined,
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
    persist,
    requestTimeoutMs: positive(
      options.requestTimeoutMs,
      DEFAULT_REQUEST_TIMEOUT_MS,
      'requestTimeoutMs',
    ),
    storageTimeoutMs: nonNegative(
      options.storageTimeoutMs,
      DEFAULT_STORAGE_TIMEOUT_MS,
      'storageTimeoutMs',
    ),
    timers: defaultTimers,
    random: () => Math.random(),
  });
}
