/**
 * The machinery of the fault matrix (faultMatrix.test.ts): the faults, how each is injected
 * through the testing kit or by replacing a browser API, and the four session phases a fault can
 * meet. A row run returns what was observed; the table in the test says what must be.
 */
import { HttpResponse, http } from 'msw';
import { expect, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { DEFAULT_STORAGE_TIMEOUT_MS } from '../sessionOptions.js';
import { indexedDBStorage } from '../storage/indexedDbStorage.js';
import { STORAGE_SCHEMA_VERSION } from '../storage/recordCodec.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import type { FaultKind } from '../testing/fakePoolTypes.js';
import { DEFAULT_FAULT_OPERATIONS } from '../testing/faults.js';
import { mintTokens } from '../testing/index.js';
import type { SessionState, TokenSet } from '../types.js';
import { createFakeLockManager } from './fakeLocks.js';
import {
  advance,
  CLIENT_ID,
  EVENT_TYPES,
  issue,
  REGION,
  rememberTokens,
  server,
  settle,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
} from './harness.js';
import { heldTokens } from './tokenAudit.js';

export const KEY = `cognito:${USER_POOL_ID}:${CLIENT_ID}`;
const ENDPOINT = `https://cognito-idp.${REGION}.amazonaws.com/`;
/** 5-minute tokens: an automatic refresh at 240 s. */
export const LIFETIME_S = 300;
/** The session's request timeout in the matrix (ms). */
export const REQUEST_TIMEOUT_MS = 5_000;
const HOUR_MS = 3_600_000;

export type Phase = 'idle' | 'refreshing' | 'signingOut' | 'hydrating';

// ---- a storage whose IndexedDB can fail on open, read or write ----------------------------------

/**
 * indexedDBStorage with switches: `failGet`/`failSet` make reads or writes reject as IndexedDB
 * does (DOMException), `hang` makes every operation wait for ever (an open that never fires
 * `success` nor `error`), `reconnect()` drops the cached connection so the next operation opens
 * the database again (Safari closes idle connections), which is where a failing `open` bites.
 */
export function createFaultyStorage(databaseName: string) {
  let inner = indexedDBStorage({ databaseName });
  const hung = <T>(operation: () => Promise<T>): Promise<T> =>
    storage.hang ? new Promise<T>(() => {}) : operation();
  const storage = {
    failGet: null as DOMException | null,
    failSet: null as DOMException | null,
    hang: false,
    reconnect() {
      inner = indexedDBStorage({ databaseName });
    },
    get: (key: string) =>
      hung(async () => {
        if (storage.failGet) throw storage.failGet;
        return inner.get(key);
      }),
    set: (key: string, value: unknown) =>
      hung(async () => {
        if (storage.failSet) throw storage.failSet;
        return inner.set(key, value);
      }),
    remove: (key: string) => hung(() => inner.remove(key)),
  } satisfies TokenStorage & Record<string, unknown>;
  return storage;
}

// ---- the context a fault acts on ------------------------------------------------------------------

export interface FaultContext {
  pool: Awaited<ReturnType<typeof startPool>>;
  storage: ReturnType<typeof createFaultyStorage>;
  /** Reads and writes the raw record through its own, already open, connection. */
  inspector: TokenStorage;
  /** The next `dnsFailures` fetches throw `TypeError('fetch failed')` before leaving. */
  dnsFailures: number;
  /** The local clock minus the pool's (ms): the clock-jump faults move only the local one. */
  localJumpMs: number;
  /** The pool's clock runs this far ahead (ms): an expired refresh token. */
  poolAheadMs: number;
  /** Called once on the first failure the session reports (heals a lasting fault). */
  onFirstFailure: (() => void) | null;
  /** The refresh token the session holds now. */
  refreshToken: () => Promise<string>;
}

/** A fault of the matrix. `before`: injected before the operation of the phase starts. */
export interface Fault {
  name: string;
  prepare?: (context: FaultContext) => Promise<unknown>;
  inject: (context: FaultContext, prepared: unknown) => void | Promise<void>;
  before?: boolean;
  /** Applied before any session exists (the environment lacks an API). */
  environment?: () => void;
}

const withRevoke = [...DEFAULT_FAULT_OPERATIONS, 'RevokeToken'] as const;
const kit =
  (kind: FaultKind): Fault['inject'] =>
  ({ pool }) =>
    pool.failNext(kind, 1, { operations: withRevoke, retryAfterSeconds: 5 });

/** Answers the next JSON API request with `response` (taken when the request arrives). */
function answerOnce(response: () => Response): void {
  server.use(http.post(ENDPOINT, () => response(), { once: true }));
}

const authenticationResult = (tokens: Partial<TokenSet>) =>
  HttpResponse.json(
    {
      AuthenticationResult: {
        ...(tokens.idToken ? { IdToken: tokens.idToken } : {}),
        ...(tokens.accessToken ? { AccessToken: tokens.accessToken } : {}),
        ...(tokens.refreshToken ? { RefreshToken: tokens.refreshToken } : {}),
        ExpiresIn: LIFETIME_S,
        TokenType: 'Bearer',
      },
    },
    { headers: { 'Content-Type': 'application/x-amz-json-1.1' } },
  );

async function foreignTokens(options: { clientId?: string; userPoolId?: string }) {
  const tokens = await mintTokens(
    {},
    { region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID, ...options },
  );
  rememberTokens(tokens);
  return tokens;
}

function jumpClock(context: FaultContext, ms: number): void {
  context.localJumpMs += ms;
  vi.setSystemTime(Date.now() + ms);
}

export const FAULTS = {
  offline: {
    name: 'offline (fetch TypeError from HttpResponse.error())',
    inject: kit('network'),
  },
  dns: {
    name: "DNS-style TypeError('fetch failed') from the fetch option",
    inject: (context) => {
      context.dnsFailures = 1;
    },
  },
  timeout: {
    name: `an answer later than requestTimeoutMs (${REQUEST_TIMEOUT_MS} ms)`,
    inject: (context) => {
      context.pool.setLatency(REQUEST_TIMEOUT_MS * 4);
      context.onFirstFailure = () => context.pool.setLatency(0);
    },
  },
  server500: { name: 'HTTP 500 InternalErrorException', inject: kit('server') },
  html502: { name: 'HTTP 502 with an HTML body', inject: kit('html') },
  unavailable503: { name: 'HTTP 503 with Retry-After: 5', inject: kit('unavailable') },
  throttled: { name: 'TooManyRequestsException (HTTP 400)', inject: kit('throttle') },
  http429: {
    name: 'HTTP 429 from a proxy, no error name',
    inject: () => answerOnce(() => new HttpResponse('Too Many Requests', { status: 429 })),
  },
  invalidJson: { name: 'HTTP 200 with invalid JSON', inject: kit('garbage') },
  missingTokens: {
    name: 'HTTP 200 without IdToken and AccessToken',
    inject: kit('missing_tokens'),
  },
  missingAccessToken: {
    name: 'HTTP 200 with an IdToken but no AccessToken',
    prepare: () => foreignTokens({}),
    inject: (_, tokens) =>
      answerOnce(() => authenticationResult({ idToken: (tokens as TokenSet).idToken })),
  },
  otherClient: {
    name: 'HTTP 200 with tokens for another app client',
    prepare: () => foreignTokens({ clientId: 'another-client' }),
    inject: (_, tokens) => answerOnce(() => authenticationResult(tokens as TokenSet)),
  },
  otherIssuer: {
    name: 'HTTP 200 with tokens from another issuer',
    prepare: () => foreignTokens({ userPoolId: `${REGION}_OtherPool9` }),
    inject: (_, tokens) => answerOnce(() => authenticationResult(tokens as TokenSet)),
  },
  refreshTokenExpired: {
    name: 'the refresh token expired (pool clock past its 30 days)',
    before: true,
    inject: (context) => {
      context.poolAheadMs = 31 * 24 * HOUR_MS;
    },
  },
  refreshTokenRevoked: {
    name: 'the refresh token was revoked (revokeAll)',
    before: true,
    inject: ({ pool }) => pool.revokeAll(USER.username),
  },
  refreshTokenReused: {
    name: 'the refresh token was rotated elsewhere and is reused',
    before: true,
    async inject(context) {
      // Someone else (a stolen copy, a lost answer) redeems it first; the pool rotates it.
      const response = await globalThis.fetch(ENDPOINT, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
        },
        body: JSON.stringify({ ClientId: CLIENT_ID, RefreshToken: await context.refreshToken() }),
      });
      expect(response.status).toBe(200);
    },
  },
  indexedDbOpen: {
    name: 'IndexedDB throws on open',
    inject: ({ storage }) => {
      vi.stubGlobal('indexedDB', {
        open() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      storage.reconnect();
    },
  },
  indexedDbRead: {
    name: 'IndexedDB throws on read',
    inject: ({ storage }) => {
      storage.failGet = new DOMException(
        'The database connection is closing.',
        'InvalidStateError',
      );
    },
  },
  indexedDbWrite: {
    name: 'IndexedDB throws on write (QuotaExceededError)',
    inject: ({ storage }) => {
      storage.failSet = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  },
  indexedDbHang: {
    name: 'IndexedDB stops answering (no success, no error)',
    inject: ({ storage }) => {
      storage.hang = true;
    },
  },
  corruptRecord: {
    name: 'a corrupt record',
    before: true,
    inject: ({ inspector }) => inspector.set(KEY, '{"version":1,"idToken":"eyJ'),
  },
  futureRecord: {
    name: 'a record of a future schema version',
    before: true,
    async inject({ inspector }) {
      const record = (await inspector.get(KEY)) as Record<string, unknown>;
      await inspector.set(KEY, { ...record, version: 3 });
    },
  },
  noCrossTabApis: {
    name: 'BroadcastChannel and Web Locks missing',
    environment: () => {
      vi.stubGlobal('BroadcastChannel', undefined);
      vi.stubGlobal('navigator', { onLine: true });
    },
    inject: () => {},
  },
  clockForward: {
    name: 'the local clock jumps one hour forward',
    inject: (context) => jumpClock(context, HOUR_MS),
  },
  clockBack: {
    name: 'the local clock jumps one hour back',
    inject: (context) => jumpClock(context, -HOUR_MS),
  },
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;

// ---- running a row ---------------------------------------------------------------------------------

/** What a row run saw. */
export interface Observed {
  /** `signedIn:<same|new tokens>:<error code|ok>` or `signedOut:<reason>`. */
  state: string;
  /** Events after the injection, as `type` or `type:detail` (error code, reason, source). */
  events: string[];
  /** The raw stored record: absent, same (old tokens), new (the session's tokens), foreign (left as injected). */
  record: string;
  /** How `refresh()` / `signOut()` of the phase settled: `resolved` or the rejection's code. */
  call: string | null;
  /** Refresh requests that reached the pool after the injection. */
  refreshRequests: number;
  /** States seen at `refreshFailed` events that announced a retry but were not signedIn. */
  lostWhileRetrying: string[];
  /** Events an app listener received while this tab held the cross-tab lock (docs/several-tabs.md: none). */
  underLock: string[];
}

function describeState(state: SessionState, initial: TokenSet): string {
  if (state.status === 'signedOut') return `signedOut:${state.reason}`;
  if (state.status === 'loading') return 'loading';
  const tokens = state.tokens.accessToken === initial.accessToken ? 'same' : 'new';
  return `signedIn:${tokens}:${state.error?.code ?? 'ok'}`;
}

function describeEvent(type: string, payload: unknown): string {
  const event = payload as {
    error?: { code?: string };
    reason?: string | null;
    source?: string;
  };
  const detail = event.error?.code ?? event.reason ?? event.source;
  return detail === undefined ? type : `${type}:${detail}`;
}

async function describeRecord(
  inspector: TokenStorage,
  initial: TokenSet,
  state: SessionState,
  held: TokenSet | null,
): Promise<string> {
  const record = (await inspector.get(KEY)) as Record<string, unknown> | undefined;
  if (record === undefined) return 'absent';
  if (typeof record !== 'object' || record.version !== STORAGE_SCHEMA_VERSION) return 'foreign';
  if (record.accessToken === initial.accessToken) return 'same';
  if (
    state.status === 'signedIn' &&
    record.accessToken === state.tokens.accessToken &&
    record.refreshToken === held?.refreshToken
  ) {
    return 'new';
  }
  return 'other';
}

/** Runs one fault in one phase and reports what happened. */
export async function runRow(faultName: FaultName, phase: Phase): Promise<Observed> {
  const fault: Fault = FAULTS[faultName];
  const locks = createFakeLockManager();
  vi.stubGlobal('navigator', { locks, onLine: true });
  fault.environment?.();
  const databaseName = `matrix-${Math.random()}`;
  const storage = createFaultyStorage(databaseName);
  const inspector = indexedDBStorage({ databaseName });
  await inspector.get(KEY); // opens the inspector's own connection before any fault
  const context: FaultContext = {
    pool: undefined as never,
    storage,
    inspector,
    dnsFailures: 0,
    localJumpMs: 0,
    poolAheadMs: 0,
    onFirstFailure: null,
    async refreshToken() {
      const record = (await inspector.get(KEY)) as { refreshToken: string };
      return record.refreshToken;
    },
  };
  context.pool = await startPool({
    tokenLifetimeSeconds: LIFETIME_S,
    refreshTokenRotation: true,
    retryGracePeriodSeconds: 0,
    now: () => Date.now() - context.localJumpMs + context.poolAheadMs,
  });
  const { pool } = context;
  const realFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
  const open = () =>
    startSession({
      storage,
      storageKey: KEY,
      crossTab: crossTab(),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      fetch: async (input, init) => {
        if (context.dnsFailures > 0) {
          context.dnsFailures--;
          throw new TypeError('fetch failed');
        }
        return realFetch(input, init);
      },
    });
  const prepared = await fault.prepare?.(context);

  let tab = open();
  await tab.session.ready;
  const initial = await issue(pool);
  await tab.session.setTokens(initial);
  let from = 0;
  let call: Promise<string> | null = null;
  const settleCall = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: { code?: string }) => String(error.code),
    );

  if (phase === 'hydrating') {
    tab.session.dispose();
    vi.setSystemTime(Date.now() + (LIFETIME_S + 100) * 1000); // the access token expired meanwhile
    await fault.inject(context, prepared);
    pool.clearRequests();
    tab = open();
  } else {
    await advance(phase === 'idle' ? 200_000 : 10_000, 20_000);
    from = tab.recorder.events.length;
    pool.clearRequests();
    if (fault.before || phase === 'idle') await fault.inject(context, prepared);
    if (phase === 'refreshing') {
      pool.setLatency(1000);
      call = settleCall(tab.session.refresh());
    } else if (phase === 'signingOut') {
      call = settleCall(tab.session.signOut());
    }
    if (!fault.before && phase !== 'idle') await fault.inject(context, prepared);
  }

  const { session, recorder } = tab;
  const lostWhileRetrying: string[] = [];
  const failed = () => {
    const heal = context.onFirstFailure;
    context.onFirstFailure = null;
    heal?.();
  };
  session.on('refreshFailed', (event) => {
    failed();
    const state = session.getState();
    if (event.willRetry && state.status !== 'signedIn') lostWhileRetrying.push(state.status);
  });
  session.on('error', failed);
  const underLock: string[] = [];
  for (const type of EVENT_TYPES) {
    session.on(type, () => {
      if (locks.held > 0) underLock.push(type);
    });
  }
  // A storage that hangs settles `ready` at its deadline, in fake time.
  let ready = false;
  void session.ready.then(() => {
    ready = true;
  });
  await settle();
  if (!ready) await advance(DEFAULT_STORAGE_TIMEOUT_MS, 1_000);
  await session.ready;
  // Enough for the refresh at 240 s (idle) and its retries (at most a 5 s Retry-After or timeout).
  await advance(60_000, 1_000);

  const state = session.getState();
  const observed: Observed = {
    state: describeState(state, initial),
    events: recorder.events.slice(from).map(({ type, payload }) => describeEvent(type, payload)),
    record: 'pending',
    call: call ? await call : null,
    refreshRequests: pool.requests.filter((r) => r.operation === 'GetTokensFromRefreshToken')
      .length,
    lostWhileRetrying,
    underLock,
  };
  vi.unstubAllGlobals();
  observed.record = await describeRecord(inspector, initial, state, heldTokens(session));
  session.dispose();
  await settle();
  return observed;
}
