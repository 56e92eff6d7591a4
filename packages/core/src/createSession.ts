import { createAuthorizedFetch, currentOrigin } from './authorizedFetch.js';
import { assertNotExpired, snapshotTokens, type TokenSnapshot } from './claims.js';
import { type CrossTabMessage, createCrossTab } from './crossTab.js';
import { SessionError, toSessionError } from './errors.js';
import { createEmitter, reportListenerError } from './events.js';
import { withMemoryFallback } from './storage/fallbackStorage.js';
import { callProvider } from './providerCall.js';
import type { ProviderContext } from './providers/types.js';
import { assignLocation } from './redirectSignIn.js';
import {
  attemptRefresh,
  findRotatedSession,
  type RefreshAttemptDeps,
  type RestoredSession,
} from './refreshAttempt.js';
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
import type { Session, SignOutOptions, TokenRequestOptions } from './session.js';
import { resolveOptions, type SessionOptions } from './sessionOptions.js';
import { LOADING_STATE, reduceSession, type SessionAction } from './sessionReducer.js';
import { createSessionStore, newSessionId } from './storage/recordStore.js';
import { createSignInFlows } from './signInFlows.js';
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

export type { Session, SignOutOptions, TokenRequestOptions } from './session.js';

/** Extra wait for the cross-tab lock beyond one request timeout (ms). */
const LOCK_WAIT_MARGIN_MS = 5_000;
/** Without Web Locks, each tab delays its automatic refresh by up to this much (ms). */
const LOCKLESS_STAGGER_MS = 3_000;
/** Without Web Locks, how often to look for a rotated refresh token before ending (attempts). */
const LOCKLESS_REREADS = 3;
const LOCKLESS_REREAD_DELAY_MS = 500;

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
  /** Set once storage failed and the session lives in this tab's memory: nothing to share. */
  let storageFellBack = false;
  /** A storage failure met under the cross-tab lock, announced once the lock is released. */
  let pendingFallback: SessionError | null = null;
  let lockDepth = 0;
  const store = createSessionStore(
    withMemoryFallback(config.storage, (error) => {
      storageFellBack = true;
      if (lockDepth > 0) pendingFallback = error;
      else emitter.emit('storageFallback', { error });
    }),
    storageKey,
    provider,
    config.persist,
  );
  const crossTab = createCrossTab(
    storageKey,
    (message) => onCrossTabMessage(message),
    timers,
    config.requestTimeoutMs + LOCK_WAIT_MARGIN_MS,
    config.crossTab,
  );
  /**
   * Runs `task` under the cross-tab lock. No app callback may run while it is held (SPEC), so a
   * `storageFallback` raised inside waits for the release.
   */
  async function withLock<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await crossTab.withLock(async () => {
        lockDepth++;
        try {
          return await task();
        } finally {
          lockDepth--;
        }
      });
    } finally {
      const error = pendingFallback;
      if (lockDepth === 0 && error) {
        pendingFallback = null;
        emitter.emit('storageFallback', { error });
      }
    }
  }
  const providerCalls = {
    timers,
    timeoutMs: config.requestTimeoutMs,
    fetch: config.fetch,
    now,
  };
  /** Without Web Locks, tabs refresh at slightly different moments so one can adopt another's result. */
  const locklessStaggerMs = Math.round(config.random() * LOCKLESS_STAGGER_MS);

  let state: SessionState = LOADING_STATE;
  let snapshot: TokenSnapshot | null = null;
  /** Identifies the current sign-in across tabs and refreshes; null when signed out. */
  let sessionId: string | null = null;
  /** Bumped by everything that replaces or ends the tokens, so work begun earlier can tell it lost. */
  let epoch = 0;
  let refreshRun: Promise<SessionState> | null = null;
  let runController: AbortController | null = null;
  let disposed = false;
  let stopWakeUps: (() => void) | null = null;
  /** Times of successful refreshes in the loop-guard window. */
  const refreshTimes: number[] = [];
  let loopGuardError: SessionError | null = null;

  const sharesStorage = () => config.crossTab && config.persist !== 'none' && !storageFellBack;
  /**
   * A browser page whose tabs cannot take turns (no Web Locks): it staggers its refreshes and
   * looks twice before calling a refresh token dead. Not in Node, where there are no tabs.
   */
  const isLocklessPage = () =>
    config.crossTab && typeof document !== 'undefined' && !crossTab.hasLocks;

  const signedOutError = () =>
    disposed
      ? new SessionError('signed_out', 'The session was disposed.')
      : new SessionError('signed_out', 'No user is signed in.');

  /** Applies an action, tells subscribers, then emits events: always in that order. */
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
    let at = retryAt;
    if (at === undefined) {
      at = computeRefreshAt({
        issuedAt: snapshot.issuedAt,
        expiresAt: snapshot.expiresAt,
        leewaySeconds: config.refreshLeewaySeconds,
        now: now(),
      });
      if (isLocklessPage()) {
        at = Math.min(at + locklessStaggerMs, Math.max(at, snapshot.expiresAt - 1000));
      }
      const lastRefresh = refreshTimes.at(-1);
      if (lastRefresh !== undefined) at = Math.max(at, lastRefresh + MIN_AUTO_REFRESH_INTERVAL_MS);
    }
    scheduler.schedule(at, () => {
      // Errors are on the state and in events already.
      refresh().catch(() => {});
    });
  }

  function adopt(next: TokenSnapshot, ...events: Emitted[]): void {
    const wasSignedIn = state.status === 'signedIn';
    epoch++;
    snapshot = next;
    commit(
      { type: 'tokensAdopted', snapshot: next },
      ...(wasSignedIn ? [] : ([['signedIn', { user: next.user }]] as Emitted[])),
      ...events,
    );
    arm();
  }

  /** Adopts what another tab (or an earlier load) stored. */
  function adoptStored(stored: RestoredSession, ...events: Emitted[]): void {
    let next = stored.snapshot;
    // persist: 'no-refresh-token' keeps refresh tokens out of storage: keep ours for our session.
    const ownRefreshToken = snapshot?.tokens.refreshToken;
    if (!next.tokens.refreshToken && stored.sessionId === sessionId && ownRefreshToken) {
      next = { ...next, tokens: { ...next.tokens, refreshToken: ownRefreshToken } };
    }
    sessionId = stored.sessionId;
    adopt(next, ...events);
  }

  interface EndOptions {
    events?: Emitted[];
    /** Emit `signedOut`: only when this tab had a session. */
    announce?: boolean;
    /** Tell the other tabs. */
    broadcast?: boolean;
    /** Remove the stored record (under the cross-tab lock). */
    clear?: boolean;
  }

  /** Ends the session: memory first (late results lose at once), then the other tabs, then storage. */
  async function end(reason: SignOutReason, options: EndOptions = {}): Promise<void> {
    const endedSessionId = sessionId;
    const announce = options.announce ?? snapshot !== null;
    epoch++;
    runController?.abort();
    snapshot = null;
    sessionId = null;
    scheduler.cancel();
    stopWakeUps?.();
    stopWakeUps = null;
    commit(
      { type: 'signedOut', reason },
      ...(options.events ?? []),
      ...(announce ? ([['signedOut', { reason }]] as Emitted[]) : []),
    );
    if (options.broadcast && endedSessionId) {
      crossTab.post({ type: 'signedOut', sessionId: endedSessionId });
    }
    // Under the lock, so a refresh another tab has in flight cannot write after this removal.
    if (options.clear) await withLock(() => store.remove());
  }

  /**
   * The tokens ran out with no refresh token in this tab. With `persist: 'no-refresh-token'`
   * another tab may hold one and be refreshing (or retrying while offline): then this tab lets
   * go alone, without clearing storage or signing the others out.
   */
  function expire(): Promise<void> {
    const othersMayRefresh =
      config.persist === 'no-refresh-token' && sharesStorage() && !snapshot?.tokens.refreshToken;
    return end('expired', { broadcast: !othersMayRefresh, clear: !othersMayRefresh });
  }

  // ---- hydration ----------------------------------------------------------------------------

  async function hydrate(): Promise<void> {
    const startEpoch = epoch;
    const stored = await store.read();
    // setTokens, signOut or another tab's news came first: they win.
    if (epoch !== startEpoch || disposed) return;
    if (stored.status === 'absent') return commit({ type: 'signedOut', reason: null });
    if (stored.status === 'invalid') {
      return end('invalid', {
        events: [['error', { error: stored.error }]],
        announce: true,
        clear: true,
      });
    }
    const { snapshot: restored } = stored;
    if (restored.expiresAt <= now() && !restored.tokens.refreshToken) {
      return end('expired', { announce: true, clear: true });
    }
    adoptStored(stored);
  }

  // ---- cross-tab news ---------------------------------------------------------------------------

  function onCrossTabMessage(message: CrossTabMessage): void {
    if (disposed) return;
    if (message.type === 'signedOut') {
      // The tab that signed out clears storage; this one only lets go.
      if (message.sessionId === sessionId) void end('otherTab');
      return;
    }
    void store.read().then((stored) => {
      if (disposed || stored.status !== 'present' || stored.sessionId !== message.sessionId) return;
      const isOurSession = stored.sessionId === sessionId;
      // A refresh of a session this tab no longer holds (it signed out) must not revive it.
      if (!isOurSession && message.source !== 'setTokens') return;
      if (isOurSession && stored.snapshot.tokens.accessToken === snapshot?.tokens.accessToken)
        return;
      if (isOurSession && refreshRun) {
        // Our own refresh is under way and reads storage under the lock itself: it adopts these
        // tokens, or refreshes past them with their refresh token. Adopting them now would void
        // its answer (with rotation, the only valid refresh token) and the refresh their due
        // time schedules would join it and end with it. Look again once it has settled.
        void refreshRun.catch(() => {}).then(() => onCrossTabMessage(message));
        return;
      }
      adoptStored(stored, ['tokensChanged', { source: 'otherTab' }]);
    });
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

  /** The session changed under a refresh (sign-out, setTokens, another tab, dispose): its result is void. */
  function settleSuperseded(): SessionState {
    commit({ type: 'refreshSettled', error: null });
    if (state.status !== 'signedIn' || disposed) throw signedOutError();
    return state;
  }

  const attemptDeps: RefreshAttemptDeps = {
    provider,
    store,
    providerCalls,
    now,
    leewaySeconds: config.refreshLeewaySeconds,
    withLock,
    sharesStorage,
    hasFallenBack: () => storageFellBack,
  };

  /**
   * After `invalid_grant`: adopts a refresh token another tab rotated in the meantime instead of
   * ending the session. Returns whether it did.
   */
  async function recoverRotated(refused: string, signal: AbortSignal): Promise<boolean> {
    // Whatever crossTab says, another page or session on this storage may have rotated it.
    if (config.persist !== 'all' || storageFellBack) return false;
    const rotated = await findRotatedSession(attemptDeps, refused, sessionId, {
      looks: isLocklessPage() ? LOCKLESS_REREADS : 1,
      delayMs: LOCKLESS_REREAD_DELAY_MS,
      timers,
      signal,
    });
    if (!rotated) return false;
    adoptStored(rotated, ['tokensChanged', { source: 'otherTab' }]);
    return true;
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
          const result = await attemptRefresh(
            attemptDeps,
            {
              refreshToken,
              accessToken: snapshot?.tokens.accessToken,
              sessionId,
            },
            controller.signal,
            isSuperseded,
          );
          if (result.kind === 'superseded' || isSuperseded()) return settleSuperseded();
          if (result.kind === 'gone') {
            // Another tab signed out (and cleared storage) before its message reached us.
            await end('otherTab');
            throw signedOutError();
          }
          if (result.kind === 'adopt') {
            adoptStored(result.stored, ['tokensChanged', { source: 'otherTab' }]);
          } else {
            refreshTimes.push(now());
            while (refreshTimes.length > REFRESH_LOOP_LIMIT) refreshTimes.shift();
            loopGuardError = null;
            adopt(
              result.next,
              ['refreshed', { tokens: tokenInfo(result.next, result.rotated) }],
              ['tokensChanged', { source: 'refresh' }],
            );
            if (sessionId) crossTab.post({ type: 'tokens', sessionId, source: 'refresh' });
          }
          commit({ type: 'refreshSettled', error: null });
          return state;
        } catch (cause) {
          if (isSuperseded()) return settleSuperseded();
          error = toSessionError(cause, 'invalid_response', 'The refresh failed unexpectedly.');
        }
      }

      const outcome = classifyRefreshFailure(error);
      if (outcome.action === 'end') {
        if (await recoverRotated(refreshToken, controller.signal)) {
          commit({ type: 'refreshSettled', error: null });
          return state;
        }
        if (isSuperseded()) return settleSuperseded();
        await end(outcome.reason, {
          events: [['refreshFailed', { error, willRetry: false, retryInMs: null }]],
          broadcast: true,
          clear: true,
        });
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

  /** Validates, stores and adopts tokens from any sign-in (`expected.nonce` after a redirect). */
  async function establish(tokens: TokenSet, expected: { nonce?: string }): Promise<SessionState> {
    if (disposed) throw signedOutError();
    const receivedAt = now();
    const next = snapshotTokens(tokens, receivedAt, undefined, provider.opaqueAccessTokens);
    provider.validate(next, expected);
    assertNotExpired(next, receivedAt);
    const myEpoch = ++epoch;
    runController?.abort();
    refreshTimes.length = 0;
    loopGuardError = null;
    const id = newSessionId();
    await withLock(() => store.write(next, id));
    if (epoch !== myEpoch || disposed) return state;
    sessionId = id;
    adopt(next, ['tokensChanged', { source: 'setTokens' }]);
    crossTab.post({ type: 'tokens', sessionId: id, source: 'setTokens' });
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

  const callNow = <T>(task: (context: ProviderContext) => Promise<T>) =>
    callProvider(providerCalls, new AbortController().signal, task);

  const signIn = createSignInFlows({
    provider,
    namespace: storageKey,
    now,
    call: callNow,
    establish,
  });

  async function signOut(options: SignOutOptions = {}): Promise<void> {
    const previous = snapshot;
    await end('user', { broadcast: true, clear: true });
    if (options.revoke !== false && previous?.tokens.refreshToken) {
      try {
        await callNow((context) => provider.revoke(previous.tokens, previous, context));
      } catch (cause) {
        // Sign-out has happened locally; a failed revocation is reported, never thrown.
        const error = toSessionError(cause, 'provider', 'Revoking the refresh token failed.');
        emitter.emit('error', { error });
      }
    }
    if (!options.redirect) return;
    const returnTo = options.returnTo ?? currentOrigin();
    if (!returnTo) {
      throw new SessionError(
        'provider',
        'signOut({ redirect: true }) needs returnTo outside a browser page.',
      );
    }
    const url = await signIn.logoutUrl(previous?.tokens.idToken ?? '', returnTo);
    if (url) await (options.navigate ?? assignLocation)(url);
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
    if (state.status === 'loading') {
      commit({ type: 'signedOut', reason: null }, ['error', { error }]);
    }
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
    setTokens: (tokens) => establish(tokens, {}),
    signInWithPassword: signIn.signInWithPassword,
    signInWithRedirect: signIn.signInWithRedirect,
    handleRedirectCallback: signIn.handleRedirectCallback,
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
      crossTab.close();
      emitter.clear();
      listeners.clear();
    },
  };
}
