import { createAuthorizedFetch } from './authorizedFetch.js';
import { assertNotExpired, snapshotTokens, type TokenSnapshot } from './claims.js';
import { SessionError, toSessionError } from './errors.js';
import { createEmitter, reportListenerError } from './events.js';
import { withMemoryFallback } from './fallbackStorage.js';
import type { ProviderContext } from './providers/types.js';
import {
  classifyRefreshFailure,
  computeRefreshAt,
  computeRetryDelay,
  isRefreshLoop,
  MIN_AUTO_REFRESH_INTERVAL_MS,
  REFRESH_LOOP_LIMIT,
  REFRESH_LOOP_WINDOW_MS,
} from './refreshPolicy.js';
import { createScheduler } from './scheduler.js';
import { resolveOptions, type SessionOptions } from './sessionOptions.js';
import { LOADING_STATE, reduceSession, type SessionAction } from './sessionReducer.js';
import { decodeRecord, encodeRecord } from './storageRecord.js';
import { sleep } from './timers.js';
import type {
  SessionEvents,
  SessionListener,
  SessionState,
  SignOutReason,
  TokenInfo,
  TokenSet,
} from './types.js';
import { type WakeReason, watchWakeUps } from './wakeUps.js';

/** Options of `getAccessToken` and `getIdToken`. */
export interface TokenRequestOptions {
  /** The token must stay valid at least this long; refreshes first otherwise. @default 0 */
  minValiditySeconds?: number;
}

/** Options of `signOut`. */
export interface SignOutOptions {
  /** Revoke the refresh token at the provider. Failures do not block sign-out. @default true */
  revoke?: boolean;
}

/**
 * A signed-in (or not) user's session: tokens, their refresh, and what the app observes.
 * Create it once per app with {@link createSession}.
 */
export interface Session {
  /** Resolves once the stored session has been read (or found absent or unusable). Never rejects. */
  readonly ready: Promise<void>;
  /** The current state; the same object until something changes (safe for `useSyncExternalStore`). */
  getState(): SessionState;
  /** Calls `listener(state, previous)` after every state change. Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void;
  /** Listens to a typed event. Payloads never contain token strings. */
  on<Type extends keyof SessionEvents>(
    type: Type,
    handler: (payload: SessionEvents[Type]) => void,
  ): void;
  off<Type extends keyof SessionEvents>(
    type: Type,
    handler: (payload: SessionEvents[Type]) => void,
  ): void;
  /**
   * Adopts tokens from any sign-in: validates them (rejects with `invalid_token`, changing
   * nothing), persists them, schedules their refresh. Wins over a refresh in flight.
   */
  setTokens(tokens: TokenSet): Promise<SessionState>;
  /** An access token valid for at least `minValiditySeconds`; refreshes if needed (one request for all callers). */
  getAccessToken(options?: TokenRequestOptions): Promise<string>;
  /** Same as {@link Session.getAccessToken}, for the ID token. */
  getIdToken(options?: TokenRequestOptions): Promise<string>;
  /** Refreshes now; concurrent calls share one request. Rejects when the refresh fails. */
  refresh(): Promise<SessionState>;
  /** Clears memory and storage, then revokes the refresh token (unless `revoke: false`). */
  signOut(options?: SignOutOptions): Promise<void>;
  /** `fetch` with the bearer access token for allowed origins only; refreshes and retries once on 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Stops timers and listeners; pending promises settle. The session is unusable afterwards. */
  dispose(): void;
}

type Emitted = { [Type in keyof SessionEvents]: [Type, SessionEvents[Type]] }[keyof SessionEvents];

function tokenInfo(snapshot: TokenSnapshot, refreshTokenRotated: boolean): TokenInfo {
  return {
    user: snapshot.user,
    accessClaims: snapshot.accessClaims,
    expiresAt: snapshot.expiresAt,
    hasRefreshToken: snapshot.tokens.refreshToken !== undefined,
    refreshTokenRotated,
  };
}

/**
 * Creates a session: reads the stored one, keeps the tokens fresh, tells the app what happens.
 *
 * @example
 * ```ts
 * import { cognito, createSession } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 * });
 * await session.ready;
 * session.subscribe((state) => render(state));
 * const response = await session.fetch('/api/profile');
 * ```
 */
export function createSession(options: SessionOptions): Session {
  const config = resolveOptions(options);
  const { provider, storageKey, now, timers } = config;
  const emitter = createEmitter();
  const listeners = new Set<SessionListener>();
  const scheduler = createScheduler(timers, now);
  const storage = withMemoryFallback(config.storage, (error) =>
    emitter.emit('storageFallback', { error }),
  );

  let state: SessionState = LOADING_STATE;
  let snapshot: TokenSnapshot | null = null;
  /** Bumped by everything that replaces the tokens, so work begun earlier can tell it lost. */
  let epoch = 0;
  let refreshRun: Promise<SessionState> | null = null;
  let runController: AbortController | null = null;
  let disposed = false;
  let stopWakeUps: (() => void) | null = null;
  /** Times of successful refreshes in the loop-guard window. */
  const refreshTimes: number[] = [];
  let loopGuardError: SessionError | null = null;
  let storageQueue: Promise<unknown> = Promise.resolve();

  const signedOutError = () =>
    disposed
      ? new SessionError('signed_out', 'The session was disposed.')
      : new SessionError('signed_out', 'No user is signed in.');

  function commit(action: SessionAction, ...events: Emitted[]): void {
    const previous = state;
    state = reduceSession(state, action);
    if (state !== previous) {
      for (const listener of [...listeners]) {
        try {
          listener(state, previous);
        } catch (error) {
          reportListenerError(error);
        }
      }
    }
    for (const [type, payload] of events) emitter.emit(type, payload as never);
  }

  /** Storage operations run one after another, so a late write can never land after a removal. */
  function queueStorage<T>(operation: () => Promise<T>): Promise<T> {
    const result = storageQueue.then(operation);
    storageQueue = result.catch(() => undefined);
    return result;
  }

  function persist(next: TokenSnapshot): Promise<void> {
    const record = encodeRecord(next, config.persist);
    return queueStorage(() =>
      record ? storage.set(storageKey, record) : storage.remove(storageKey),
    );
  }

  function context(signal: AbortSignal): ProviderContext {
    return { fetch: config.fetch(), signal, now };
  }

  /** Runs one provider call with the request timeout, aborted also when `parent` aborts. */
  async function withTimeout<T>(
    parent: AbortSignal,
    call: (context: ProviderContext) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    parent.addEventListener('abort', abort, { once: true });
    let handle: unknown;
    const timeout = new Promise<never>((_, reject) => {
      handle = timers.setTimeout(() => {
        controller.abort();
        reject(
          new SessionError(
            'timeout',
            `The provider did not answer within ${config.requestTimeoutMs} ms.`,
            {
              retryable: true,
            },
          ),
        );
      }, config.requestTimeoutMs);
    });
    try {
      return await Promise.race([call(context(controller.signal)), timeout]);
    } finally {
      timers.clearTimeout(handle);
      parent.removeEventListener('abort', abort);
    }
  }

  // ---- scheduling -------------------------------------------------------------------------

  function onWake(reason: WakeReason): void {
    scheduler.check();
    // Back online while degraded: retry now instead of waiting out the backoff.
    if (reason === 'online' && state.status === 'signedIn' && state.error && !refreshRun) {
      refresh().catch(() => {});
    }
  }

  /** Arms the one timer for the current tokens: refresh before expiry, or end at expiry. */
  function arm(retryAt?: number): void {
    if (disposed || !snapshot) {
      scheduler.cancel();
      return;
    }
    stopWakeUps ??= watchWakeUps(onWake);
    if (!snapshot.tokens.refreshToken) {
      // Nothing to refresh with: the session simply ends when the tokens do.
      scheduler.schedule(snapshot.expiresAt, () => void expire());
      return;
    }
    if (!config.autoRefresh || loopGuardError) {
      scheduler.cancel();
      return;
    }
    let at =
      retryAt ??
      computeRefreshAt({
        issuedAt: snapshot.issuedAt,
        expiresAt: snapshot.expiresAt,
        leewaySeconds: config.refreshLeewaySeconds,
        now: now(),
      });
    const lastRefresh = refreshTimes.at(-1);
    if (retryAt === undefined && lastRefresh !== undefined) {
      at = Math.max(at, lastRefresh + MIN_AUTO_REFRESH_INTERVAL_MS);
    }
    scheduler.schedule(at, () => {
      // Errors are on the state and in events already.
      refresh().catch(() => {});
    });
  }

  function adopt(next: TokenSnapshot, ...events: Emitted[]): void {
    const wasSignedIn = state.status === 'signedIn';
    snapshot = next;
    commit(
      { type: 'tokensAdopted', snapshot: next },
      ...(wasSignedIn ? [] : ([['signedIn', { user: next.user }]] as Emitted[])),
      ...events,
    );
    arm();
  }

  /**
   * Ends the session locally: memory first (late results lose at once), then storage.
   * `signedOut` is announced once, only when a session existed (in memory, or in storage when
   * `hadSession` says so).
   */
  async function end(
    reason: SignOutReason,
    events: Emitted[] = [],
    hadSession = snapshot !== null,
  ): Promise<void> {
    epoch++;
    runController?.abort();
    const wasSignedIn = hadSession;
    snapshot = null;
    scheduler.cancel();
    stopWakeUps?.();
    stopWakeUps = null;
    commit(
      { type: 'signedOut', reason },
      ...events,
      ...(wasSignedIn ? ([['signedOut', { reason }]] as Emitted[]) : []),
    );
    await queueStorage(() => storage.remove(storageKey));
  }

  function expire(): Promise<void> {
    return end('expired');
  }

  // ---- hydration ----------------------------------------------------------------------------

  async function hydrate(): Promise<void> {
    const startEpoch = epoch;
    const stored = await queueStorage(() => storage.get(storageKey));
    // setTokens or signOut ran while we read: they win.
    if (epoch !== startEpoch || disposed) return;
    let next: TokenSnapshot;
    try {
      const record = decodeRecord(stored);
      if (!record) return commit({ type: 'signedOut', reason: null });
      next = snapshotTokens(record.tokens, record.receivedAt, record.clockSkewMs);
      provider.validate(next);
    } catch (cause) {
      const error = toSessionError(cause, 'storage', 'The stored session could not be read.');
      return end('invalid', [['error', { error }]], true);
    }
    if (next.expiresAt <= now() && !next.tokens.refreshToken) return end('expired', [], true);
    epoch++;
    adopt(next);
  }

  // ---- refresh ------------------------------------------------------------------------------

  function refresh(): Promise<SessionState> {
    if (refreshRun) return refreshRun;
    if (disposed) return Promise.reject(signedOutError());
    if (state.status === 'loading') return ready.then(refresh);
    const refreshToken = snapshot?.tokens.refreshToken;
    if (state.status !== 'signedIn' || !refreshToken) {
      return Promise.reject(
        state.status === 'signedIn'
          ? new SessionError('invalid_grant', 'The session has no refresh token; sign in again.')
          : signedOutError(),
      );
    }
    const run = runRefresh(refreshToken).finally(() => {
      if (refreshRun === run) refreshRun = null;
    });
    refreshRun = run;
    return run;
  }

  /** The session changed under a refresh (sign-out, setTokens, dispose): its result is void. */
  function settleSuperseded(): SessionState {
    commit({ type: 'refreshSettled', error: null });
    if (state.status !== 'signedIn' || disposed) throw signedOutError();
    return state;
  }

  /**
   * After `invalid_grant`: if storage holds a different refresh token than the one refused, it
   * was rotated in the meantime (by another tab, or a refresh whose answer we lost): adopt it
   * instead of ending the session. Returns whether it did.
   */
  async function adoptNewerStored(refused: string): Promise<boolean> {
    if (config.persist !== 'all') return false;
    const stored = await queueStorage(() => storage.get(storageKey));
    try {
      const record = decodeRecord(stored);
      if (!record?.tokens.refreshToken || record.tokens.refreshToken === refused) return false;
      const next = snapshotTokens(record.tokens, record.receivedAt, record.clockSkewMs);
      provider.validate(next);
      epoch++;
      adopt(next, ['tokensChanged', { source: 'otherTab' }]);
      return true;
    } catch {
      return false;
    }
  }

  function tripLoopGuard(): SessionError {
    loopGuardError = new SessionError(
      'invalid_response',
      `Stopped refreshing: ${REFRESH_LOOP_LIMIT} refreshes within ${REFRESH_LOOP_WINDOW_MS / 1000} s. ` +
        'The provider keeps issuing tokens that expire almost at once; check the token lifetime ' +
        'of the app client and the device clock.',
    );
    scheduler.cancel();
    return loopGuardError;
  }

  async function runRefresh(refreshToken: string): Promise<SessionState> {
    const startEpoch = epoch;
    const controller = new AbortController();
    runController = controller;
    const isSuperseded = () => disposed || epoch !== startEpoch;
    scheduler.cancel();
    commit({ type: 'refreshStarted' });

    for (let attempt = 1; ; attempt++) {
      let error: SessionError;
      if (attempt === 1 && isRefreshLoop(refreshTimes, now())) {
        error = tripLoopGuard();
      } else {
        try {
          const received = await withTimeout(controller.signal, (ctx) =>
            provider.refresh(refreshToken, ctx),
          );
          if (isSuperseded()) return settleSuperseded();
          const receivedAt = now();
          // A response without a refresh token means "keep yours" (no rotation).
          const rotated =
            received.refreshToken !== undefined && received.refreshToken !== refreshToken;
          const next = snapshotTokens(
            { ...received, refreshToken: received.refreshToken ?? refreshToken },
            receivedAt,
          );
          provider.validate(next);
          assertNotExpired(next, receivedAt);
          const myEpoch = ++epoch;
          await persist(next);
          if (epoch !== myEpoch || disposed) return settleSuperseded();
          refreshTimes.push(receivedAt);
          while (refreshTimes.length > REFRESH_LOOP_LIMIT) refreshTimes.shift();
          loopGuardError = null;
          adopt(
            next,
            ['refreshed', { tokens: tokenInfo(next, rotated) }],
            ['tokensChanged', { source: 'refresh' }],
          );
          commit({ type: 'refreshSettled', error: null });
          return state;
        } catch (cause) {
          if (isSuperseded()) return settleSuperseded();
          error = toSessionError(cause, 'invalid_response', 'The refresh failed unexpectedly.');
        }
      }

      const outcome = classifyRefreshFailure(error);
      if (outcome.action === 'end') {
        if (await adoptNewerStored(refreshToken)) {
          commit({ type: 'refreshSettled', error: null });
          return state;
        }
        if (isSuperseded()) return settleSuperseded();
        await end(outcome.reason, [
          ['refreshFailed', { error, willRetry: false, retryInMs: null }],
        ]);
        throw error;
      }
      const canRetryNow = outcome.action === 'retry' && attempt < config.retry.maxAttempts;
      const retryInMs = canRetryNow
        ? computeRetryDelay(attempt, config.retry, config.random(), error.retryAfterMs)
        : outcome.action === 'retry' && config.autoRefresh
          ? Math.max(config.retry.maxDelayMs, error.retryAfterMs ?? 0)
          : null;
      if (!canRetryNow) {
        commit(
          { type: 'refreshSettled', error },
          ['refreshFailed', { error, willRetry: retryInMs !== null, retryInMs }],
          ...(error === loopGuardError || outcome.action === 'surface'
            ? ([['error', { error }]] as Emitted[])
            : []),
        );
        if (retryInMs !== null) arm(now() + retryInMs);
        else scheduler.cancel();
        throw error;
      }
      commit({ type: 'errorRaised', error }, [
        'refreshFailed',
        { error, willRetry: true, retryInMs },
      ]);
      await sleep(timers, retryInMs!, controller.signal);
      if (isSuperseded()) return settleSuperseded();
    }
  }

  // ---- public operations --------------------------------------------------------------------

  async function setTokens(tokens: TokenSet): Promise<SessionState> {
    if (disposed) throw signedOutError();
    const receivedAt = now();
    const next = snapshotTokens(tokens, receivedAt);
    provider.validate(next);
    assertNotExpired(next, receivedAt);
    const myEpoch = ++epoch;
    runController?.abort();
    refreshTimes.length = 0;
    loopGuardError = null;
    await persist(next);
    if (epoch !== myEpoch || disposed) return state;
    adopt(next, ['tokensChanged', { source: 'setTokens' }]);
    return state;
  }

  function getToken(
    kind: 'accessToken' | 'idToken',
    options?: TokenRequestOptions,
  ): Promise<string> {
    const minValidityMs = (options?.minValiditySeconds ?? 0) * 1000;
    // The hot path: a valid cached token costs one clock read and a comparison.
    if (state.status === 'signedIn' && now() + minValidityMs < state.expiresAt) {
      return Promise.resolve(state.tokens[kind]);
    }
    return getTokenSlowly(kind, minValidityMs);
  }

  async function getTokenSlowly(
    kind: 'accessToken' | 'idToken',
    minValidityMs: number,
  ): Promise<string> {
    if (state.status === 'loading') await ready;
    const current = state;
    if (current.status !== 'signedIn' || disposed) throw signedOutError();
    if (now() + minValidityMs < current.expiresAt) return current.tokens[kind];
    if (!current.tokens.refreshToken) {
      if (current.expiresAt <= now()) {
        await expire();
        throw signedOutError();
      }
      throw new SessionError(
        'invalid_token',
        `The ${kind === 'idToken' ? 'ID' : 'access'} token expires within ${minValidityMs / 1000} s and there is no refresh token.`,
      );
    }
    const next = await refresh();
    if (next.status !== 'signedIn') throw signedOutError();
    return next.tokens[kind];
  }

  async function signOut(options: SignOutOptions = {}): Promise<void> {
    const previous = snapshot;
    await end('user');
    if (options.revoke === false || !previous?.tokens.refreshToken) return;
    try {
      await withTimeout(new AbortController().signal, (ctx) =>
        provider.revoke(previous.tokens, previous, ctx),
      );
    } catch (cause) {
      // Sign-out has happened locally; a failed revocation is reported, never thrown.
      const error = toSessionError(cause, 'provider', 'Revoking the refresh token failed.');
      emitter.emit('error', { error });
    }
  }

  const authorizedFetch = createAuthorizedFetch({
    fetch: config.fetch,
    allowedOrigins: config.allowedOrigins,
    getAccessToken: () => getToken('accessToken'),
    async renewAccessToken(rejected) {
      if (state.status === 'signedIn' && state.tokens.accessToken !== rejected) {
        return state.tokens.accessToken;
      }
      const next = await refresh();
      if (next.status !== 'signedIn') throw signedOutError();
      return next.tokens.accessToken;
    },
  });

  const ready: Promise<void> = hydrate().catch((cause) => {
    // hydrate handles what storage holds; this is the last guard so `ready` never rejects.
    const error = toSessionError(cause, 'storage', 'Reading the stored session failed.');
    if (state.status === 'loading')
      commit({ type: 'signedOut', reason: null }, ['error', { error }]);
  });

  return {
    ready,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    on: emitter.on,
    off: emitter.off,
    setTokens,
    getAccessToken: (options) => getToken('accessToken', options),
    getIdToken: (options) => getToken('idToken', options),
    refresh,
    signOut,
    fetch: authorizedFetch,
    dispose() {
      if (disposed) return;
      disposed = true;
      epoch++;
      runController?.abort();
      scheduler.cancel();
      stopWakeUps?.();
      stopWakeUps = null;
      emitter.clear();
      listeners.clear();
    },
  };
}
