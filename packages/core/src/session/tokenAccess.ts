import { SessionError } from '../errors.js';
import type { TokenRequestOptions } from '../session.js';
import type { SessionState } from '../types.js';
import type { RefreshRunner } from './refreshRunner.js';
import type { StateHub } from './stateHub.js';
import type { TokenHolder } from './tokenHolder.js';

type TokenKind = 'accessToken' | 'idToken';

/**
 * Hands out tokens: at once while they stay valid long enough (the hot path is one clock read, a
 * comparison and the state's settled promise of the token), otherwise after a refresh that every
 * concurrent caller shares.
 */
export function createTokenAccess(
  hub: StateHub,
  holder: TokenHolder,
  runner: RefreshRunner,
  ready: Promise<void>,
  now: () => number,
) {
  async function slowly(kind: TokenKind, minValidityMs: number): Promise<string> {
    if (hub.get().status === 'loading') await ready;
    const current: SessionState = hub.get();
    if (current.status !== 'signedIn' || holder.disposed) throw holder.signedOutError();
    if (now() + minValidityMs < current.expiresAt) return current.tokens[kind];
    if (!current.hasRefreshToken) {
      if (current.expiresAt <= now()) {
        await holder.expire();
        throw holder.signedOutError();
      }
      throw new SessionError(
        'invalid_token',
        `The ${kind === 'idToken' ? 'ID' : 'access'} token expires within ${minValidityMs / 1000} s and there is no refresh token.`,
      );
    }
    const next = await runner.refresh();
    if (next.status !== 'signedIn') throw holder.signedOutError();
    return next.tokens[kind];
  }

  return function getToken(kind: TokenKind, options?: TokenRequestOptions): Promise<string> {
    const minValidityMs = (options?.minValiditySeconds ?? 0) * 1000;
    const state = hub.get();
    if (state.status === 'signedIn' && now() + minValidityMs < state.expiresAt) {
      return hub.token(kind);
    }
    return slowly(kind, minValidityMs);
  };
}
