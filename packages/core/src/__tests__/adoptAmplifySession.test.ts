/**
 * adoptAmplifySession against Amplify v6's keys as its token store writes them (the key names,
 * the raw username in the key, `clockDrift` as a decimal string), on the fake pool. The run of a
 * real aws-amplify is in amplifyAdoption.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isSessionError, type SessionError } from '../errors.js';
import { adoptAmplifySession } from '../flows/adoptAmplifySession.js';
import {
  ADOPT_AS_IS_WITHIN_MS,
  type AmplifyKeyStorage,
  canAdoptAsIs,
  parseClockDrift,
  readAmplifyKeys,
} from '../flows/amplifyKeys.js';
import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { deviceStore, type RememberedDevice } from '../storage/deviceStore.js';
import { createFakeUserPool } from '../testing/index.js';
import type { TokenSet } from '../types.js';
import {
  CLIENT_ID,
  issue,
  REGION,
  rememberTokens,
  requestsOf,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';
import { heldTokens, publicTokens } from './tokenAudit.js';

useMsw();

const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const DEVICE: RememberedDevice = {
  deviceKey: `${REGION}_0f1e2d3c-device`,
  deviceGroupKey: '-gRoUp1',
  devicePassword: 'device-password-never-shown',
};

/** One clock for the pool and the session, so a test can move both on (the tokens' age). */
let offsetMs = 0;
const now = () => Date.now() + offsetMs;
beforeEach(() => {
  offsetMs = 0;
});

/** A Web Storage lookalike over a Map, as `localStorage` behaves. */
function webStorage(): AmplifyKeyStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    removeItem: (key) => void entries.delete(key),
  };
}

/** Writes what Amplify's token store writes after a sign-in of `username` (at `now()`). */
function writeAmplifyKeys(
  storage: ReturnType<typeof webStorage>,
  tokens: TokenSet,
  options: { username?: string; device?: RememberedDevice; clientId?: string } = {},
): void {
  const username = options.username ?? USER.username;
  const prefix = `CognitoIdentityServiceProvider.${options.clientId ?? CLIENT_ID}`;
  const iat = JSON.parse(atob(tokens.accessToken.split('.')[1]!)).iat as number;
  const values: Record<string, string | undefined> = {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken: tokens.refreshToken,
    clockDrift: `${iat * 1000 - now()}`,
    signInDetails: JSON.stringify({ loginId: username, authFlowType: 'USER_SRP_AUTH' }),
    deviceKey: options.device?.deviceKey,
    deviceGroupKey: options.device?.deviceGroupKey,
    randomPasswordKey: options.device?.devicePassword,
  };
  storage.entries.set(`${prefix}.LastAuthUser`, username);
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) storage.entries.set(`${prefix}.${username}.${name}`, value);
  }
}

async function setUp() {
  const pool = await startPool({ now });
  const { session } = startSession({ now });
  await session.ready;
  const storage = webStorage();
  return { pool, session, storage };
}

const amplifyKeysLeft = (storage: ReturnType<typeof webStorage>) =>
  [...storage.entries.keys()].filter((key) => key.startsWith(`${PREFIX}.`));

async function rejection(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isSessionError(error)) throw new Error(`expected a SessionError, got ${String(error)}`);
  return error;
}

const deviceOf = (session: Session, username: string) =>
  deviceStore(internalsOf(session), USER_POOL_ID).load(username);

describe('adoptAmplifySession: adopting', () => {
  it('adopts fresh tokens with no request, keeps the device, then removes every Amplify key', async () => {
    const { pool, session, storage } = await setUp();
    const tokens = await issue(pool);
    writeAmplifyKeys(storage, tokens, { device: DEVICE });
    storage.entries.set('unrelated', 'kept');
    pool.clearRequests();

    const result = await adoptAmplifySession(session, { storage });

    expect(result).toMatchObject({ adopted: true, refreshed: false, device: true });
    expect(pool.requests).toEqual([]);
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(tokens));
    expect(result.adopted && result.user['cognito:username']).toBe(USER.username);
    expect(await deviceOf(session, USER.username)).toEqual(DEVICE);
    expect(amplifyKeysLeft(storage)).toEqual([]);
    expect(storage.entries.get('unrelated')).toBe('kept');
  });

  it('refreshes tokens Amplify received long ago before adopting them, sending the device key', async () => {
    const { pool, session, storage } = await setUp();
    const tokens = await issue(pool);
    writeAmplifyKeys(storage, tokens, { device: DEVICE });
    offsetMs = 20 * 60_000; // the user comes back 20 minutes later
    pool.clearRequests();

    const result = await adoptAmplifySession(session, { storage });

    expect(result).toMatchObject({ adopted: true, refreshed: true, device: true });
    const refreshes = requestsOf(pool, 'GetTokensFromRefreshToken');
    expect(pool.requests).toHaveLength(1);
    expect(refreshes[0]?.body).toMatchObject({
      RefreshToken: tokens.refreshToken,
      DeviceKey: DEVICE.deviceKey,
    });
    const state = session.getState();
    if (state.status !== 'signedIn') throw new Error('not signed in');
    rememberTokens(state.tokens);
    expect(state.tokens.accessToken).not.toBe(tokens.accessToken);
    expect(heldTokens(session)?.refreshToken).toBe(tokens.refreshToken);
    expect(state.hasRefreshToken).toBe(true);
    // Measured from the fresh tokens: a full hour ahead, not the 40 minutes the old ones had.
    expect(state.expiresAt - now()).toBeGreaterThan(59 * 60_000);
    expect(amplifyKeysLeft(storage)).toEqual([]);
  });

  it('adopts tokens just inside the as-is window without a request, and refreshes just outside it', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool));
    offsetMs = ADOPT_AS_IS_WITHIN_MS - 1_000;
    pool.clearRequests();
    expect(await adoptAmplifySession(session, { storage })).toMatchObject({ refreshed: false });
    expect(pool.requests).toEqual([]);

    const other = startSession({ now, storageKey: 'second' }).session;
    await other.ready;
    writeAmplifyKeys(storage, await issue(pool));
    offsetMs += ADOPT_AS_IS_WITHIN_MS + 1_000;
    expect(await adoptAmplifySession(other, { storage })).toMatchObject({ refreshed: true });
  });

  it('finds keys under the username Amplify wrote, unencoded, and keeps the device under the token username', async () => {
    const { pool, session, storage } = await setUp();
    // What the user typed at an email-alias sign-in, as Amplify's LastAuthUser holds it.
    const typed = 'Alice.O+Test@Example.com %41';
    writeAmplifyKeys(storage, await issue(pool), { username: typed, device: DEVICE });
    const encodedSibling = `${PREFIX}.${encodeURIComponent(typed)}.accessToken`;
    storage.entries.set(encodedSibling, 'not Amplify’s');

    const result = await adoptAmplifySession(session, { storage });

    expect(result).toMatchObject({ adopted: true, device: true });
    expect(await deviceOf(session, USER.username)).toEqual(DEVICE);
    expect(await deviceOf(session, typed)).toBeUndefined();
    expect(amplifyKeysLeft(storage)).toEqual([encodedSibling]);
  });

  it('adopts without a device when one of its three keys is missing, and removes the others', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool), { device: DEVICE });
    storage.entries.delete(`${PREFIX}.${USER.username}.randomPasswordKey`);

    expect(await adoptAmplifySession(session, { storage })).toMatchObject({ device: false });
    expect(await deviceOf(session, USER.username)).toBeUndefined();
    expect(amplifyKeysLeft(storage)).toEqual([]);
  });
});

describe('adoptAmplifySession: nothing to adopt', () => {
  it("reports 'none' without keys, for another client's keys, and without localStorage", async () => {
    const { pool, session, storage } = await setUp();
    expect(await adoptAmplifySession(session, { storage })).toEqual({
      adopted: false,
      reason: 'none',
    });
    writeAmplifyKeys(storage, await issue(pool), { clientId: 'another-client' });
    expect(await adoptAmplifySession(session, { storage })).toEqual({
      adopted: false,
      reason: 'none',
    });
    expect(storage.entries.size).toBeGreaterThan(0);
    expect('localStorage' in globalThis).toBe(false);
    expect(await adoptAmplifySession(session)).toEqual({ adopted: false, reason: 'none' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
  });

  it.each(['idToken', 'accessToken', 'refreshToken'])(
    "reports 'incomplete' without the %s and leaves every key",
    async (missing) => {
      const { pool, session, storage } = await setUp();
      writeAmplifyKeys(storage, await issue(pool));
      storage.entries.delete(`${PREFIX}.${USER.username}.${missing}`);
      const before = new Map(storage.entries);
      pool.clearRequests();

      expect(await adoptAmplifySession(session, { storage })).toEqual({
        adopted: false,
        reason: 'incomplete',
      });
      expect(storage.entries).toEqual(before);
      expect(pool.requests).toEqual([]);
      expect(session.getState().status).toBe('signedOut');
    },
  );
});

describe('adoptAmplifySession: refusals', () => {
  it("rejects another client's tokens with invalid_token, sends nothing and keeps Amplify's keys", async () => {
    const { pool, session, storage } = await setUp();
    const otherClient = createFakeUserPool({
      region: REGION,
      userPoolId: USER_POOL_ID,
      clientId: 'x',
    });
    await otherClient.addUser(USER);
    const foreign = await otherClient.issueTokens(USER.username);
    rememberTokens(foreign);
    writeAmplifyKeys(storage, foreign, { device: DEVICE });
    offsetMs = 20 * 60_000; // stale too: a refresh would be due, and must not be sent
    const before = new Map(storage.entries);
    pool.clearRequests();

    const error = await rejection(adoptAmplifySession(session, { storage }));

    expect(error.code).toBe('invalid_token');
    expect(error.message).toMatch(/Amplify's stored session cannot be adopted.*another app client/);
    expect(error.cause).toMatchObject({ name: 'SessionError', code: 'invalid_token' });
    for (const token of Object.values(foreign)) expect(error.message).not.toContain(token);
    expect(storage.entries).toEqual(before);
    expect(pool.requests).toEqual([]);
    expect(session.getState().status).toBe('signedOut');
    expect(await deviceOf(session, USER.username)).toBeUndefined();
  });

  it('rejects malformed tokens with invalid_token and keeps the keys', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool));
    storage.entries.set(`${PREFIX}.${USER.username}.idToken`, 'not-a-jwt');
    const error = await rejection(adoptAmplifySession(session, { storage }));
    expect(error.code).toBe('invalid_token');
    expect(amplifyKeysLeft(storage)).toHaveLength(6);
  });

  it('rejects with a storage error when the storage throws, changing nothing', async () => {
    const { session } = await setUp();
    const blocked: AmplifyKeyStorage = {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      removeItem: () => {},
    };
    const error = await rejection(adoptAmplifySession(session, { storage: blocked }));
    expect(error.code).toBe('storage');
    expect(error.message).toBe("Reading Amplify's session from storage failed.");
    expect((error.cause as DOMException).name).toBe('SecurityError');
    expect(session.getState().status).toBe('signedOut');
  });

  it('still reports the adoption when the storage refuses to remove the keys', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool));
    const stubborn = {
      ...storage,
      removeItem: () => {
        throw new Error('read-only');
      },
    };
    expect(await adoptAmplifySession(session, { storage: stubborn })).toMatchObject({
      adopted: true,
    });
    expect(session.getState().status).toBe('signedIn');
  });

  it('rejects with the refresh error on a network failure and keeps the keys for next time', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool), { device: DEVICE });
    offsetMs = 2 * 3600_000; // expired by Amplify's measure
    const before = new Map(storage.entries);
    pool.failNext('network');

    const error = await rejection(adoptAmplifySession(session, { storage }));

    expect(error.code).toBe('network');
    expect(storage.entries).toEqual(before);
    expect(session.getState().status).toBe('signedOut');
  });

  it("reports 'expired' when Cognito refuses the refresh token: keys removed, device kept", async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool), { device: DEVICE });
    offsetMs = 2 * 3600_000;
    pool.failNext('invalid_grant');

    expect(await adoptAmplifySession(session, { storage })).toEqual({
      adopted: false,
      reason: 'expired',
    });
    expect(amplifyKeysLeft(storage)).toEqual([]);
    expect(await deviceOf(session, USER.username)).toEqual(DEVICE);
    expect(session.getState().status).toBe('signedOut');
  });
});

describe('adoptAmplifySession: a session already signed in', () => {
  it("keeps the session's own tokens and removes Amplify's", async () => {
    const { pool, session, storage } = await setUp();
    await pool.addUser({ username: 'bob', password: 'Bob-Passw0rd!' });
    const own = await issue(pool);
    await session.setTokens(own);
    const bobs = await pool.issueTokens('bob');
    rememberTokens(bobs);
    writeAmplifyKeys(storage, bobs, { username: 'bob', device: DEVICE });
    pool.clearRequests();

    expect(await adoptAmplifySession(session, { storage })).toEqual({
      adopted: false,
      reason: 'signedIn',
    });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(own));
    expect(amplifyKeysLeft(storage)).toEqual([]);
    expect(pool.requests).toEqual([]);
    expect(await deviceOf(session, 'bob')).toBeUndefined();
  });

  it('lets a sign-in that finishes during the refresh win', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool));
    offsetMs = 20 * 60_000;
    pool.setLatency(300);
    const adoption = adoptAmplifySession(session, { storage });
    const own = await issue(pool);
    await session.setTokens(own);

    expect(await adoption).toEqual({ adopted: false, reason: 'signedIn' });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(own));
    expect(amplifyKeysLeft(storage)).toEqual([]);
  });

  it('lets a sign-in that overtakes the adoption while it is stored win', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool));
    const own = await issue(pool);
    const internals = internalsOf(session);
    const establish = internals.establish;
    // establish() returns the state of the sign-in that came after it (src/session/signInOut.ts).
    vi.spyOn(internals, 'establish').mockImplementationOnce(async (tokens, expected) => {
      const adopting = establish(tokens, expected);
      await session.setTokens(own);
      await adopting;
      return session.getState();
    });

    expect(await adoptAmplifySession(session, { storage })).toEqual({
      adopted: false,
      reason: 'signedIn',
    });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.tokens).toEqual(publicTokens(own));
    expect(amplifyKeysLeft(storage)).toEqual([]);
  });

  it('rejects with signed_out and keeps the keys when a sign-out overtakes the adoption', async () => {
    const { pool, session, storage } = await setUp();
    writeAmplifyKeys(storage, await issue(pool), { device: DEVICE });
    const internals = internalsOf(session);
    vi.spyOn(internals, 'establish').mockResolvedValueOnce({ status: 'signedOut', reason: 'user' });

    const error = await rejection(adoptAmplifySession(session, { storage }));
    expect(error).toMatchObject({
      code: 'signed_out',
      message: "Adopting Amplify's session was overtaken by a sign-out or another sign-in.",
    });
    expect(amplifyKeysLeft(storage)).toHaveLength(9);
    expect(await deviceOf(session, USER.username)).toBeUndefined();
  });

  it('refuses anything but a session made by createSession', async () => {
    const notASession = { getState: () => ({ status: 'signedOut', reason: null }) } as never;
    await expect(adoptAmplifySession(notASession, { storage: webStorage() })).rejects.toThrow(
      'Expected a session made by createSession() as the first argument.',
    );
  });

  it('refuses a session whose provider is not cognito()', async () => {
    const { session } = startSession({
      provider: {
        id: 'other',
        refresh: async () => ({ idToken: '', accessToken: '' }),
        revoke: async () => {},
        validate: () => {},
      },
    });
    const error = await rejection(adoptAmplifySession(session, { storage: webStorage() }));
    expect(error.code).toBe('provider');
    expect(error.message).toBe('adoptAmplifySession() needs the cognito() provider.');
  });
});

describe('amplifyKeys (pure)', () => {
  it("reads Amplify's clockDrift string, a missing or unreadable one as 0", () => {
    expect(parseClockDrift('-678')).toBe(-678);
    expect(parseClockDrift('1200')).toBe(1200);
    expect(parseClockDrift(null)).toBe(0);
    expect(parseClockDrift('NaN')).toBe(0);
  });

  it('adopts as is only tokens whose measured skew matches Amplify’s and that have not expired', () => {
    const now = 1_000_000;
    // Just received: the session measures what Amplify measured.
    expect(canAdoptAsIs({ clockSkewMs: -500, expiresAt: now + 3_600_000 }, -500, now)).toBe(true);
    // Received an hour ago: measured 3,600 s off, and by Amplify's drift expired.
    expect(canAdoptAsIs({ clockSkewMs: -3_600_500, expiresAt: now + 3_600_000 }, -500, now)).toBe(
      false,
    );
    // A device clock 5 minutes off changes nothing when Amplify measured it too.
    expect(canAdoptAsIs({ clockSkewMs: 300_000, expiresAt: now + 60_000 }, 300_000, now)).toBe(
      true,
    );
    // Within the window but expired (a token of a few seconds' lifetime).
    expect(canAdoptAsIs({ clockSkewMs: 0, expiresAt: now + 2_000 }, 4_000, now)).toBe(false);
    expect(canAdoptAsIs({ clockSkewMs: 0, expiresAt: now + 5_000 }, 4_000, now)).toBe(true);
  });

  it.each<[string, number, number, boolean]>([
    ['the window to the millisecond', ADOPT_AS_IS_WITHIN_MS, 3_600_000, true],
    ['a millisecond past the window', ADOPT_AS_IS_WITHIN_MS + 1, 3_600_000, false],
    ['the window the other way', -ADOPT_AS_IS_WITHIN_MS, 3_600_000, true],
    ['expiring exactly now by Amplify’s drift', 1_000, -1_000, false],
    ['a millisecond before that', 1_000, -999, true],
  ])('adopts as is at its edges: %s', (_, error, expiresIn, asIs) => {
    const now = 1_000_000;
    expect(canAdoptAsIs({ clockSkewMs: error, expiresAt: now + expiresIn }, 0, now)).toBe(asIs);
  });

  it('reads a complete set of keys, the clock drift, and a device only with its three keys', () => {
    const storage = webStorage();
    const set = (name: string, value: string) =>
      storage.entries.set(`${PREFIX}.bob.${name}`, value);
    expect(readAmplifyKeys(storage, CLIENT_ID)).toEqual({ kind: 'none' });
    storage.entries.set(`${PREFIX}.LastAuthUser`, 'bob');
    set('idToken', 'i');
    set('accessToken', 'a');
    expect(readAmplifyKeys(storage, CLIENT_ID)).toEqual({ kind: 'incomplete', username: 'bob' });
    set('refreshToken', 'r');
    set('clockDrift', '-1200');
    set('deviceKey', 'k');
    expect(readAmplifyKeys(storage, CLIENT_ID)).toEqual({
      kind: 'complete',
      username: 'bob',
      tokens: { idToken: 'i', accessToken: 'a', refreshToken: 'r' },
      clockDriftMs: -1200,
      device: undefined,
    });
    set('deviceGroupKey', 'g');
    expect(readAmplifyKeys(storage, CLIENT_ID)).toMatchObject({ device: undefined });
    set('randomPasswordKey', 'p');
    expect(readAmplifyKeys(storage, CLIENT_ID)).toMatchObject({
      device: { deviceKey: 'k', deviceGroupKey: 'g', devicePassword: 'p' },
    });
    storage.entries.delete(`${PREFIX}.bob.deviceKey`);
    expect(readAmplifyKeys(storage, CLIENT_ID)).toMatchObject({ device: undefined });
  });
});
