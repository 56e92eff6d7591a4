import { SINGLE_TAB } from './crossTab.js';
import { toSessionError } from './errors.js';
import { callProvider } from './providerCall.js';
import type { ProviderContext } from './providers/types.js';
import { createAutoRefresh } from './session/autoRefresh.js';
import { createGenerations } from './session/generations.js';
import { adoptLate, hydrate } from './session/hydrate.js';
import { registerInternals } from './session/internals.js';
import { createLoopGuard } from './session/loopGuard.js';
import type { RefreshAttemptDeps } from './session/refreshAttempt.js';
import { createRefreshRunner, type RefreshRunner } from './session/refreshRunner.js';
import { createSignInOut } from './session/signInOut.js';
import { createStateHub } from './session/stateHub.js';
import { createTokenAccess } from './session/tokenAccess.js';
import { createTokenHolder } from './session/tokenHolder.js';
import type { Session } from './session.js';
import { resolveOptions, type SessionOptions } from './sessionOptions.js';
import { withMemoryFallback } from './storage/fallbackStorage.js';
import { createSessionStore } from './storage/recordStore.js';

export type { Session, SignOutOptions, TokenRequestOptions } from './session.js';

/** Extra wait for the cross-tab lock beyond one request timeout (ms). */
const LOCK_WAIT_MARGIN_MS = 5_000;

/**
 * Creates a session: reads the stored one, keeps the tokens fresh, tells the app what happens.
 * This function only wires the parts in session/ together; each owns its own state.
 *
 * @example
 * ```ts
 * import { cognito, createSession, crossTab } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 *   crossTab: crossTab(),
 * });
 * await session.ready;
 * session.subscribe((state) => console.info(state.status));
 * const token = await session.getAccessToken();
 * ```
 */
export function createSession(options: SessionOptions): Session {
  const config = resolveOptions(options);
  const { provider, now, timers } = config;
  // The hub first: a storage that throws at once falls back (with its event) during the read.
  const hub = createStateHub();
  /** Set once storage failed and the session lives in this tab's memory: nothing to share. */
  let storageFellBack = false;
  const storage = withMemoryFallback(
    config.storage,
    (error) => {
      storageFellBack = true;
      hub.emit(['storageFallback', { error }]);
    },
    { timers, ms: config.storageTimeoutMs },
    (value) => adoptLate(store.decode(value), firstGeneration, holder, now),
  );
  const store = createSessionStore(storage, config.storageKey, provider, config.persist);
  let runner: RefreshRunner;
  // The channel before the read: news posted once the read has begun must reach this tab.
  const tabs = config.crossTab
    ? config.crossTab.connect(
        config.storageKey,
        timers,
        config.requestTimeoutMs + LOCK_WAIT_MARGIN_MS,
        () => ({ store, holder, runner, revoke }),
      )
    : SINGLE_TAB;
  // Then storage, before anything the read does not need: the browser reads IndexedDB while
  // the rest is wired. Not free (the open needs this thread soon after it starts: bench/README.md,
  // "The goals not met"), but cheaper than wiring first.
  const firstRead = store.read();
  const generations = createGenerations();
  const loopGuard = createLoopGuard();
  const firstGeneration = generations.current;
  /** Runs `task` under the cross-tab lock; what it raises reaches the app after the release. */
  async function withLock<T>(task: () => Promise<T>): Promise<T> {
    let release: (() => void) | undefined;
    try {
      return await tabs.withLock(() => {
        release = hub.hold();
        return task();
      });
    } finally {
      release?.();
    }
  }
  const sharesStorage = () => tabs.coordinated && config.persist !== 'none' && !storageFellBack;
  /** A browser page whose tabs cannot take turns: stagger refreshes, look twice before ending. */
  const isLocklessPage = () =>
    tabs.coordinated && typeof document !== 'undefined' && !tabs.hasLocks;

  const auto = createAutoRefresh(config, loopGuard, isLocklessPage, {
    refresh: () => void runner.refresh().catch(() => {}),
    expire: () => void holder.expire(),
    expired: () => hub.commit({ type: 'tokensExpired' }),
    wake(reason) {
      auto.check();
      // Back online while degraded: retry now instead of waiting out the backoff.
      const state = hub.get();
      if (reason === 'online' && state.status === 'signedIn' && state.error && !runner.running) {
        runner.refresh().catch(() => {});
      }
    },
  });
  const holder = createTokenHolder({
    hub,
    generations,
    store,
    tabs,
    auto,
    withLock,
    othersMayRefresh: () => config.persist === 'no-refresh-token' && sharesStorage(),
    now,
  });
  const providerCalls = { timers, timeoutMs: config.requestTimeoutMs, fetch: config.fetch, now };
  const attempt: RefreshAttemptDeps = {
    provider,
    store,
    providerCalls,
    now,
    leewaySeconds: config.refreshLeewaySeconds,
    maxClockSkewSeconds: config.maxClockSkewSeconds,
    withLock,
    sharesStorage,
    hasFallenBack: () => storageFellBack,
  };
  runner = createRefreshRunner({
    config,
    hub,
    holder,
    generations,
    loopGuard,
    auto,
    tabs,
    attempt,
    ready: () => ready,
    isLocklessPage,
  });

  // While the browser reads IndexedDB (see above).
  auto.watch();
  const call = <T>(task: (context: ProviderContext) => Promise<T>) =>
    callProvider(providerCalls, new AbortController().signal, task);

  const ready: Promise<void> = hydrate(firstRead, firstGeneration, holder, hub, now).catch(
    (cause) => {
      // hydrate handles what storage holds; this is the last guard so `ready` never rejects.
      const error = toSessionError(cause, 'storage', 'Reading the stored session failed.');
      if (hub.get().status === 'loading') {
        hub.commit({ type: 'signedOut', reason: null }, ['error', { error }]);
      }
    },
  );
  const getToken = createTokenAccess(hub, holder, runner, ready, now);
  const { establish, signOut, revoke } = createSignInOut({
    provider,
    hub,
    holder,
    generations,
    loopGuard,
    store,
    tabs,
    now,
    maxClockSkewSeconds: config.maxClockSkewSeconds,
    withLock,
    call,
  });

  const session: Session = {
    ready,
    getState: hub.get,
    subscribe: hub.subscribe,
    on: hub.on,
    off: hub.off,
    setTokens: (tokens) => establish(tokens, {}),
    getAccessToken: (options) => getToken('accessToken', options),
    getIdToken: (options) => getToken('idToken', options),
    refresh: () => runner.refresh(),
    signOut,
    dispose() {
      if (holder.disposed) return;
      holder.dispose();
      tabs.close();
      hub.clear();
    },
  };
  registerInternals(session, {
    provider,
    storageKey: config.storageKey,
    storage,
    persist: config.persist,
    now,
    fetch: config.fetch,
    call,
    heldTokens: () => holder.snapshot?.tokens,
    establish,
    hub,
    calls: providerCalls,
  });
  return session;
}
