import type { TokenSnapshot } from '../claims.js';
import type { CrossTabMessage } from '../crossTab.js';
import type { SessionStore } from '../storage/recordStore.js';
import type { RefreshRunner } from './refreshRunner.js';
import type { TokenHolder } from './tokenHolder.js';

/** The parts of a session that another tab's news acts on. */
export interface NewsParts {
  store: SessionStore;
  holder: TokenHolder;
  runner: RefreshRunner;
  /** Revokes an ended session's refresh token (reports, never throws). */
  revoke(ended: TokenSnapshot): Promise<void>;
}

/**
 * What this tab does with another tab's news. Messages carry no tokens: a sign-out of our session
 * ends it here too (the tab that signed out clears storage); new tokens are re-read from storage
 * and adopted when they belong to our session or to a new sign-in.
 */
export function createNewsHandler({
  store,
  holder,
  runner,
  revoke,
}: NewsParts): (message: CrossTabMessage) => void {
  return function onNews(message) {
    if (holder.disposed) return;
    if (message.type === 'signedOut') {
      if (message.sessionId !== holder.sessionId) return;
      const held = holder.snapshot;
      void holder.end('otherTab');
      // The tab that signed out lacked the refresh token this one holds: revoke it here.
      if (message.revoke && held?.tokens.refreshToken) void revoke(held);
      return;
    }
    void store.read().then((stored) => {
      if (holder.disposed || stored.status !== 'present') return;
      if (stored.sessionId !== message.sessionId) return;
      const isOurSession = stored.sessionId === holder.sessionId;
      // A refresh of a session this tab no longer holds (it signed out) must not revive it.
      if (!isOurSession && message.source !== 'setTokens') return;
      const current = holder.snapshot?.tokens.accessToken;
      if (isOurSession && stored.snapshot.tokens.accessToken === current) return;
      const running = runner.running;
      if (isOurSession && running) {
        // Our own refresh is under way and reads storage under the lock itself: it adopts these
        // tokens, or refreshes past them with their refresh token. Adopting them now would void
        // its answer (with rotation, the only valid refresh token) and the refresh their due
        // time schedules would join it and end with it. Look again once it has settled.
        void running.catch(() => {}).then(() => onNews(message));
        return;
      }
      holder.adoptStored(stored, ['tokensChanged', { source: 'otherTab' }]);
    });
  };
}
