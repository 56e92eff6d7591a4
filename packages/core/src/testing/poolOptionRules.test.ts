/**
 * What createFakeUserPool.ts makes of its options and controls, each on its own: latency, token
 * lifetimes and their checks, the endpoint and the domain as given, sign-out URLs, the store a
 * `shared` pool gets, and the readers that name one user.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  DOMAIN_URL,
  fakePasskey,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';
import { createMemoryPoolStore, type PoolStore } from './poolState.js';
import { webAuthnStateOf } from './webAuthnState.js';

const { server, usePool } = setupPoolServer();

const DAY_MS = 24 * 3600 * 1000;

const refresh = (refreshToken: string | undefined, url?: string) =>
  callApi(
    'GetTokensFromRefreshToken',
    { ClientId: POOL_CONFIG.clientId, RefreshToken: refreshToken },
    url ? { url } : {},
  );

/** Turns of Node's event loop (not faked): what a request needs to be answered, timers aside. */
async function ioTurns() {
  for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Holds every timer of 100 ms or more (the pool's latency) for the test to fire: no wall-clock
 * wait. Shorter ones (the pool's own turns) run as usual.
 */
function holdLongTimers() {
  const held: Array<{ fire: () => void; ms: number }> = [];
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    fire: () => void,
    ms?: number,
    ...rest: unknown[]
  ) => {
    if (ms !== undefined && ms >= 100) {
      held.push({ fire, ms });
      return 0;
    }
    return realSetTimeout(fire, ms, ...rest);
  }) as typeof setTimeout);
  return held;
}

const lifetimeOf = (token: string) => claimsOf(token).exp - claimsOf(token).iat;

describe('latency', () => {
  it('holds every answer back for setLatency(ms), and none at 0 or below', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const held = holdLongTimers();

    pool.setLatency(1_000);
    let answered = false;
    const answer = signIn().then((result) => {
      answered = true;
      return result;
    });
    await ioTurns();
    expect(answered).toBe(false);
    expect(held.map(({ ms }) => ms)).toEqual([1_000]);
    held[0]!.fire();
    expect((await answer).AccessToken).toEqual(expect.any(String));

    for (const ms of [0, -500]) {
      pool.setLatency(ms);
      expect((await signIn()).AccessToken).toEqual(expect.any(String));
    }
    expect(held).toHaveLength(1);
  });
});

describe('settled()', () => {
  it('waits while a request is being answered, and resolves once it is', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const held = holdLongTimers();
    pool.setLatency(1_000);
    let answered = false;
    const answer = signIn().then(() => {
      answered = true;
    });
    let settled = false;
    const quiet = pool.settled().then(() => {
      settled = true;
    });
    // Far more turns than settled() waits for when nothing is in flight.
    for (let round = 0; round < 4; round += 1) await ioTurns();
    expect(held).toHaveLength(1);
    expect(settled).toBe(false);
    held[0]!.fire();
    await quiet;
    expect(answered).toBe(true);
    await answer;
  });
});

describe('token lifetimes', () => {
  it('mints ID and access tokens for setTokenLifetime(seconds) and refuses one that is not positive', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    expect(lifetimeOf((await pool.issueTokens('alice')).accessToken)).toBe(3600);
    pool.setTokenLifetime(90);
    const tokens = await pool.issueTokens('alice');
    expect(lifetimeOf(tokens.accessToken)).toBe(90);
    expect(lifetimeOf(tokens.idToken)).toBe(90);
    for (const seconds of [0, -1, Number.NaN]) {
      expect(() => pool.setTokenLifetime(seconds)).toThrow(
        new RangeError(`Token lifetime must be positive, got ${seconds}`),
      );
    }
    expect(lifetimeOf((await pool.issueTokens('alice')).accessToken)).toBe(90);
  });

  it('goes back to the tokenLifetimeSeconds option on reset()', async () => {
    const pool = usePool({ tokenLifetimeSeconds: 600 });
    pool.setTokenLifetime(60);
    await pool.reset();
    await pool.addUser(ALICE);
    expect(lifetimeOf((await pool.issueTokens('alice')).accessToken)).toBe(600);
  });

  it("keeps refresh tokens 30 days by default, as Cognito's app clients do", async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const early = await pool.issueTokens('alice');
    const late = await pool.issueTokens('alice');
    clock.advance(30 * DAY_MS - 1_000);
    expect((await refresh(early.refreshToken)).status).toBe(200);
    clock.advance(1_000);
    expect((await refresh(late.refreshToken)).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });

  it.each([0, 60])('takes a retry grace period of %i seconds', (seconds) => {
    expect(() =>
      createFakeUserPool({ ...POOL_CONFIG, retryGracePeriodSeconds: seconds }),
    ).not.toThrow();
  });

  it.each([-1, 61, Number.NaN])('refuses a retry grace period of %s seconds', (seconds) => {
    expect(() => createFakeUserPool({ ...POOL_CONFIG, retryGracePeriodSeconds: seconds })).toThrow(
      new RangeError(`retryGracePeriodSeconds must be 0–60, got ${seconds}`),
    );
  });
});

describe('endpoint and domain', () => {
  it('answers at an endpoint given without its trailing slash, and only there', async () => {
    const here = createFakeUserPool({ ...POOL_CONFIG, endpoint: 'http://localhost:9229' });
    const there = createFakeUserPool({ ...POOL_CONFIG, endpoint: 'http://localhost:9230' });
    server.use(...here.handlers, ...there.handlers);
    await there.addUser(ALICE);
    const tokens = await there.issueTokens('alice');
    expect((await refresh(tokens.refreshToken, 'http://localhost:9230/')).status).toBe(200);
    expect((await refresh(tokens.refreshToken, 'http://localhost:9229/')).json.__type).toBe(
      'NotAuthorizedException',
    );
    expect(here.requests).toHaveLength(1);
    expect(there.requests).toHaveLength(1);
  });

  it.each([
    ['demo.auth.eu-west-1.amazoncognito.com', 'https://demo.auth.eu-west-1.amazoncognito.com'],
    ['https://auth.example.com/', 'https://auth.example.com'],
    ['https://auth.example.com//', 'https://auth.example.com'],
    ['http://localhost:4000', 'http://localhost:4000'],
    ['https://auth.example.com/cognito/', 'https://auth.example.com/cognito'],
  ])('reads the domain %s as %s', (domain, domainUrl) => {
    expect(createFakeUserPool({ ...POOL_CONFIG, domain }).domainUrl).toBe(domainUrl);
  });
});

describe('sign-out URLs (/logout)', () => {
  const logout = async (logoutUri: string, clientId: string = POOL_CONFIG.clientId) => {
    const query = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri });
    const response = await fetch(`${DOMAIN_URL}/logout?${query}`, { redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location') };
  };
  const refused = (clientId: string = POOL_CONFIG.clientId) => ({
    status: 302,
    location: `${DOMAIN_URL}/error?error=invalid_request&client_id=${clientId}`,
  });

  it('takes only the registered logoutUrls, exactly', async () => {
    usePool({ logoutUrls: ['https://app.example.com/bye'] });
    expect(await logout('https://app.example.com/bye')).toEqual({
      status: 302,
      location: 'https://app.example.com/bye',
    });
    expect(await logout('https://app.example.com/bye/')).toEqual(refused());
    expect(await logout('https://app.example.com/')).toEqual(refused());
  });

  it('without logoutUrls takes any https or loopback http URL, and refuses another client', async () => {
    usePool();
    for (const uri of [
      'https://anywhere.example/',
      'http://localhost:5173/',
      'http://127.0.0.1/',
    ]) {
      expect(await logout(uri)).toEqual({ status: 302, location: uri });
    }
    expect(await logout('http://app.example.com/')).toEqual(refused());
    expect(await logout('not a url')).toEqual(refused());
    expect(await logout('https://app.example.com/', 'other-client')).toEqual(
      refused('other-client'),
    );
  });
});

describe('the store of a pool', () => {
  it('`shared: true` where there is no IndexedDB keeps the pool in memory, and works', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const pool = usePool({ shared: true });
    await pool.addUser(ALICE);
    expect((await signIn()).AccessToken).toEqual(expect.any(String));
  });

  it('loads the signing keys again after a load that failed (a store closed under it)', async () => {
    const inner = createMemoryPoolStore();
    let failures = 1;
    const storage: PoolStore = {
      transact(change) {
        if (failures-- > 0) return Promise.reject(new Error('The connection was closed.'));
        return inner.transact(change);
      },
    };
    const pool = createFakeUserPool({ ...POOL_CONFIG, storage });
    await expect(pool.getJwks()).rejects.toThrow('The connection was closed.');
    const { keys } = await pool.getJwks();
    expect(keys.map((key) => key.kid)).toEqual([expect.any(String), expect.any(String)]);
    expect(await pool.getJwks()).toEqual({ keys });
  });

  it('generates the signing keys again after a generation that failed', async () => {
    const generateKey = globalThis.crypto.subtle.generateKey.bind(globalThis.crypto.subtle);
    vi.spyOn(globalThis.crypto.subtle, 'generateKey').mockRejectedValueOnce(
      new DOMException('The operation failed.', 'OperationError'),
    );
    // A pool id of its own: the keys of a pool id are made once per realm.
    const pool = createFakeUserPool({ ...POOL_CONFIG, userPoolId: 'eu-west-1_KeyRetry1' });
    await expect(pool.getJwks()).rejects.toThrow('The operation failed.');
    vi.mocked(globalThis.crypto.subtle.generateKey).mockImplementation(generateKey);
    const { keys } = await pool.getJwks();
    expect(keys).toHaveLength(2);
  });

  it('without `shared`, two pools of one pool id keep their own users even where IndexedDB is', async () => {
    const first = createFakeUserPool({ ...POOL_CONFIG });
    const second = createFakeUserPool({ ...POOL_CONFIG });
    await first.addUser(ALICE);
    expect(await first.hasUser('alice')).toBe(true);
    expect(await second.hasUser('alice')).toBe(false);
  });
});

describe('readers that name a user', () => {
  it("sentCodes(username) lists that user's codes only; sentCodes() everybody's", async () => {
    const pool = usePool();
    for (const [username, email] of [
      ['alice', 'alice@example.com'],
      ['bob', 'bob@example.com'],
    ] as const) {
      await pool.addUser({
        username,
        password: ALICE.password,
        attributes: { email, email_verified: 'true' },
      });
      await callApi('ForgotPassword', { ClientId: POOL_CONFIG.clientId, Username: username });
    }
    expect((await pool.sentCodes('alice')).map((code) => code.username)).toEqual(['alice']);
    expect((await pool.sentCodes('bob')).map((code) => code.username)).toEqual(['bob']);
    expect((await pool.sentCodes()).map((code) => code.username)).toEqual(['alice', 'bob']);
  });
});

describe('passkeys(username)', () => {
  it("lists that user's passkeys only, oldest first, by any name the user signs in with, as copies", async () => {
    const storage = createMemoryPoolStore();
    const pool = usePool({ storage, usernameAttributes: ['email'] });
    await pool.addUser({ ...ALICE, attributes: { email: 'alice@example.com' } });
    const [alice] = Object.keys(await storage.transact((state) => state.users));
    await storage.transact((state) => {
      const credentials = webAuthnStateOf(state).credentials;
      for (const record of [
        fakePasskey('second', alice!, 2_000),
        fakePasskey('bobs', 'bob', 500),
        fakePasskey('first', alice!, 1_000),
        fakePasskey('third', alice!, 3_000),
      ]) {
        credentials[record.credentialId] = record;
      }
    });
    const listed = await pool.passkeys('alice@example.com');
    expect(listed.map((record) => record.credentialId)).toEqual(['first', 'second', 'third']);
    listed[0]!.signCount = 99;
    expect((await pool.passkeys('alice@example.com'))[0]?.signCount).toBe(0);
    expect((await pool.passkeys('bob')).map((record) => record.credentialId)).toEqual(['bobs']);
  });
});
