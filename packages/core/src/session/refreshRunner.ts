import type { TokenSnapshot } from '../claims.js';
import type { CrossTabPort } from '../crossTab.js';
import { SessionError, toSessionError } from '../errors.js';
import { decideAfterFailure } from '../refreshPolicy.js';
import type { ResolvedSessionOptions } from '../sessionOptions.js';
import { sleep } from '../timers.js';
import type { SessionState, TokenInfo } from '../types.js';
import type { AutoRefresh } from './autoRefresh.js';
import type { Generation, Generations } from './generations.js';
import type { LoopGuard } from './loopGuard.js';
import { attemptRefresh, findRotatedSession, type RefreshAttemptDeps } from './refreshAttempt.js';
import type { Emitted, StateHub } from './stateHub.js';
import type { TokenHolder } from './tokenHolder.js';

/** Without Web Locks, how often to look for a rotated refresh token before ending (looks). */
const LOCKLESS_REREADS = 3;
const LOCKLESS_REREAD_DELAY_MS = 500;

function tokenInfo(snapshot: TokenSnapshot, refreshTokenRotated: boolean): TokenInfo {
  return {
    user: snapshot.user,
    accessClaims: snapshot.accessClaims,
    expiresAt: snapshot.expiresAt,
    hasRefreshToken: snapshot.tokens.refreshToken !== undefined,
    refreshTokenRotated,
  };
}

/** Owns the refresh in flight: one per tab at a time, however many callers. */
export interface RefreshRunner {
  /** Refreshes now, or joins the refresh in flight. */
  refresh(): Promise<SessionState>;
  /** The refresh in flight, if any. */
  readonly running: Promise<SessionState> | null;
}

export interface RefreshRunnerDeps {
  config: ResolvedSessionOptions;
  hub: StateHub;
  holder: TokenHolder;
  generations: Generations;
  loopGuard: LoopGuard;
  auto: AutoRefresh;
  tabs: CrossTabPort;
  attempt: RefreshAttemptDeps;
  ready: () => Promise<void>;
  isLocklessPage(): boolean;
}

/**
 * The refresh runner: single flight, attempts with backoff (the pure `decideAfterFailure`), the
 * loop guard, and recovery from a refresh token another tab rotated. A run belongs to the
 * generation it started in; once the tokens change under it, its result is void.
 */
export function createRefreshRunner(deps: RefreshRunnerDeps): RefreshRunner {
  const { config, hub, holder, loopGuard, auto } = deps;
  const { now } = config;
  let running: Promise<SessionState> | null = null;

  function refresh(): Promise<SessionState> {
    if (running) return running;
    if (holder.disposed) return Promise.reject(holder.signedOutError());
    const state = hub.get();
    if (state.status === 'loading') return deps.ready().then(refresh);
    const refreshToken = holder.snapshot?.tokens.refreshToken;
    if (state.status !== 'signedIn' || !refreshToken) {
      return Promise.reject(
        state.status === 'signedIn'
          ? new SessionError('invalid_grant', 'The session has no refresh token; sign in again.')
          : holder.signedOutError(),
      );
    }
    const run = runRefresh(refreshToken).finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  }

  /** The session changed under a refresh (sign-out, setTokens, another tab, dispose): its result is void. */
  function settleSuperseded(): SessionState {
    hub.commit({ type: 'refreshSettled', error: null });
    const state = hub.get();
    if (state.status !== 'signedIn' || holder.disposed) throw holder.signedOutError();
    return state;
  }

  /** After `invalid_grant`: adopts a refresh token another tab rotated meanwhile. Returns whether it did. */
  async function recoverRotated(refused: string, generation: Generation): Promise<boolean> {
    // Whatever the tabs say, another page or session on this storage may have rotated it.
    if (config.persist !== 'all' || deps.attempt.hasFallenBack()) return false;
    const rotated = await findRotatedSession(deps.attempt, refused, holder.sessionId, {
      looks: deps.isLocklessPage() ? LOCKLESS_REREADS : 1,
      delayMs: LOCKLESS_REREAD_DELAY_MS,
      timers: config.timers,
      signal: generation.signal,
    });
    if (!rotated || generation.ended) return false;
    holder.adoptStored(rotated, ['tokensChanged', { source: 'otherTab' }]);
    return true;
  }

  /** One attempt: the provider's answer adopted, or the error it failed with. */
  async function attemptOnce(
    refreshToken: string,
    generation: Generation,
  ): Promise<SessionState | SessionError> {
    const superseded = () => generation.ended || holder.disposed;
    try {
      const result = await attemptRefresh(
        deps.attempt,
        {
          refreshToken,
          accessToken: holder.snapshot?.tokens.accessToken,
          accessClaims: holder.snapshot?.accessClaims,
          sessionId: holder.sessionId,
        },
        generation.signal,
        superseded,
      );
      if (result.kind === 'superseded' || superseded()) return settleSuperseded();
      if (result.kind === 'gone') {
        // Another tab signed out (and cleared storage) before its message reached us.
        await holder.end('otherTab');
        throw holder.signedOutError();
      }
      if (result.kind === 'adopt') {
        holder.adoptStored(result.stored, ['tokensChanged', { source: 'otherTab' }]);
      } else {
        loopGuard.recordSuccess(now());
        holder.adopt(
          result.next,
          null,
          ['refreshed', { tokens: tokenInfo(result.next, result.rotated) }],
          ['tokensChanged', { source: 'refresh' }],
        );
        const sessionId = holder.sessionId;
        if (sessionId) deps.tabs.post({ type: 'tokens', sessionId, source: 'refresh' });
      }
      hub.commit({ type: 'refreshSettled', error: null });
      return hub.get();
    } catch (cause) {
      if (superseded()) return settleSuperseded();
      return toSessionError(cause, 'invalid_response', 'The refresh failed unexpectedly.');
    }
  }

  async function runRefresh(refreshToken: string): Promise<SessionState> {
    const generation = deps.generations.current;
    auto.armExpiry(holder.snapshot);
    hub.commit({ type: 'refreshStarted' });

    for (let attempt = 1; ; attempt++) {
      const outcome =
        (attempt === 1 && loopGuard.check(now())) || (await attemptOnce(refreshToken, generation));
      if (!(outcome instanceof Error)) return outcome;
      const error = outcome;
      const decision = decideAfterFailure({
        error,
        attempt,
        policy: config.retry,
        random: config.random(),
        autoRefresh: config.autoRefresh,
      });
      if (decision.kind === 'end') {
        if (await recoverRotated(refreshToken, generation)) {
          hub.commit({ type: 'refreshSettled', error: null });
          return hub.get();
        }
        if (generation.ended || holder.disposed) return settleSuperseded();
        await holder.end(decision.reason, {
          events: [['refreshFailed', { error, willRetry: false, retryInMs: null }]],
          broadcast: true,
          clear: true,
        });
        throw error;
      }
      if (decision.kind === 'pause') {
        const { retryInMs } = decision;
        const refreshAt = retryInMs === null ? null : now() + retryInMs;
        hub.commit(
          { type: 'refreshSettled', error, refreshAt },
          ['refreshFailed', { error, willRetry: retryInMs !== null, retryInMs }],
          ...(decision.surface ? ([['error', { error }]] as Emitted[]) : []),
        );
        const snapshot = holder.snapshot;
        // No retry planned (refreshAt null): the timer still marks the tokens expired at exp.
        if (snapshot) auto.arm(snapshot, refreshAt);
        else auto.cancel();
        throw error;
      }
      hub.commit({ type: 'errorRaised', error }, [
        'refreshFailed',
        { error, willRetry: true, retryInMs: decision.delayMs },
      ]);
      await sleep(config.timers, decision.delayMs, generation.signal);
      if (generation.ended || holder.disposed) return settleSuperseded();
    }
  }

  return {
    refresh,
    get running() {
      return running;
    },
  };
}
