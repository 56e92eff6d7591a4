/**
 * A tab that missed another tab's news (session/refreshAttempt.ts): before it calls the provider,
 * under the cross-tab lock, it reads storage again and acts on what another tab did meanwhile:
 * adopts tokens refreshed there, ends when that tab signed out, adopts another sign-in, and
 * refreshes with the stored refresh token once those tokens are due. The news normally arrives
 * first (crossTab.test.ts); here the other tab is a session without `crossTab()`, which writes
 * the same record but tells no one, so only the read under the lock can see it. Also: a refresh
 * token refused in one tab signs the others out. Cases StrykerJS found untested by the session
 * suites (a one-off run over session/*.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
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

const HOUR_MS = 3_600_000;

describe('the read under the lock', () => {
  useMemoryHarness();
  let storage: TokenStorage;
  beforeEach(() => {
    useFakeClock();
    stubBroadcastChannel();
    vi.stubGlobal('navigator', { locks: createFakeLockManager() });
    storage = memoryStorage();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  /** Tab `silent` writes the shared record and tells no one; tab `tab` coordinates. */
  async function twoTabs(provider: MemoryProvider) {
    const options = { storage, storageKey: KEY, autoRefresh: false } as const;
    const silent = startSession(provider, options);
    await silent.session.setTokens(issue(provider));
    const tab = startSession(provider, { ...options, crossTab: crossTab() });
    await tab.session.ready;
    expect(tab.session.getState()).toMatchObject({ status: 'signedIn' });
    provider.clearCalls();
    return { silent, tab };
  }

  it('adopts the tokens another tab refreshed, with no request of its own', async () => {
    const provider = startProvider({ refreshTokenRotation: true });
    const { silent, tab } = await twoTabs(provider);
    await silent.session.refresh();
    const state = await tab.session.refresh();
    expect(refreshesOf(provider)).toHaveLength(1);
    expect(heldTokens(tab.session)).toEqual(heldTokens(silent.session));
    expect(state).toMatchObject({ status: 'signedIn', refreshing: false, error: null });
    expect(tab.recorder.of('tokensChanged')).toEqual([{ source: 'otherTab' }]);
    expect(tab.recorder.of('refreshed')).toHaveLength(0);
  });

  it('refreshes with the stored refresh token once the other tab’s tokens are due too', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600, refreshTokenRotation: true });
    const { silent, tab } = await twoTabs(provider);
    await silent.session.refresh();
    const rotated = heldTokens(silent.session)?.refreshToken;
    // Both tabs' tokens are now due: a refresh is needed, with the token the other tab got.
    vi.setSystemTime(Date.now() + HOUR_MS - 30_000);
    const state = await tab.session.refresh();
    const sent = refreshesOf(provider).map((call) => call.refreshToken);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(rotated);
    expect(refreshesOf(provider).every((call) => call.fault === null)).toBe(true);
    expect(state).toMatchObject({ status: 'signedIn', error: null });
    expect(state.status === 'signedIn' && state.expiresAt).toBeGreaterThan(
      Date.now() + HOUR_MS / 2,
    );
    expect(tab.recorder.of('refreshed')).toHaveLength(1);
    expect(tab.recorder.of('signedOut')).toHaveLength(0);
  });

  it('ends, with reason otherTab, when the other tab signed out and cleared storage', async () => {
    const provider = startProvider();
    const { silent, tab } = await twoTabs(provider);
    await silent.session.signOut({ revoke: false });
    await expect(tab.session.refresh()).rejects.toMatchObject({ code: 'signed_out' });
    expect(tab.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
    expect(tab.recorder.of('signedOut')).toEqual([{ reason: 'otherTab' }]);
    expect(provider.calls).toHaveLength(0);
  });

  it('adopts a new sign-in of the other tab, with no request', async () => {
    const provider = startProvider();
    const { silent, tab } = await twoTabs(provider);
    await silent.session.signOut({ revoke: false });
    await silent.session.setTokens(issue(provider));
    const state = await tab.session.refresh();
    expect(provider.calls).toHaveLength(0);
    expect(heldTokens(tab.session)).toEqual(heldTokens(silent.session));
    expect(state).toMatchObject({ status: 'signedIn', refreshing: false });
    expect(tab.recorder.of('signedOut')).toHaveLength(0);
  });

  it('adopts a new sign-in of the other tab even when its tokens are due: no refresh under the old session', async () => {
    const provider = startProvider({ tokenLifetimeSeconds: 3600 });
    const { silent, tab } = await twoTabs(provider);
    await silent.session.signOut({ revoke: false });
    await silent.session.setTokens(issue(provider));
    const record = await storage.get(KEY);
    vi.setSystemTime(Date.now() + HOUR_MS - 30_000);
    await tab.session.refresh();
    expect(provider.calls).toHaveLength(0);
    expect(heldTokens(tab.session)).toEqual(heldTokens(silent.session));
    expect(await storage.get(KEY)).toEqual(record);
  });
});

describe('a refresh token refused in one tab', () => {
  useMemoryHarness();
  beforeEach(() => {
    useFakeClock();
    stubBroadcastChannel();
    vi.stubGlobal('navigator', { locks: createFakeLockManager() });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('signs the other tabs out, with reason otherTab, and clears storage', async () => {
    const provider = startProvider();
    const storage = memoryStorage();
    const options = { storage, storageKey: KEY, autoRefresh: false, crossTab: crossTab() };
    const a = startSession(provider, options);
    const b = startSession(provider, { ...options, crossTab: crossTab() });
    await a.session.setTokens(issue(provider));
    await advance(0);
    expect(b.session.getState()).toMatchObject({ status: 'signedIn' });
    provider.revokeAll('alice');
    await expect(a.session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    await advance(0);
    expect(a.session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
    expect(b.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
    expect(b.recorder.of('signedOut')).toEqual([{ reason: 'otherTab' }]);
    expect(await storage.get(KEY)).toBeUndefined();
    expect(refreshesOf(provider)).toHaveLength(1);
  });
});
