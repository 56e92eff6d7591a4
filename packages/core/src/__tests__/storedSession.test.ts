import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../createSession.js';
import { cognito } from '../providers/cognito/cognito.js';
import { indexedDBStorage } from '../storage/indexedDbStorage.js';
import { STORAGE_SCHEMA_VERSION } from '../storage/recordCodec.js';
import { mintTokens } from '../testing/index.js';
import {
  advance,
  CLIENT_ID,
  issue,
  REGION,
  rememberTokens,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';
import { publicTokens } from './tokenAudit.js';

const KEY = `cognito:${USER_POOL_ID}:${CLIENT_ID}`;

describe('persistence', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  const freshStorage = () => indexedDBStorage({ databaseName: `sessionkit-test-${Math.random()}` });

  it('tokens survive a second createSession on the same storage, without a request', async () => {
    const pool = await startPool();
    const storage = freshStorage();
    const first = startSession({ storage }).session;
    const tokens = await issue(pool);
    await first.setTokens(tokens);
    first.dispose();
    pool.clearRequests();

    const { session, recorder } = startSession({ storage });
    expect(session.getState()).toEqual({ status: 'loading' });
    await session.ready;
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(tokens));
    expect(state.status === 'signedIn' && state.user.email).toBe('alice@example.com');
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(pool.requests).toHaveLength(0);
  });

  it('stores one versioned record holding all three tokens', async () => {
    const pool = await startPool();
    const storage = freshStorage();
    const { session } = startSession({ storage });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    expect(await storage.get(KEY)).toEqual({
      version: STORAGE_SCHEMA_VERSION,
      sessionId: expect.any(String),
      ...tokens,
      receivedAt: Date.now(),
      clockSkewMs: expect.any(Number),
      idClaims: expect.objectContaining({ token_use: 'id' }),
      accessClaims: expect.objectContaining({ token_use: 'access' }),
    });
  });

  it('a page load takes the claims stored with the tokens instead of decoding them again', async () => {
    const pool = await startPool();
    const storage = freshStorage();
    const first = startSession({ storage }).session;
    await first.setTokens(await issue(pool));
    first.dispose();
    // Claims that differ from what the tokens say can only come from the record.
    const record = (await storage.get(KEY)) as { idClaims: Record<string, unknown> };
    await storage.set(KEY, {
      ...record,
      idClaims: { ...record.idClaims, email: 'stored@example.com' },
    });
    const { session } = startSession({ storage });
    await session.ready;
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user.email).toBe('stored@example.com');
  });

  it('migrates a version-1 record (v0.1, no claims): signed in from it, its next write is version 2', async () => {
    const pool = await startPool({ tokenLifetimeSeconds: 3600 });
    const storage = freshStorage();
    const first = startSession({ storage }).session;
    const tokens = await issue(pool);
    await first.setTokens(tokens);
    first.dispose();
    const { idClaims, accessClaims, ...current } = (await storage.get(KEY)) as Record<
      string,
      unknown
    >;
    expect(idClaims).toBeDefined();
    expect(accessClaims).toBeDefined();
    const legacy = { ...current, version: 1 };
    await storage.set(KEY, legacy);

    const { session, recorder } = startSession({ storage });
    await session.ready;
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user.email).toBe('alice@example.com');
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(tokens));
    expect(await storage.get(KEY)).toEqual(legacy);
    expect(pool.requests).toHaveLength(0);

    await advance(3_600_000 - 60_000);
    const refreshed = session.getState();
    expect(refreshed.status === 'signedIn' && refreshed.tokens.accessToken).not.toBe(
      tokens.accessToken,
    );
    expect(await storage.get(KEY)).toMatchObject({
      version: 2,
      idClaims: expect.objectContaining({ token_use: 'id' }),
      accessClaims: expect.objectContaining({ token_use: 'access' }),
    });
    expect(recorder.of('error')).toEqual([]);
  });

  it("leaves a newer release's record untouched, runs on memory for this load and says so", async () => {
    const pool = await startPool();
    const storage = freshStorage();
    const newer = { version: 3, sessionId: 'from-a-newer-tab', whatever: { shape: 'it has' } };
    await storage.set(KEY, newer);
    const { session, recorder } = startSession({ storage });
    await session.ready;
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(recorder.of('storageFallback')).toEqual([
      {
        error: expect.objectContaining({
          code: 'storage',
          message: expect.stringMatching(/newer sessionkit \(schema version 3\)/),
        }),
      },
    ]);
    expect(recorder.of('error')).toEqual([]);
    // Signing in here works, in memory; the newer record stays as it was, through sign-out too.
    await session.setTokens(await issue(pool));
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    await session.signOut({ revoke: false });
    expect(await storage.get(KEY)).toEqual(newer);
  });

  it('restores expired tokens with a refresh token and refreshes them at once', async () => {
    const pool = await startPool({ tokenLifetimeSeconds: 3600 });
    const storage = freshStorage();
    const first = startSession({ storage }).session;
    await first.setTokens(await issue(pool));
    first.dispose();
    vi.setSystemTime(Date.now() + 3 * 3_600_000);
    const { session } = startSession({ storage });
    await session.ready;
    await advance(0);
    expect(
      pool.requests.filter((request) => request.operation === 'GetTokensFromRefreshToken'),
    ).toHaveLength(1);
    const state = session.getState();
    expect(state.status === 'signedIn' && state.expiresAt).toBeGreaterThan(Date.now());
  });

  async function otherClientTokens() {
    const tokens = await mintTokens(
      {},
      { region: REGION, userPoolId: USER_POOL_ID, clientId: 'another-client' },
    );
    rememberTokens(tokens);
    return tokens;
  }

  it.each([
    ['a corrupt record', async () => 'this is not a session', 'storage'],
    [
      'a record of a version that is no schema version',
      async () => ({ version: 'two', idToken: 'x' }),
      'storage',
    ],
    [
      'a record whose tokens fail validation',
      async () => ({
        version: 1,
        sessionId: 'a-session',
        ...(await otherClientTokens()),
        receivedAt: Date.now(),
        clockSkewMs: 0,
      }),
      'invalid_token',
    ],
  ])(
    '%s ends in signedOut with an event, no throw, and is deleted',
    async (_, makeRecord, code) => {
      await startPool();
      const storage = freshStorage();
      await storage.set(KEY, await makeRecord());
      const { session, recorder } = startSession({ storage });
      await expect(session.ready).resolves.toBeUndefined();
      expect(session.getState()).toEqual({ status: 'signedOut', reason: 'invalid' });
      expect(recorder.of('error').map((event) => event.error.code)).toEqual([code]);
      expect(recorder.of('signedOut')).toEqual([{ reason: 'invalid' }]);
      expect(await storage.get(KEY)).toBeUndefined();
    },
  );

  it('with indexedDB absent runs on memory and emits storageFallback once', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const pool = await startPool();
    const fallbacks: unknown[] = [];
    const session = createSession({
      provider: cognito({ region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID }),
    });
    session.on('storageFallback', (event) => fallbacks.push(event));
    await session.ready;
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    await session.refresh();
    expect(await session.getAccessToken()).toEqual(expect.any(String));
    await session.signOut();
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatchObject({ error: { code: 'storage' } });
  });

  it('falls back to memory once when IndexedDB throws on write (quota)', async () => {
    const pool = await startPool();
    const storage = freshStorage();
    vi.spyOn(storage, 'set').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const { session, recorder } = startSession({ storage });
    await session.setTokens(await issue(pool));
    await session.refresh();
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(recorder.of('storageFallback')).toHaveLength(1);
  });
});
