import type { TokenSnapshot } from '../claims.js';
import type { CrossTabPort } from '../crossTab.js';
import { SessionError } from '../errors.js';
import type { SessionStore } from '../storage/recordStore.js';
import type { SignOutReason } from '../types.js';
import type { AutoRefresh } from './autoRefresh.js';
import type { Generations } from './generations.js';
import type { RestoredSession } from './refreshAttempt.js';
import type { Emitted, StateHub } from './stateHub.js';

/** How {@link TokenHolder.end} ends a session. */
export interface EndOptions {
  events?: Emitted[];
  /** Emit `signedOut`. @default whether this tab had a session */
  announce?: boolean;
  /** Tell the other tabs. */
  broadcast?: boolean;
  /** Ask the other tabs to revoke the refresh token this tab lacks (see CrossTabMessage). */
  askToRevoke?: boolean;
  /** Remove the stored record (under the cross-tab lock). */
  clear?: boolean;
}

/**
 * Owns the tokens this tab holds and the sign-in they belong to (`sessionId`): adopting new ones
 * and ending them. Each change starts a new generation, so work begun on the old tokens (a
 * refresh, a read of storage) knows it lost.
 */
export interface TokenHolder {
  readonly snapshot: TokenSnapshot | null;
  /** Identifies the current sign-in across tabs and refreshes; null when signed out. */
  readonly sessionId: string | null;
  readonly disposed: boolean;
  /** Takes `next` as the session's tokens, with `sessionId` when it starts a new sign-in. */
  adopt(next: TokenSnapshot, sessionId: string | null, ...events: Emitted[]): void;
  /** Adopts what another tab (or an earlier load) stored. */
  adoptStored(stored: RestoredSession, ...events: Emitted[]): void;
  /** Ends the session: memory first (late results lose at once), then the other tabs, then storage. */
  end(reason: SignOutReason, options?: EndOptions): Promise<void>;
  /** The tokens ran out with no refresh token in this tab. */
  expire(): Promise<void>;
  /** The error for an operation that needs a session and finds none. */
  signedOutError(): SessionError;
  dispose(): void;
}

export interface TokenHolderDeps {
  hub: StateHub;
  generations: Generations;
  store: SessionStore;
  tabs: CrossTabPort;
  auto: AutoRefresh;
  withLock<T>(task: () => Promise<T>): Promise<T>;
  /** Whether another tab may hold a refresh token this one lacks (`persist: 'no-refresh-token'`). */
  othersMayRefresh(): boolean;
  now(): number;
}

export function createTokenHolder(deps: TokenHolderDeps): TokenHolder {
  const { hub, generations, auto } = deps;
  let snapshot: TokenSnapshot | null = null;
  let sessionId: string | null = null;
  let disposed = false;

  function adopt(next: TokenSnapshot, id: string | null, ...events: Emitted[]): void {
    const wasSignedIn = hub.get().status === 'signedIn';
    generations.next();
    snapshot = next;
    if (id !== null) sessionId = id;
    const refreshAt = auto.plan(next);
    const signedIn: Emitted[] = wasSignedIn ? [] : [['signedIn', { user: next.user }]];
    hub.commit(
      { type: 'tokensAdopted', snapshot: next, refreshAt, now: deps.now() },
      ...signedIn,
      ...events,
    );
    auto.arm(next, refreshAt);
  }

  async function end(reason: SignOutReason, options: EndOptions = {}): Promise<void> {
    const endedSessionId = sessionId;
    const announce = options.announce ?? snapshot !== null;
    generations.next();
    snapshot = null;
    sessionId = null;
    auto.cancel(true);
    const signedOut: Emitted[] = announce ? [['signedOut', { reason }]] : [];
    hub.commit({ type: 'signedOut', reason }, ...(options.events ?? []), ...signedOut);
    if (options.broadcast && endedSessionId) {
      deps.tabs.post({
        type: 'signedOut',
        sessionId: endedSessionId,
        ...(options.askToRevoke ? { revoke: true } : {}),
      });
    }
    // Under the lock, so a refresh another tab has in flight cannot write after this removal.
    if (options.clear) await deps.withLock(() => deps.store.remove());
  }

  return {
    get snapshot() {
      return snapshot;
    },
    get sessionId() {
      return sessionId;
    },
    get disposed() {
      return disposed;
    },
    adopt,
    adoptStored(stored, ...events) {
      let next = stored.snapshot;
      // persist: 'no-refresh-token' keeps refresh tokens out of storage: keep ours for our session.
      const ownRefreshToken = snapshot?.tokens.refreshToken;
      if (!next.tokens.refreshToken && stored.sessionId === sessionId && ownRefreshToken) {
        next = { ...next, tokens: { ...next.tokens, refreshToken: ownRefreshToken } };
      }
      adopt(next, stored.sessionId, ...events);
    },
    end,
    expire() {
      // With persist 'no-refresh-token' another tab may hold a refresh token and be refreshing
      // (or retrying while offline): then this tab lets go alone, leaving storage and the others.
      const alone = !snapshot?.tokens.refreshToken && deps.othersMayRefresh();
      return end('expired', { broadcast: !alone, clear: !alone });
    },
    signedOutError: () =>
      new SessionError(
        'signed_out',
        disposed ? 'The session was disposed.' : 'No user is signed in.',
      ),
    dispose() {
      disposed = true;
      generations.next();
      auto.cancel(true);
    },
  };
}
