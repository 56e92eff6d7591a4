/**
 * The browser test app: the built `@sessionkit/core` against the testing kit's fake pool in an
 * MSW service worker, driven from Playwright through `window.sessionkitTest` (see api.ts).
 *
 * Every page (tab) of the origin runs its own pool object and handlers (the worker hands each
 * request back to the page that made it), but the pool's durable state — signing keys, valid
 * refresh tokens, revocations — lives in IndexedDB (`shared: true`), so all tabs see one pool.
 */
import {
  cognito,
  createSession,
  crossTab,
  globalSignOut,
  indexedDBStorage,
  type Session,
  type SessionEvents,
  type SessionState,
} from '@sessionkit/core';
import {
  createFakeUserPool,
  type FakeUserPool,
  heldTokens,
  type PoolRequest,
} from '@sessionkit/core/testing';
import { type SetupWorker, setupWorker } from 'msw/browser';
import {
  type ErrorSummary,
  type LifecycleEntry,
  type PageReport,
  type PoolRequestSummary,
  type RecordedEvent,
  type RecordedStateChange,
  type SessionkitTestApi,
  type StartOptions,
  type StateSummary,
  TEST_POOL,
  TEST_USER,
} from './api.js';

/** How long a page opened while another tab registers the worker waits to be claimed by it. */
const CLAIM_TIMEOUT_MS = 5_000;

/**
 * MSW's `worker.start()` reloads a page that a registered worker does not control yet. Tabs that
 * load while the first one registers the worker are in that state until the worker's
 * `clients.claim()` reaches them, and a reload in the middle of a test would destroy the page
 * the harness is talking to: wait for the claim instead.
 */
async function untilControlledByExistingWorker(): Promise<void> {
  const container = navigator.serviceWorker;
  if (container.controller) return;
  const claimed = new Promise<void>((resolve) => {
    container.addEventListener('controllerchange', () => resolve(), { once: true });
    setTimeout(resolve, CLAIM_TIMEOUT_MS);
  });
  const registrations = await container.getRegistrations();
  if (container.controller || registrations.length === 0) return;
  await claimed;
}

/**
 * Runs the worker's start in one tab at a time. Without it, two tabs starting together can both
 * find no registration in `untilControlledByExistingWorker`; one registers, and MSW in the other
 * then finds that registration not controlling its page and reloads it mid-call (seen once in CI:
 * "Execution context was destroyed" from a `start` of the cross-tab suite). In turn, a later tab
 * always finds the registration and waits for the claim. The lock is released before the session
 * exists, so the session's own locks (or a test removing `navigator.locks`) never meet it.
 */
async function oneTabAtATime(task: () => Promise<void>): Promise<void> {
  const locks = navigator.locks;
  if (typeof locks?.request !== 'function') return task();
  await locks.request('sessionkit-test:msw-worker-start', task);
}

const EVENT_TYPES: readonly (keyof SessionEvents)[] = [
  'signedIn',
  'signedOut',
  'refreshed',
  'refreshFailed',
  'tokensChanged',
  'storageFallback',
  'error',
];

// A fixed sub per user: every tab adds the user, and a replaced user must stay the same person.
const USER_SUBS: Record<string, string> = {
  alice: '7d3f5c1e-0a3b-4c59-9d0e-1f2a3b4c5d6e',
  bob: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b',
};

let pool: FakeUserPool | null = null;
let worker: SetupWorker | null = null;
let session: Session | null = null;
let storageKey: string | null = null;
const events: RecordedEvent[] = [];
const stateChanges: RecordedStateChange[] = [];
let reportedRequests = 0;
const lifecycleLog: LifecycleEntry[] = [];

// Installed at load, before any test acts: a freeze is recorded synchronously, so the harness can
// confirm it with a plain evaluate while the page is frozen.
window.sessionkitLifecycleState = 'active';
for (const type of ['freeze', 'resume', 'visibilitychange'] as const) {
  document.addEventListener(type, () => {
    if (type === 'freeze') window.sessionkitLifecycleState = 'frozen';
    if (type === 'resume') window.sessionkitLifecycleState = 'active';
    lifecycleLog.push({ type, at: Date.now(), visibilityState: document.visibilityState });
  });
}
for (const type of ['pageshow', 'pagehide'] as const) {
  window.addEventListener(type, () => {
    lifecycleLog.push({ type, at: Date.now(), visibilityState: document.visibilityState });
  });
}

function report(message: PageReport): void {
  // Fire and forget: the harness may already be gone when a late timer fires.
  window.sessionkitReport?.(message).catch(() => undefined);
}

function requirePool(): FakeUserPool {
  if (!pool) throw new Error('sessionkitTest: call start() first');
  return pool;
}

function requireSession(): Session {
  if (!session) throw new Error('sessionkitTest: no session; call start() or startSession()');
  return session;
}

function summarizeError(error: unknown): ErrorSummary {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    name: text(fields.name) ?? 'Error',
    code: text(fields.code),
    message: text(fields.message) ?? String(error),
    retryable: typeof fields.retryable === 'boolean' ? fields.retryable : null,
    status: typeof fields.status === 'number' ? fields.status : null,
    providerCode: text(fields.providerCode),
    signOutReason: text(fields.signOutReason),
    cause:
      fields.cause instanceof Error
        ? `${fields.cause.name}: ${fields.cause.message}`
        : fields.cause === undefined
          ? null
          : String(fields.cause),
  };
}

/** Payloads hold errors and claims: errors become summaries, the rest survives JSON. */
function toJsonSafe(value: unknown): unknown {
  if (value instanceof Error) return summarizeError(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonSafe(item)]));
  }
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return String(value);
  }
  return value;
}

function summarizeState(state: SessionState): StateSummary {
  if (state.status !== 'signedIn') {
    return {
      status: state.status,
      reason: state.status === 'signedOut' ? state.reason : null,
      accessToken: null,
      idToken: null,
      refreshToken: null,
      expiresAt: null,
      clockSkewMs: null,
      refreshing: false,
      error: null,
      username: null,
    };
  }
  const username = state.user['cognito:username'];
  return {
    status: state.status,
    reason: null,
    accessToken: state.tokens.accessToken,
    idToken: state.tokens.idToken,
    // The state never carries the refresh token; the kit's heldTokens reads what the session holds.
    refreshToken: (session && heldTokens(session)?.refreshToken) ?? null,
    expiresAt: state.expiresAt,
    clockSkewMs: state.clockSkewMs,
    refreshing: state.refreshing,
    error: state.error ? summarizeError(state.error) : null,
    username: typeof username === 'string' ? username : null,
  };
}

function refreshTokenOf(request: PoolRequest): string | null {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const parameters = (body.AuthParameters ?? {}) as Record<string, unknown>;
  const candidate =
    body.RefreshToken ?? parameters.REFRESH_TOKEN ?? body.refresh_token ?? body.token ?? null;
  return typeof candidate === 'string' ? candidate : null;
}

function summarizeRequest(request: PoolRequest): PoolRequestSummary {
  return {
    operation: request.operation,
    time: request.time,
    method: request.method,
    url: request.url,
    refreshToken: refreshTokenOf(request),
  };
}

/** Pushes the pool's new log entries to Node; called after every request the worker handled. */
function reportNewRequests(): void {
  const log = pool?.requests ?? [];
  for (; reportedRequests < log.length; reportedRequests += 1) {
    const request = log[reportedRequests];
    if (request) report({ kind: 'poolRequest', request: summarizeRequest(request) });
  }
}

function recordEvent(type: string, payload: unknown): void {
  const event: RecordedEvent = {
    index: events.length,
    type,
    at: Date.now(),
    payload: toJsonSafe(payload),
  };
  events.push(event);
  report({ kind: 'event', event });
}

/** The connection `blockStorageOpens` holds open. */
let storageBlocker: IDBDatabase | null = null;

/** The database of an open request (with sessionkit's store, as idb-keyval would create it). */
function openDatabase(request: IDBOpenDBRequest): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    request.onupgradeneeded = () => request.result.createObjectStore('sessions');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function replaceGlobal(target: object, name: string, value: unknown): void {
  // Shadows the prototype getter (navigator.locks) or replaces the global (BroadcastChannel).
  Object.defineProperty(target, name, { value, configurable: true, writable: true });
}

async function startSession(
  options: Omit<StartOptions, 'createSession'> = {},
): Promise<StateSummary> {
  if (session) throw new Error('sessionkitTest: the session already exists');
  if (options.removeLocks) replaceGlobal(navigator, 'locks', undefined);
  if (options.detachedLocks) {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const view = frame.contentWindow;
    if (!view) throw new Error('sessionkitTest: the iframe has no window');
    const { locks } = view.navigator;
    frame.remove();
    replaceGlobal(navigator, 'locks', locks);
  }
  if (options.removeBroadcastChannel) replaceGlobal(globalThis, 'BroadcastChannel', undefined);
  const provider = cognito({ ...TEST_POOL });
  // Every tab of the suites coordinates with the others unless a test says `crossTab: false`.
  const { crossTab: coordinated = true, ...sessionOptions } = options.sessionOptions ?? {};
  const created = createSession({
    provider,
    ...sessionOptions,
    crossTab: coordinated ? crossTab() : false,
  });
  storageKey = options.sessionOptions?.storageKey ?? provider.id;
  for (const type of EVENT_TYPES) {
    created.on(type, (payload) => recordEvent(type, payload));
  }
  created.subscribe((state) => {
    stateChanges.push({
      at: Date.now(),
      status: state.status,
      reason: state.status === 'signedOut' ? state.reason : null,
      refreshing: state.status === 'signedIn' && state.refreshing,
      errorCode: state.status === 'signedIn' ? (state.error?.code ?? null) : null,
    });
  });
  session = created;
  await created.ready;
  return summarizeState(created.getState());
}

async function addUser(username: string): Promise<void> {
  await requirePool().addUser({
    username,
    password: 'Passw0rd!',
    attributes: {
      sub:
        USER_SUBS[username] ?? `00000000-0000-4000-8000-${username.padEnd(12, '0').slice(0, 12)}`,
      email: `${username}@example.com`,
      email_verified: 'true',
    },
  });
}

async function issueTokens(username: string) {
  await addUser(username);
  const tokens = await requirePool().issueTokens(username);
  if (!tokens.refreshToken) throw new Error('sessionkitTest: the pool issued no refresh token');
  return {
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  };
}

const api: SessionkitTestApi = {
  async start(options = {}) {
    if (pool) throw new Error('sessionkitTest: start() runs once per page');
    pool = createFakeUserPool({
      ...TEST_POOL,
      shared: true,
      ...(options.tokenLifetimeSeconds === undefined
        ? {}
        : { tokenLifetimeSeconds: options.tokenLifetimeSeconds }),
      ...(options.refreshTokenLifetimeSeconds === undefined
        ? {}
        : { refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds }),
      ...(options.refreshTokenRotation === undefined
        ? {}
        : { refreshTokenRotation: options.refreshTokenRotation }),
      ...(options.retryGracePeriodSeconds === undefined
        ? {}
        : { retryGracePeriodSeconds: options.retryGracePeriodSeconds }),
    });
    worker = setupWorker(...pool.handlers);
    worker.events.on('request:end', reportNewRequests);
    const starting = worker;
    await oneTabAtATime(async () => {
      await untilControlledByExistingWorker();
      await starting.start({
        quiet: true,
        serviceWorker: { url: '/mockServiceWorker.js' },
        onUnhandledRequest(request, print) {
          // The app's own files pass; anything else would leave the machine: fail it loudly.
          if (new URL(request.url).origin !== location.origin) print.error();
        },
      });
    });
    if (options.createSession === false) return null;
    return startSession(options);
  },
  startSession,
  async signIn(username = TEST_USER) {
    const tokens = await issueTokens(username);
    return summarizeState(await requireSession().setTokens(tokens));
  },
  async state() {
    return summarizeState(requireSession().getState());
  },
  async events() {
    return [...events];
  },
  async stateChanges() {
    return [...stateChanges];
  },
  async clearEvents() {
    events.length = 0;
    stateChanges.length = 0;
  },
  async refresh() {
    const current = requireSession();
    try {
      return { ok: true, state: summarizeState(await current.refresh()) };
    } catch (error) {
      return { ok: false, error: summarizeError(error), state: summarizeState(current.getState()) };
    }
  },
  async getAccessToken(minValiditySeconds = 0) {
    try {
      return { ok: true, token: await requireSession().getAccessToken({ minValiditySeconds }) };
    } catch (error) {
      return { ok: false, error: summarizeError(error) };
    }
  },
  async signOut(options = {}) {
    const current = requireSession();
    await current.signOut(options);
    return summarizeState(current.getState());
  },
  async globalSignOut() {
    const current = requireSession();
    try {
      await globalSignOut(current);
      return { ok: true, state: summarizeState(current.getState()) };
    } catch (error) {
      return { ok: false, error: summarizeError(error), state: summarizeState(current.getState()) };
    }
  },
  async dispose() {
    session?.dispose();
    session = null;
  },
  async blockStorageOpens() {
    const held = await openDatabase(indexedDB.open('sessionkit'));
    storageBlocker = held;
    await new Promise<void>((resolve, reject) => {
      const upgrade = indexedDB.open('sessionkit', held.version + 1);
      upgrade.onblocked = () => resolve();
      upgrade.onerror = () => reject(upgrade.error);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        reject(new Error('sessionkitTest: the upgrade was not blocked'));
      };
    });
  },
  async unblockStorageOpens() {
    storageBlocker?.close();
    storageBlocker = null;
  },
  async storedRecord() {
    requireSession();
    return (await indexedDBStorage().get(storageKey ?? '')) ?? null;
  },
  async poolRequests() {
    return requirePool().requests.map(summarizeRequest);
  },
  async clearPoolRequests() {
    requirePool().clearRequests();
    reportedRequests = 0;
  },
  issueTokens: (username = TEST_USER) => issueTokens(username),
  revokeAll: (username = TEST_USER) => requirePool().revokeAll(username),
  async rawRefresh(refreshToken) {
    const response = await fetch(`https://cognito-idp.${TEST_POOL.region}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
      },
      body: JSON.stringify({ ClientId: TEST_POOL.clientId, RefreshToken: refreshToken }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    const errorType = (body as { __type?: unknown } | null)?.__type;
    return {
      status: response.status,
      errorType: typeof errorType === 'string' ? errorType : null,
      body,
    };
  },
  async failNext(kind, count, options) {
    requirePool().failNext(kind, count, options);
  },
  async setLatency(ms) {
    requirePool().setLatency(ms);
  },
  async setTokenLifetime(seconds) {
    requirePool().setTokenLifetime(seconds);
  },
  async capabilities() {
    return {
      secureContext: window.isSecureContext,
      indexedDB: typeof indexedDB !== 'undefined',
      locks: typeof navigator.locks?.request === 'function',
      broadcastChannel: typeof BroadcastChannel === 'function',
      serviceWorkerControlled: navigator.serviceWorker?.controller != null,
    };
  },
  async lifecycle() {
    return {
      state: window.sessionkitLifecycleState ?? 'active',
      visibilityState: document.visibilityState,
      hasFocus: document.hasFocus(),
      log: [...lifecycleLog],
    };
  },
  async heldLocks() {
    if (typeof navigator.locks?.query !== 'function') return [];
    const snapshot = await navigator.locks.query();
    const list = (state: 'held' | 'pending', locks: LockInfo[] | undefined) =>
      (locks ?? []).map((lock) => ({ name: lock.name ?? '', mode: lock.mode ?? '', state }));
    return [...list('held', snapshot.held), ...list('pending', snapshot.pending)];
  },
};

window.sessionkitTest = api;
