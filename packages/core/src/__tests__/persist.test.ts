/**
 * `persist` (docs/sessions.md, "Options of `createSession`"): what reaches storage for each value, what a reload finds, and what
 * other tabs of the same origin see. Reads the raw stored record, not the session's view of it
 * (memory storage structured-clones what it keeps, as IndexedDB does).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { PersistMode } from '../storage/recordCodec.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import type { TokenSet } from '../types.js';
import { createFakeLockManager } from './fakeLocks.js';
import {
  advance,
  issue,
  KEY,
  refreshesOf,
  startProvider,
  startSession,
  stubBroadcastChannel,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';
import type { MemoryProvider } from './memoryProvider.js';
import { heldTokens } from './tokenAudit.js';

/** 5-minute tokens (Cognito's minimum): refreshed at 4 minutes with the default 60 s leeway. */
const LIFETIME_S = 300;
const REFRESH_AT_MS = (LIFETIME_S - 60) * 1000;

/** Every write and removal that reached the storage, in order. */
function recordedStorage(): TokenStorage & { writes: unknown[]; removals: number } {
  const inner = memoryStorage();
  const storage = {
    writes: [] as unknown[],
    removals: 0,
    get: (key: string) => inner.get(key),
    async set(key: string, value: unknown) {
      storage.writes.push(structuredClone(value));
      await inner.set(key, value);
    },
    async remove(key: string) {
      storage.removals++;
      await inner.remove(key);
    },
  };
  return storage;
}

/** The tokens a session holds, refresh token included (its public state never has it). */
function tokensOf(session: ReturnType<typeof startSession>['session']): TokenSet | null {
  return session.getState().status === 'signedIn' ? heldTokens(session) : null;
}

describe('persist', () => {
  useMemoryHarness();
  let storage: ReturnType<typeof recordedStorage>;
  beforeEach(() => {
    useFakeClock();
    storage = recordedStorage();
  });
  afterEach(() => vi.useRealTimers());

  async function signedIn(persist: PersistMode) {
    const provider = startProvider({
      tokenLifetimeSeconds: LIFETIME_S,
      refreshTokenRotation: true,
    });
    const { session, recorder } = startSession(provider, { storage, persist });
    await session.ready;
    const tokens = issue(provider);
    await session.setTokens(tokens);
    return { provider, session, recorder, tokens };
  }

  /** A reload: this page's session is gone, a new one reads the same storage. */
  async function reload(
    persist: PersistMode,
    first: { dispose(): void },
    provider: MemoryProvider,
  ) {
    first.dispose();
    const next = startSession(provider, { storage, persist });
    await next.session.ready;
    return next;
  }

  describe("'all'", () => {
    it('stores the three tokens in one versioned record', async () => {
      const { tokens } = await signedIn('all');
      expect(await storage.get(KEY)).toEqual({
        version: 2,
        sessionId: expect.any(String),
        ...tokens,
        receivedAt: Date.now(),
        clockSkewMs: expect.any(Number),
        idClaims: expect.objectContaining({ token_use: 'id' }),
        accessClaims: expect.objectContaining({ token_use: 'access' }),
      });
    });

    it('after a reload is signed in without a request and can refresh', async () => {
      const { provider, session, tokens } = await signedIn('all');
      provider.clearCalls();
      const next = await reload('all', session, provider);
      expect(tokensOf(next.session)).toEqual(tokens);
      expect(provider.calls).toHaveLength(0);
      await advance(REFRESH_AT_MS);
      expect(refreshesOf(provider)).toHaveLength(1);
      const refreshed = tokensOf(next.session);
      expect(refreshed?.accessToken).not.toBe(tokens.accessToken);
      expect(refreshed?.refreshToken).not.toBe(tokens.refreshToken); // rotated
      expect(await storage.get(KEY)).toMatchObject({ ...refreshed });
    });
  });

  describe("'no-refresh-token'", () => {
    it('starts signed out from an empty storage, quietly, writing nothing', async () => {
      const { session, recorder } = startSession(startProvider(), {
        storage,
        persist: 'no-refresh-token',
      });
      await session.ready;
      expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(recorder.events).toEqual([]);
      expect(storage.writes).toEqual([]);
    });

    it('never writes the refresh token, not even a rotated one, and refreshes from memory', async () => {
      const { provider, session, tokens } = await signedIn('no-refresh-token');
      expect(tokensOf(session)?.refreshToken).toBe(tokens.refreshToken);
      await advance(REFRESH_AT_MS);
      await advance(REFRESH_AT_MS);
      expect(refreshesOf(provider)).toHaveLength(2);
      const rotated = tokensOf(session)!;
      expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
      expect(storage.writes).toHaveLength(3);
      for (const written of storage.writes) {
        expect(written).not.toHaveProperty('refreshToken');
        const text = JSON.stringify(written);
        expect(text).not.toContain(tokens.refreshToken);
        expect(text).not.toContain(rotated.refreshToken);
      }
      expect(await storage.get(KEY)).toEqual({
        version: 2,
        sessionId: expect.any(String),
        idToken: rotated.idToken,
        accessToken: rotated.accessToken,
        receivedAt: Date.now(),
        clockSkewMs: expect.any(Number),
        idClaims: expect.objectContaining({ token_use: 'id' }),
        accessClaims: expect.objectContaining({ token_use: 'access' }),
      });
    });

    it('after a reload is signed in until expiry, then signedOut "expired" without a request', async () => {
      const { provider, session, tokens } = await signedIn('no-refresh-token');
      provider.clearCalls();
      const { session: reloaded, recorder } = await reload('no-refresh-token', session, provider);
      expect(tokensOf(reloaded)).toEqual({
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
      });
      await expect(reloaded.getAccessToken()).resolves.toBe(tokens.accessToken);
      await expect(reloaded.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
      await advance(LIFETIME_S * 1000 - 1000);
      expect(reloaded.getState()).toMatchObject({ status: 'signedIn' });
      await advance(1000);
      expect(reloaded.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
      expect(recorder.events.map((event) => event.type)).toEqual(['signedIn', 'signedOut']);
      expect(provider.calls).toHaveLength(0);
      expect(await storage.get(KEY)).toBeUndefined();
    });

    it('a reload after expiry starts signedOut "expired" and clears the record', async () => {
      const { provider, session } = await signedIn('no-refresh-token');
      provider.clearCalls();
      vi.setSystemTime(Date.now() + LIFETIME_S * 1000);
      const { session: reloaded, recorder } = await reload('no-refresh-token', session, provider);
      expect(reloaded.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
      // Never signed in, not even for a moment: the tokens ran out exactly now.
      expect(recorder.events.map((event) => event.type)).toEqual(['signedOut']);
      expect(recorder.of('signedOut')).toEqual([{ reason: 'expired' }]);
      expect(provider.calls).toHaveLength(0);
      expect(await storage.get(KEY)).toBeUndefined();
    });
  });

  describe("'none'", () => {
    it('writes nothing ever, refreshes from memory, and a reload finds no session', async () => {
      const { provider, session, tokens } = await signedIn('none');
      expect(await storage.get(KEY)).toBeUndefined();
      await advance(REFRESH_AT_MS);
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(tokensOf(session)?.accessToken).not.toBe(tokens.accessToken);
      expect(storage.writes).toEqual([]);
      const { session: reloaded, recorder } = await reload('none', session, provider);
      expect(reloaded.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(recorder.events).toEqual([]);
    });

    it("does not take a record planted by an 'all' session (an earlier release, another page), and removes it", async () => {
      const { provider, session } = await signedIn('all');
      expect(await storage.get(KEY)).toHaveProperty('refreshToken');
      provider.clearCalls();
      const { session: kiosk, recorder } = await reload('none', session, provider);
      expect(kiosk.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(recorder.events).toEqual([]);
      expect(await storage.get(KEY)).toBeUndefined();
      expect(provider.calls).toHaveLength(0);
    });
  });

  describe("'no-refresh-token' on read", () => {
    it("strips the refresh token of a record planted by an 'all' session, in memory and on disk", async () => {
      const { provider, session, tokens } = await signedIn('all');
      const { session: reloaded } = await reload('no-refresh-token', session, provider);
      expect(tokensOf(reloaded)).toEqual({
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
      });
      const onDisk = await storage.get(KEY);
      expect(onDisk).toMatchObject({ idToken: tokens.idToken, accessToken: tokens.accessToken });
      expect(onDisk).not.toHaveProperty('refreshToken');
      expect(JSON.stringify(onDisk)).not.toContain(tokens.refreshToken);
    });
  });

  describe('other tabs (crossTab on, Web Locks stand-in)', () => {
    beforeEach(() => {
      vi.stubGlobal('navigator', { locks: createFakeLockManager() });
      stubBroadcastChannel();
    });

    async function twoTabs(persist: PersistMode) {
      const provider = startProvider({
        tokenLifetimeSeconds: LIFETIME_S,
        refreshTokenRotation: true,
      });
      const open = () =>
        startSession(provider, { storage, persist, crossTab: crossTab(), storageKey: KEY });
      const a = open();
      await a.session.ready;
      const tokens = issue(provider);
      await a.session.setTokens(tokens);
      const b = open();
      await b.session.ready;
      await advance(0);
      return { provider, a, b, tokens };
    }

    it("'all': a tab opened later holds all three tokens; one refresh per expiry serves both", async () => {
      const { provider, a, b, tokens } = await twoTabs('all');
      expect(tokensOf(b.session)).toEqual(tokens);
      await advance(REFRESH_AT_MS);
      expect(refreshesOf(provider)).toHaveLength(1);
      expect(tokensOf(b.session)).toEqual(tokensOf(a.session));
    });

    it("'no-refresh-token': another tab gets no refresh token but follows the refreshing tab", async () => {
      const { provider, a, b, tokens } = await twoTabs('no-refresh-token');
      expect(tokensOf(b.session)).toEqual({
        idToken: tokens.idToken,
        accessToken: tokens.accessToken,
      });
      await advance(REFRESH_AT_MS);
      expect(refreshesOf(provider)).toHaveLength(1);
      const refreshed = tokensOf(a.session)!;
      expect(refreshed.refreshToken).toEqual(expect.any(String));
      // B adopted the new ID and access tokens from storage; it still has no refresh token.
      expect(tokensOf(b.session)).toEqual({
        idToken: refreshed.idToken,
        accessToken: refreshed.accessToken,
      });
      expect(b.recorder.of('tokensChanged')).toEqual([{ source: 'otherTab' }]);
      // A keeps its own refresh token when it reads back the record it wrote without one.
      expect(tokensOf(a.session)?.refreshToken).toBe(refreshed.refreshToken);
    });

    it("'no-refresh-token': a tab never puts its refresh token on another sign-in's tokens", async () => {
      const { provider, a, b } = await twoTabs('no-refresh-token');
      expect(tokensOf(a.session)?.refreshToken).toEqual(expect.any(String));
      // B signs in anew (another user, say): its record, too, is stored without the refresh token.
      const other = issue(provider);
      await b.session.setTokens(other);
      await advance(0);
      expect(tokensOf(a.session)).toEqual({
        idToken: other.idToken,
        accessToken: other.accessToken,
      });
    });

    it("'no-refresh-token': once the refreshing tab is closed, the others end at expiry", async () => {
      const { provider, a, b } = await twoTabs('no-refresh-token');
      a.session.dispose();
      await advance(LIFETIME_S * 1000);
      expect(b.session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
      expect(refreshesOf(provider)).toHaveLength(0);
    });

    it("'no-refresh-token': a tab reaching expiry does not sign out a degraded tab that holds the refresh token", async () => {
      const { provider, a, b } = await twoTabs('no-refresh-token');
      // Offline from before A's refresh until well after the tokens expired.
      provider.failNext('network', 1000);
      await advance(LIFETIME_S * 1000 + 30_000);
      expect(b.session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
      // A still holds a valid refresh token: degraded, not signed out (docs/sessions.md, How refresh works).
      expect(a.recorder.of('signedOut')).toEqual([]);
      expect(a.session.getState()).toMatchObject({
        status: 'signedIn',
        error: { code: 'network' },
      });
    });

    it('tabs tell each other news without a token: messages carry a type and a session id only', async () => {
      const heard: unknown[] = [];
      const listener = new BroadcastChannel(`sessionkit:${KEY}`);
      listener.onmessage = (event: MessageEvent) => heard.push(event.data);
      try {
        const { a, b, tokens } = await twoTabs('all');
        await a.session.refresh();
        await b.session.signOut({ revoke: false });
        await advance(0);
        const refreshed = [tokens, tokensOf(a.session)].filter(Boolean) as TokenSet[];
        expect(heard.map((message) => Object.keys(message as object).sort())).toEqual([
          ['sessionId', 'source', 'type'],
          ['sessionId', 'source', 'type'],
          ['sessionId', 'type'],
        ]);
        const text = JSON.stringify(heard);
        for (const token of refreshed.flatMap((set) => Object.values(set))) {
          expect(text).not.toContain(token);
        }
      } finally {
        listener.close();
      }
    });

    it("'no-refresh-token': a sign-out in the tab without the refresh token revokes it exactly once, in the tab that holds it", async () => {
      const { provider, a, b, tokens } = await twoTabs('no-refresh-token');
      const c = startSession(provider, {
        storage,
        persist: 'no-refresh-token',
        crossTab: crossTab(),
        storageKey: KEY,
      });
      await c.session.ready;
      expect(tokensOf(b.session)?.refreshToken).toBeUndefined();
      provider.clearCalls();
      await b.session.signOut();
      await advance(0);
      for (const tab of [a, b, c]) {
        expect(tab.session.getState()).toMatchObject({ status: 'signedOut' });
      }
      expect(provider.callsOf('revoke').map((call) => call.refreshToken)).toEqual([
        tokens.refreshToken,
      ]);
      expect(a.recorder.of('signedOut')).toEqual([{ reason: 'otherTab' }]);
    });

    it('a sign-out with revoke: false asks no other tab to revoke', async () => {
      const { provider, b } = await twoTabs('no-refresh-token');
      provider.clearCalls();
      await b.session.signOut({ revoke: false });
      await advance(0);
      expect(provider.callsOf('revoke')).toEqual([]);
    });

    it("'all': the tab that signs out revokes; the others do not revoke again", async () => {
      const { provider, a, b, tokens } = await twoTabs('all');
      provider.clearCalls();
      await b.session.signOut();
      await advance(0);
      expect(a.session.getState()).toMatchObject({ status: 'signedOut' });
      expect(provider.callsOf('revoke').map((call) => call.refreshToken)).toEqual([
        tokens.refreshToken,
      ]);
    });

    it("a signed-out 'none' tab does not adopt the sign-in of an 'all' tab on its key", async () => {
      const provider = startProvider({ tokenLifetimeSeconds: LIFETIME_S });
      const kiosk = startSession(provider, {
        storage,
        persist: 'none',
        crossTab: crossTab(),
        storageKey: KEY,
      });
      await kiosk.session.ready;
      const other = startSession(provider, { storage, crossTab: crossTab(), storageKey: KEY });
      await other.session.ready;
      await other.session.setTokens(issue(provider));
      await advance(0);
      expect(other.session.getState()).toMatchObject({ status: 'signedIn' });
      expect(kiosk.session.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(kiosk.recorder.events).toEqual([]);
    });

    it("'none': other tabs hear of neither the sign-in nor the sign-out", async () => {
      const { a, b } = await twoTabs('none');
      expect(b.session.getState()).toEqual({ status: 'signedOut', reason: null });
      expect(b.recorder.events).toEqual([]);
      const other = startProvider({ tokenLifetimeSeconds: LIFETIME_S });
      await b.session.setTokens(issue(other));
      await a.session.signOut({ revoke: false });
      await advance(0);
      expect(b.session.getState()).toMatchObject({ status: 'signedIn' });
      expect(a.recorder.of('signedOut')).toEqual([{ reason: 'user' }]);
      expect(b.recorder.of('signedOut')).toEqual([]);
    });
  });
});
