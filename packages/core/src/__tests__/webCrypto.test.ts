/**
 * Pages without WebCrypto (webCrypto.ts): browsers give `crypto.subtle` only to secure pages, so
 * an app opened over plain http (a phone on the local network) has none. The flows that need it
 * (Cognito's SRP, PKCE) refuse at once with a SessionError that says why, before any request or
 * redirect, instead of failing half-way with a TypeError.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInWithPassword } from '../flows/passwordSignIn.js';
import { signInWithRedirect } from '../flows/redirectSignIn.js';
import {
  DOMAIN,
  rememberTokens,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

/** `crypto` as an insecure page has it: random values, no `subtle`, no `randomUUID`. */
function withoutSubtle(secureContext: boolean | undefined) {
  const real = globalThis.crypto;
  vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
  if (secureContext !== undefined) vi.stubGlobal('isSecureContext', secureContext);
}

const INSECURE_PAGE = 'browsers give only to secure pages (https or localhost).';

describe('a page without WebCrypto', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('a secure page signs in with the password (SRP) as usual: the control', async () => {
    await startPool();
    const { session } = startSession();
    await signInWithPassword(session, USER.username, USER.password);
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    if (state.status === 'signedIn') rememberTokens(state.tokens);
  });

  it('refuses a password sign-in (SRP) before sending anything, saying the page is not secure', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.ready;
    withoutSubtle(false);
    const refusal = signInWithPassword(session, USER.username, USER.password);
    await expect(refusal).rejects.toMatchObject({
      name: 'SessionError',
      code: 'provider',
      message: `Password sign-in (SRP) needs WebCrypto (crypto.subtle), which ${INSECURE_PAGE}`,
    });
    expect(pool.requests).toEqual([]);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
  });

  it('refuses a redirect sign-in (PKCE) before leaving the page or saving its transaction', async () => {
    await startPool();
    const { session } = startSession({
      cognito: { domain: DOMAIN, redirectUri: 'https://app.example/cb' },
    });
    await session.ready;
    withoutSubtle(false);
    const navigate = vi.fn();
    const saved = vi.fn();
    vi.stubGlobal('sessionStorage', { setItem: saved, getItem: () => null, removeItem: () => {} });
    await expect(signInWithRedirect(session, { navigate })).rejects.toMatchObject({
      code: 'provider',
      message: `Redirect sign-in (PKCE S256) needs WebCrypto (crypto.subtle), which ${INSECURE_PAGE}`,
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(saved).not.toHaveBeenCalled();
  });

  it('where there is no crypto at all, refuses the same way', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.ready;
    vi.stubGlobal('crypto', undefined);
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      name: 'SessionError',
      message: 'Password sign-in (SRP) needs WebCrypto (crypto.subtle).',
    });
    expect(pool.requests).toEqual([]);
  });

  it('outside a browser page says only that the environment lacks it', async () => {
    await startPool();
    const { session } = startSession();
    await session.ready;
    withoutSubtle(undefined);
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      message: 'Password sign-in (SRP) needs WebCrypto (crypto.subtle).',
    });
  });
});
