/** A stand-in session for the DOM suites: a state the test sets and events it emits. */
import type { Session, SessionEvents, SessionState, SignedInState } from '@sessionkit/core';

const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');

/** A JWT-shaped string with a recognisable signature (never shown by the panel). */
export function fakeJwt(claims: object, signature: string): string {
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.${signature}`;
}

export interface FakeSession extends Session {
  set(state: SessionState): void;
  emit<Type extends keyof SessionEvents>(type: Type, payload: SessionEvents[Type]): void;
}

export function fakeSession(initial: SessionState): FakeSession {
  let state = initial;
  const listeners = new Set<(state: SessionState, previous: SessionState) => void>();
  const handlers = new Map<string, Set<(payload: never) => void>>();
  return {
    ready: Promise.resolve(),
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(type, handler) {
      const set = handlers.get(type) ?? new Set();
      set.add(handler as never);
      handlers.set(type, set);
      return () => set.delete(handler as never);
    },
    off(type, handler) {
      handlers.get(type)?.delete(handler as never);
    },
    set(next) {
      const previous = state;
      state = next;
      for (const listener of listeners) listener(next, previous);
    },
    emit(type, payload) {
      for (const handler of handlers.get(type) ?? []) handler(payload as never);
    },
    setTokens: async () => state,
    getAccessToken: async () => '',
    getIdToken: async () => '',
    refresh: async () => state,
    signOut: async () => {},
    dispose() {},
  };
}

/** A signed-in state at `now` whose tokens expire in a minute. */
export function signedIn(now: number, signature: string): SignedInState {
  const iat = Math.floor(now / 1000);
  const user = { sub: 'u-1', email: 'ada@example.com', iat, exp: iat + 60 };
  const accessClaims = { sub: 'u-1', token_use: 'access', iat, exp: iat + 60 };
  return {
    status: 'signedIn',
    user: user as never,
    accessClaims: accessClaims as never,
    tokens: {
      idToken: fakeJwt(user, `id${signature}`),
      accessToken: fakeJwt(accessClaims, `ac${signature}`),
    },
    hasRefreshToken: true,
    expiresAt: now + 60_000,
    clockSkewMs: 0,
    refreshAt: now + 30_000,
    expired: false,
    refreshing: false,
    error: null,
  };
}
