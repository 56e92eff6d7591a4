import type { IdTokenClaims } from '../claimsTypes.js';
import { SessionError } from '../errors.js';
import type { ProviderCallSettings } from '../providerCall.js';
import type { IdentityProvider, ProviderContext } from '../providers/types.js';
import type { Session } from '../session.js';
import type { PersistMode } from '../storage/recordCodec.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import type { SessionState, TokenSet } from '../types.js';
import type { StateHub } from './stateHub.js';

/**
 * What the free-standing flows (sign-in, redirect, the authorised fetch) reach inside a session.
 * Not public: flows get it through {@link internalsOf}.
 */
export interface SessionInternals {
  readonly provider: IdentityProvider;
  /** The storage key: namespaces what a flow keeps (redirect transactions). */
  readonly storageKey: string;
  /** The session's storage (falls back to memory as the session's record does). */
  readonly storage: TokenStorage;
  readonly persist: PersistMode;
  now(): number;
  /** The session's fetch, looked up at call time (MSW-friendly). */
  fetch(): typeof fetch;
  /** Runs a provider call with the session's request timeout. */
  call<T>(task: (context: ProviderContext) => Promise<T>): Promise<T>;
  /** The tokens the session holds, the refresh token included (never in its public state). */
  heldTokens(): TokenSet | undefined;
  /** Validates (with the nonce of a redirect), stores and adopts tokens, as `setTokens` does. */
  establish(tokens: TokenSet, expected: { nonce?: string }): Promise<SessionState>;
  /** The state hub: for `@sessionkit/core/devtools` only (expiring the tokens locally). */
  readonly hub: StateHub;
  /**
   * The settings every provider call reads at call time (its `fetch` among them): for
   * `@sessionkit/core/devtools` only (simulating offline provider requests).
   */
  readonly calls: ProviderCallSettings;
}

const registry = new WeakMap<Session, SessionInternals>();

export function registerInternals(session: Session, internals: SessionInternals): void {
  registry.set(session, internals);
}

/** The internals of a session made by `createSession`; throws a clear TypeError for anything else. */
export function internalsOf(session: Session): SessionInternals {
  const internals = registry.get(session);
  if (!internals) {
    throw new TypeError('Expected a session made by createSession() as the first argument.');
  }
  return internals;
}

/** The user of the state a sign-in flow just established (a sign-out may have overtaken it). */
export function signedInUser(state: SessionState): IdTokenClaims {
  if (state.status !== 'signedIn') {
    throw new SessionError('signed_out', 'The sign-in was overtaken by a sign-out.');
  }
  return state.user;
}
