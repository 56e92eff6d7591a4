import { assertUsable, snapshotTokens, type TokenSnapshot } from '../claims.js';
import type { CrossTabPort } from '../crossTab.js';
import { toSessionError } from '../errors.js';
import type { IdentityProvider, ProviderContext } from '../providers/types.js';
import type { SignOutOptions } from '../session.js';
import { newSessionId, type SessionStore } from '../storage/recordStore.js';
import type { SessionState, TokenSet } from '../types.js';
import type { Generations } from './generations.js';
import type { LoopGuard } from './loopGuard.js';
import type { StateHub } from './stateHub.js';
import type { TokenHolder } from './tokenHolder.js';

export interface SignInOutDeps {
  provider: IdentityProvider;
  hub: StateHub;
  holder: TokenHolder;
  generations: Generations;
  loopGuard: LoopGuard;
  store: SessionStore;
  tabs: CrossTabPort;
  now: () => number;
  maxClockSkewSeconds: number;
  withLock<T>(task: () => Promise<T>): Promise<T>;
  /** Runs a provider call with the session's request timeout. */
  call<T>(task: (context: ProviderContext) => Promise<T>): Promise<T>;
}

/** How a session starts (tokens from any sign-in) and ends at the user's request. */
export function createSignInOut(deps: SignInOutDeps) {
  const { provider, hub, holder } = deps;

  /** Revokes a session's refresh token; a failure is an `error` event, never thrown. */
  async function revoke(ended: TokenSnapshot): Promise<void> {
    try {
      await deps.call((context) => provider.revoke(ended.tokens, ended, context));
    } catch (cause) {
      // Sign-out has happened locally; a failed revocation is reported, never thrown.
      const error = toSessionError(cause, 'provider', 'Revoking the refresh token failed.');
      hub.emit(['error', { error }]);
    }
  }

  return {
    /**
     * Validates (with the nonce of a redirect), stores and adopts tokens from any sign-in, and
     * tells the other tabs. Rejects with `invalid_token` changing nothing; a sign-in wins over a
     * refresh in flight, and loses to a sign-out or another sign-in that came after it.
     */
    async establish(tokens: TokenSet, expected: { nonce?: string }): Promise<SessionState> {
      if (holder.disposed) throw holder.signedOutError();
      const receivedAt = deps.now();
      const next = snapshotTokens(tokens, receivedAt, undefined, provider.opaqueAccessTokens);
      provider.validate(next, expected);
      assertUsable(next, receivedAt, deps.maxClockSkewSeconds);
      const generation = deps.generations.next();
      deps.loopGuard.reset();
      const id = newSessionId();
      await deps.withLock(() => deps.store.write(next, id));
      if (generation.ended || holder.disposed) return hub.get();
      holder.adopt(next, id, ['tokensChanged', { source: 'setTokens' }]);
      deps.tabs.post({ type: 'tokens', sessionId: id, source: 'setTokens' });
      return hub.get();
    },

    /** Ends the session everywhere, then revokes its refresh token (a failure is an `error` event). */
    async signOut(options: SignOutOptions = {}): Promise<void> {
      const previous = holder.snapshot;
      const wantsRevoke = options.revoke !== false;
      const held = previous?.tokens.refreshToken ? previous : null;
      // Without the refresh token here (persist 'no-refresh-token'), the tab holding it revokes.
      await holder.end('user', { broadcast: true, clear: true, askToRevoke: wantsRevoke && !held });
      if (wantsRevoke && held) await revoke(held);
    },

    revoke,
  };
}
