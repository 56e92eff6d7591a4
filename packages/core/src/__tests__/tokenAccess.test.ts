/**
 * Token access on and off the hot path (session/tokenAccess.ts) and the refresh runner's entry
 * checks (session/refreshRunner.ts): the tokens and the one settled promise a valid token is handed
 * out with, calls made before the stored session is read, after dispose or sign-out, and on a
 * session that has no refresh token. Cases StrykerJS found untested by the
 * session suites (a one-off run over session/*.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../createSession.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  advance,
  issue,
  refreshesOf,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';
import type { MemoryProvider } from './memoryProvider.js';

const HOUR_MS = 3_600_000;

describe('token access', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  /** A storage holding the test user's session, written by a page load that has gone. */
  async function storedSession(provider: MemoryProvider): Promise<TokenStorage> {
    const storage = memoryStorage();
    const { session } = startSession(provider, { storage });
    await session.setTokens(issue(provider));
    session.dispose();
    return storage;
  }

  it('getAccessToken() before the stored session is read waits for it and sends nothing', async () => {
    const provider = startProvider();
    const storage = await storedSession(provider);
    provider.clearCalls();
    const { session } = startSession(provider, { storage });
    expect(session.getState().status).toBe('loading');
    const [access, id] = await Promise.all([session.getAccessToken(), session.getIdToken()]);
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    expect(state.status === 'signedIn' && state.tokens).toEqual({
      accessToken: access,
      idToken: id,
    });
    expect(provider.calls).toHaveLength(0);
  });

  it('refresh() before the stored session is read refreshes it once, after the read', async () => {
    const provider = startProvider();
    const storage = await storedSession(provider);
    provider.clearCalls();
    const { session } = startSession(provider, { storage, autoRefresh: false });
    expect(session.getState().status).toBe('loading');
    const state = await session.refresh();
    expect(state).toMatchObject({ status: 'signedIn', refreshing: false });
    expect(refreshesOf(provider)).toHaveLength(1);
  });

  it('after dispose() every call rejects with signed_out, saying so, and sends nothing', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    provider.clearCalls();
    session.dispose();
    const disposed = { code: 'signed_out', message: 'The session was disposed.' };
    await expect(session.refresh()).rejects.toMatchObject(disposed);
    await expect(session.getAccessToken({ minValiditySeconds: 7200 })).rejects.toMatchObject(
      disposed,
    );
    expect(provider.calls).toHaveLength(0);
  });

  it('after signOut() the calls reject with signed_out: no user is signed in', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    await session.signOut({ revoke: false });
    const signedOut = { code: 'signed_out', message: 'No user is signed in.' };
    await expect(session.refresh()).rejects.toMatchObject(signedOut);
    await expect(session.getAccessToken()).rejects.toMatchObject(signedOut);
    await expect(session.getIdToken()).rejects.toMatchObject(signedOut);
    expect(refreshesOf(provider)).toHaveLength(0);
  });

  it('on the hot path hands out the tokens of now: new ones once a refresh or setTokens replaced them', async () => {
    const provider = startProvider();
    const { session } = startSession(provider, { autoRefresh: false });
    const first = issue(provider);
    await session.setTokens(first);
    expect(await session.getAccessToken()).toBe(first.accessToken);
    expect(await session.getIdToken()).toBe(first.idToken);
    // Asked again while valid: the same answer, and nothing sent.
    expect(await session.getAccessToken()).toBe(first.accessToken);
    expect(provider.calls).toHaveLength(0);

    const refreshed = await session.refresh();
    const tokens = refreshed.status === 'signedIn' ? refreshed.tokens : undefined;
    expect(tokens?.accessToken).not.toBe(first.accessToken);
    expect(await session.getAccessToken()).toBe(tokens?.accessToken);
    expect(await session.getIdToken()).toBe(tokens?.idToken);

    const next = issue(provider);
    await session.setTokens(next);
    expect(await session.getAccessToken()).toBe(next.accessToken);
    expect(await session.getIdToken()).toBe(next.idToken);
  });

  it('on the hot path hands every caller the one settled promise of the token, not a new one', async () => {
    const provider = startProvider();
    // Straight from createSession: the harness's recorder wraps each call in a promise of its own.
    const session = createSession({ provider, storage: memoryStorage(), autoRefresh: false });
    try {
      await session.setTokens(issue(provider));
      const access = session.getAccessToken();
      expect(session.getAccessToken()).toBe(access);
      expect(session.getAccessToken({ minValiditySeconds: 60 })).toBe(access);
      expect(session.getIdToken()).toBe(session.getIdToken());
      expect(session.getIdToken()).not.toBe(access);
      // Too short for the validity asked for: refreshed first, so a promise of its own.
      const refreshed = session.getAccessToken({ minValiditySeconds: 7200 });
      expect(refreshed).not.toBe(access);
      await expect(refreshed).resolves.not.toBe(await access);
    } finally {
      session.dispose();
    }
  });

  describe('at the edge of the validity asked for', () => {
    // The fake clock stands still, so tokens issued now last exactly their lifetime.
    const LIFETIME_SECONDS = 3600;

    it('a token valid for exactly minValiditySeconds is not enough: it is refreshed first', async () => {
      const provider = startProvider({ tokenLifetimeSeconds: LIFETIME_SECONDS });
      const { session } = startSession(provider, { autoRefresh: false });
      const tokens = issue(provider);
      await session.setTokens(tokens);
      expect(session.getState()).toMatchObject({ expiresAt: Date.now() + LIFETIME_SECONDS * 1000 });
      const token = await session.getAccessToken({ minValiditySeconds: LIFETIME_SECONDS });
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(token).not.toBe(tokens.accessToken);
      // One second less is enough.
      await session.getAccessToken({ minValiditySeconds: LIFETIME_SECONDS - 1 });
      expect(refreshesOf(provider)).toHaveLength(1);
    });

    it('the same holds for a call made before the stored session is read', async () => {
      const provider = startProvider({ tokenLifetimeSeconds: LIFETIME_SECONDS });
      const storage = await storedSession(provider);
      provider.clearCalls();
      const { session } = startSession(provider, { storage, autoRefresh: false });
      expect(session.getState().status).toBe('loading');
      await session.getIdToken({ minValiditySeconds: LIFETIME_SECONDS });
      expect(refreshesOf(provider)).toHaveLength(1);
    });

    it('without a refresh token, a token whose expiry is this very moment ends the session', async () => {
      const provider = startProvider({ tokenLifetimeSeconds: LIFETIME_SECONDS });
      const { session, recorder } = startSession(provider);
      const { refreshToken: _, ...tokens } = issue(provider);
      await session.setTokens(tokens);
      // The clock reaches exp without the expiry timer running.
      vi.setSystemTime(Date.now() + LIFETIME_SECONDS * 1000);
      await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'signed_out' });
      expect(recorder.of('signedOut')).toEqual([{ reason: 'expired' }]);
    });
  });

  describe('a session without a refresh token', () => {
    async function withoutRefreshToken() {
      const provider = startProvider({ tokenLifetimeSeconds: 3600 });
      const { session, recorder } = startSession(provider);
      const { refreshToken: _, ...tokens } = issue(provider);
      await session.setTokens(tokens);
      return { provider, session, recorder, tokens };
    }

    it('hands out its tokens while they last long enough', async () => {
      const { provider, session, tokens } = await withoutRefreshToken();
      await expect(session.getAccessToken({ minValiditySeconds: 600 })).resolves.toBe(
        tokens.accessToken,
      );
      expect(provider.calls).toHaveLength(0);
    });

    it('asked for more validity than its tokens have, rejects with invalid_token and keeps the session', async () => {
      const { provider, session, recorder } = await withoutRefreshToken();
      await expect(session.getAccessToken({ minValiditySeconds: 7200 })).rejects.toMatchObject({
        code: 'invalid_token',
        message: 'The access token expires within 7200 s and there is no refresh token.',
      });
      await expect(session.getIdToken({ minValiditySeconds: 5400 })).rejects.toMatchObject({
        code: 'invalid_token',
        message: 'The ID token expires within 5400 s and there is no refresh token.',
      });
      expect(session.getState()).toMatchObject({ status: 'signedIn', hasRefreshToken: false });
      expect(recorder.of('signedOut')).toHaveLength(0);
      expect(provider.calls).toHaveLength(0);
    });

    it('refresh() rejects with invalid_grant and keeps the session', async () => {
      const { provider, session, recorder } = await withoutRefreshToken();
      await expect(session.refresh()).rejects.toMatchObject({
        code: 'invalid_grant',
        message: 'The session has no refresh token; sign in again.',
      });
      expect(session.getState()).toMatchObject({ status: 'signedIn', refreshing: false });
      expect(recorder.of('signedOut')).toHaveLength(0);
      expect(provider.calls).toHaveLength(0);
    });

    it('once its tokens expired unseen (the timers slept), a read ends it as expired', async () => {
      const { provider, session, recorder } = await withoutRefreshToken();
      // The clock jumps past exp without the expiry timer running: a laptop lid closed.
      vi.setSystemTime(Date.now() + 2 * HOUR_MS);
      await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'signed_out' });
      expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
      expect(recorder.of('signedOut')).toEqual([{ reason: 'expired' }]);
      expect(provider.calls).toHaveLength(0);
      await advance(HOUR_MS);
      expect(recorder.of('signedOut')).toHaveLength(1);
    });
  });
});
