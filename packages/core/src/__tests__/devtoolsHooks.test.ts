/**
 * `@sessionkit/core/devtools` (src/devtools.ts): the development hooks the devtools panel calls.
 * Expiring locally makes the next token read refresh; simulated offline fails exactly the next N
 * provider requests, as a network error the session retries, and leaves the app's own alone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expireLocally, offlineRequestsLeft, simulateOffline, storageKeyOf } from '../devtools.js';
import {
  CLIENT_ID,
  issue,
  requestsOf,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

describe('@sessionkit/core/devtools', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('expireLocally: the state says expired, nothing is sent, and the next read refreshes', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    expect(expireLocally(session)).toBe(true);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: true });
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(0);
    const fresh = await session.getAccessToken();
    expect(fresh).not.toBe(tokens.accessToken);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
    expect(session.getState()).toMatchObject({ status: 'signedIn', expired: false });
  });

  it('expireLocally does nothing without a signed-in user', async () => {
    await startPool();
    const { session } = startSession();
    await session.ready;
    expect(expireLocally(session)).toBe(false);
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
  });

  it('simulateOffline(n): exactly the next n provider requests fail as network errors', async () => {
    const pool = await startPool();
    const { session } = startSession({ retry: { maxAttempts: 1 } });
    await session.setTokens(await issue(pool));
    simulateOffline(session, 2);
    expect(offlineRequestsLeft(session)).toBe(2);
    await expect(session.refresh()).rejects.toMatchObject({ code: 'network', retryable: true });
    expect(offlineRequestsLeft(session)).toBe(1);
    simulateOffline(session, 1); // calls add up
    expect(offlineRequestsLeft(session)).toBe(2);
    await expect(session.refresh()).rejects.toMatchObject({ code: 'network' });
    await expect(session.refresh()).rejects.toMatchObject({ code: 'network' });
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(0);
    // Back online: the next refresh reaches the pool.
    expect(offlineRequestsLeft(session)).toBe(0);
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
  });

  it('offlineRequestsLeft is 0 for a session never taken offline', async () => {
    await startPool();
    const { session } = startSession();
    expect(offlineRequestsLeft(session)).toBe(0);
  });

  it('simulateOffline(0) ends the simulation at once', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    simulateOffline(session, 5);
    simulateOffline(session, 0);
    expect(offlineRequestsLeft(session)).toBe(0);
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('storageKeyOf names the session’s storage key', async () => {
    await startPool();
    const { session } = startSession();
    expect(storageKeyOf(session)).toBe(`cognito:${USER_POOL_ID}:${CLIENT_ID}`);
  });
});
