import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';
import { createFakeUserPool, type FakeUserPoolOptions } from './createFakeUserPool.js';
import { createSharedPoolStore } from './sharedPoolStore.js';

const { server } = setupPoolServer();

const TAB_A = 'https://tab-a.test/';
const TAB_B = 'https://tab-b.test/';

/** Two pools on one IndexedDB, as two tabs of one origin; each answers on its own endpoint. */
function openTwoTabs(options: Partial<FakeUserPoolOptions> = {}) {
  const indexedDB = new IDBFactory();
  const open = (endpoint: string) =>
    createFakeUserPool({
      ...POOL_CONFIG,
      ...options,
      endpoint,
      storage: createSharedPoolStore({ key: POOL_CONFIG.userPoolId, indexedDB }),
    });
  const tabA = open(TAB_A);
  const tabB = open(TAB_B);
  server.use(...tabA.handlers, ...tabB.handlers);
  return { tabA, tabB };
}

const refreshAt = (url: string, refreshToken: string | undefined) =>
  callApi(
    'GetTokensFromRefreshToken',
    { ClientId: POOL_CONFIG.clientId, RefreshToken: refreshToken },
    { url },
  );

describe('shared IndexedDB pool store', () => {
  it('accepts in tab B a refresh token issued by tab A, with the same signing keys', async () => {
    const { tabA, tabB } = openTwoTabs();
    await tabA.addUser(ALICE);
    const tokens = await tabA.issueTokens('alice');

    expect((await refreshAt(TAB_B, tokens.refreshToken)).status).toBe(200);
    expect(await tabB.getJwks()).toEqual(await tabA.getJwks());
  });

  it('sees in tab B a revocation made in tab A', async () => {
    const { tabA } = openTwoTabs();
    await tabA.addUser(ALICE);
    const tokens = await tabA.issueTokens('alice');
    await callApi(
      'RevokeToken',
      { Token: tokens.refreshToken, ClientId: POOL_CONFIG.clientId },
      { url: TAB_A },
    );

    const answer = await refreshAt(TAB_B, tokens.refreshToken);
    expect(answer.json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('lets exactly one of two tabs rotate the same refresh token at the same moment', async () => {
    const { tabA } = openTwoTabs({ refreshTokenRotation: true });
    await tabA.addUser(ALICE);
    const tokens = await tabA.issueTokens('alice');

    const answers = await Promise.all([
      refreshAt(TAB_A, tokens.refreshToken),
      refreshAt(TAB_B, tokens.refreshToken),
    ]);
    const types = answers.map((answer) => answer.json.__type ?? 'ok').sort();
    expect(types).toEqual(['RefreshTokenReuseException', 'ok']);
    const rotated = answers.find((answer) => answer.status === 200)?.json.AuthenticationResult
      .RefreshToken;
    expect((await refreshAt(TAB_B, rotated)).status).toBe(200);
  });

  it('is used automatically with `shared: true` where indexedDB exists', async () => {
    const userPoolId = `eu-west-1_Shared${Date.now()}`;
    const tabA = createFakeUserPool({ ...POOL_CONFIG, userPoolId, shared: true, endpoint: TAB_A });
    const tabB = createFakeUserPool({ ...POOL_CONFIG, userPoolId, shared: true, endpoint: TAB_B });
    server.use(...tabA.handlers, ...tabB.handlers);
    await tabA.addUser(ALICE);
    const tokens = await tabA.issueTokens('alice');
    expect((await refreshAt(TAB_B, tokens.refreshToken)).status).toBe(200);
  });

  it('keeps memory pools apart', async () => {
    const tabA = createFakeUserPool({ ...POOL_CONFIG, endpoint: TAB_A });
    const tabB = createFakeUserPool({ ...POOL_CONFIG, endpoint: TAB_B });
    server.use(...tabA.handlers, ...tabB.handlers);
    await tabA.addUser(ALICE);
    await tabB.addUser(ALICE);
    const tokens = await tabA.issueTokens('alice');
    expect((await refreshAt(TAB_B, tokens.refreshToken)).json.__type).toBe(
      'NotAuthorizedException',
    );
  });
});
