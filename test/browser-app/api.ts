/**
 * The contract between the browser test app (main.ts, in the page) and the Playwright harness
 * (src/browser.ts, in Node): what `window.sessionkitTest` offers and what the page reports.
 * Types and plain constants only, so both sides can import it.
 *
 * Everything crossing `page.evaluate` is JSON-safe: no class instances, no functions.
 */
import type { FailNextOptions, FaultKind } from '@sessionkit/core/testing';

/** The fake pool every page of the test app talks to (through the MSW service worker). */
export const TEST_POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_SessKitT1',
  clientId: 'sessionkit-browser-test',
} as const;

/** The user `signIn()` signs in unless told otherwise. */
export const TEST_USER = 'alice';

/** Options of `start()`. All pages of one test should pass the same pool options. */
export interface StartOptions {
  /** ID/access token lifetime of the page's pool (it mints the tokens its page refreshes). @default 3600 */
  tokenLifetimeSeconds?: number;
  /** @default 30 days */
  refreshTokenLifetimeSeconds?: number;
  /** @default false */
  refreshTokenRotation?: boolean;
  /** 0–60. @default 0 */
  retryGracePeriodSeconds?: number;
  /** Creates the session after the worker is up. `false`: only the pool (drive it directly). @default true */
  createSession?: boolean;
  /** Deletes `navigator.locks` before the session is created (a browser without Web Locks). */
  removeLocks?: boolean;
  /**
   * Replaces `navigator.locks` with the LockManager of an iframe removed from the page: Chromium
   * refuses its every request with an `InvalidStateError` ("The document is not active"), as it
   * does in a document that is not fully active.
   */
  detachedLocks?: boolean;
  /** Deletes `BroadcastChannel` before the session is created (a browser without it). */
  removeBroadcastChannel?: boolean;
  /** The JSON-safe options of `createSession`; `provider` and the default storage are fixed. */
  sessionOptions?: TestSessionOptions;
}

/** The serialisable part of `SessionOptions`. */
export interface TestSessionOptions {
  storageKey?: string;
  refreshLeewaySeconds?: number;
  autoRefresh?: boolean;
  /** `true`: `crossTab: crossTab()` (coordinate with the other tabs); `false`: this tab alone. @default true */
  crossTab?: boolean;
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  persist?: 'all' | 'no-refresh-token' | 'none';
  requestTimeoutMs?: number;
  storageTimeoutMs?: number;
}

/** A `SessionError` (or any error) as data. */
export interface ErrorSummary {
  name: string;
  code: string | null;
  message: string;
  retryable: boolean | null;
  status: number | null;
  providerCode: string | null;
  signOutReason: string | null;
  /** `cause.message`, e.g. the TypeError behind a `network` error. */
  cause: string | null;
}

/** `session.getState()` as data (with the token strings, which tests compare). */
export interface StateSummary {
  status: 'loading' | 'signedIn' | 'signedOut';
  /** Sign-out reason, or null. */
  reason: string | null;
  accessToken: string | null;
  idToken: string | null;
  refreshToken: string | null;
  /** ms, local clock. */
  expiresAt: number | null;
  clockSkewMs: number | null;
  refreshing: boolean;
  /** The degraded-state error of a signed-in session. */
  error: ErrorSummary | null;
  username: string | null;
}

/** One session event as the page recorded it. `at` is `Date.now()` in the page. */
export interface RecordedEvent {
  /** Position in this page's log, from 0. */
  index: number;
  type: string;
  at: number;
  /** The payload made JSON-safe (errors become {@link ErrorSummary}). */
  payload: unknown;
}

/** One state change (`session.subscribe`) as the page recorded it. */
export interface RecordedStateChange {
  at: number;
  status: StateSummary['status'];
  reason: string | null;
  refreshing: boolean;
  errorCode: string | null;
}

/** One request that reached this page's pool handlers. */
export interface PoolRequestSummary {
  operation: string;
  /** Pool clock (`Date.now()` in the page) when it arrived, ms. */
  time: number;
  method: string;
  url: string;
  /** The refresh token sent (JSON API `RefreshToken` / `AuthParameters.REFRESH_TOKEN`, OAuth2 `refresh_token`/`token`), if any. */
  refreshToken: string | null;
}

/** A raw `GetTokensFromRefreshToken` call's answer. */
export interface RawResponse {
  status: number;
  /** `__type` of a JSON API error, e.g. `NotAuthorizedException`. */
  errorType: string | null;
  body: unknown;
}

/** The result of an action that may fail: failures are data, not exceptions across evaluate. */
export type Outcome =
  | { ok: true; state: StateSummary }
  | { ok: false; error: ErrorSummary; state: StateSummary };

/** What the page can use. */
export interface PageCapabilities {
  secureContext: boolean;
  indexedDB: boolean;
  locks: boolean;
  broadcastChannel: boolean;
  /** The MSW service worker controls the page (its requests reach the fake pool). */
  serviceWorkerControlled: boolean;
}

/** A page lifecycle event (`freeze`, `resume`, `visibilitychange`, `pageshow`, `pagehide`). */
export interface LifecycleEntry {
  type: string;
  at: number;
  visibilityState: string;
}

/** Where the page stands in its lifecycle. */
export interface LifecycleSummary {
  /** `frozen` between a `freeze` and a `resume` event (read synchronously, even while frozen). */
  state: 'active' | 'frozen';
  visibilityState: string;
  hasFocus: boolean;
  log: LifecycleEntry[];
}

/** A Web Lock as `navigator.locks.query()` reports it. */
export interface LockSummary {
  name: string;
  mode: string;
  state: 'held' | 'pending';
}

/**
 * `window.sessionkitTest`. Every method is async (it runs through `page.evaluate`).
 * Methods other than `start`, `capabilities`, `lifecycle` and `heldLocks` need `start()` first; session
 * methods need a session (`createSession` not `false`).
 */
export interface SessionkitTestApi {
  /** Creates the pool (shared through IndexedDB), starts the MSW worker, then the session (awaits `ready`). */
  start(options?: StartOptions): Promise<StateSummary | null>;
  /** Creates the session later (after `start({ createSession: false })`). */
  startSession(options?: Omit<StartOptions, 'createSession'>): Promise<StateSummary>;
  /** Adds the user (fixed `sub`, so every page adds the same user), issues tokens, `setTokens`. */
  signIn(username?: string): Promise<StateSummary>;
  state(): Promise<StateSummary>;
  events(): Promise<RecordedEvent[]>;
  stateChanges(): Promise<RecordedStateChange[]>;
  clearEvents(): Promise<void>;
  refresh(): Promise<Outcome>;
  getAccessToken(
    minValiditySeconds?: number,
  ): Promise<{ ok: true; token: string } | { ok: false; error: ErrorSummary }>;
  signOut(options?: { revoke?: boolean }): Promise<StateSummary>;
  /** `globalSignOut(session)`: Cognito's `GlobalSignOut`, then this session ends in every tab. */
  globalSignOut(): Promise<Outcome>;
  dispose(): Promise<void>;
  /**
   * Makes every later open of sessionkit's IndexedDB database wait, as when a tab of an older
   * release keeps it open while another asks for an upgrade: holds a connection that ignores
   * `versionchange` and asks for the next version, which stays blocked. Resolves once it is.
   */
  blockStorageOpens(): Promise<void>;
  /** Closes the held connection: the upgrade, then the opens queued behind it, go through. */
  unblockStorageOpens(): Promise<void>;
  /** The raw record of the session in IndexedDB (`indexedDBStorage().get(storageKey)`). */
  storedRecord(): Promise<unknown>;
  /** This page's pool request log (requests other pages made are in their logs). */
  poolRequests(): Promise<PoolRequestSummary[]>;
  clearPoolRequests(): Promise<void>;
  /** Adds the user (fixed `sub`) and mints a token set as a sign-in would; the refresh token is registered. */
  issueTokens(
    username?: string,
  ): Promise<{ idToken: string; accessToken: string; refreshToken: string }>;
  /** `pool.revokeAll(username)`: every refresh token of the user, in every page (shared state). */
  revokeAll(username?: string): Promise<void>;
  /** A plain `fetch` of `GetTokensFromRefreshToken` with this token, past the session. */
  rawRefresh(refreshToken: string): Promise<RawResponse>;
  /** Faults, latency and lifetime are per page: they hit requests this page's handlers answer. */
  failNext(kind: FaultKind, count?: number, options?: FailNextOptions): Promise<void>;
  setLatency(ms: number): Promise<void>;
  setTokenLifetime(seconds: number): Promise<void>;
  capabilities(): Promise<PageCapabilities>;
  /** The page's lifecycle events since load (freeze, resume, visibility). */
  lifecycle(): Promise<LifecycleSummary>;
  /** Every Web Lock of the origin, held or waited for (`navigator.locks.query()`). */
  heldLocks(): Promise<LockSummary[]>;
}

/**
 * What the page pushes to Node as it happens (through the `sessionkitReport` binding the harness
 * installs), so Node keeps every tab's log even while a tab is frozen or after it closed.
 */
export type PageReport =
  | { kind: 'poolRequest'; request: PoolRequestSummary }
  | { kind: 'event'; event: RecordedEvent };

declare global {
  interface Window {
    sessionkitTest?: SessionkitTestApi;
    /** Installed by the harness (`BrowserContext.exposeBinding`); absent when the app runs alone. */
    sessionkitReport?: (report: PageReport) => Promise<void>;
    /** Set by the page's `freeze`/`resume` listeners; the harness reads it to confirm a freeze. */
    sessionkitLifecycleState?: 'active' | 'frozen';
  }
}
