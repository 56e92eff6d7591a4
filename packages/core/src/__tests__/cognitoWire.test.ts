import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { indexedDBStorage } from '../storage/indexedDbStorage.js';
import {
  CLIENT_ID,
  DOMAIN,
  issue,
  REGION,
  requestsOf,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';
import { heldTokens } from './tokenAudit.js';

const API = `https://cognito-idp.${REGION}.amazonaws.com/`;
const KEY = `cognito:${USER_POOL_ID}:${CLIENT_ID}`;

/** docs/cognito-wire.md section 1: the three headers both AWS clients send. */
function expectJsonApiHeaders(headers: Record<string, string>, operation: string) {
  expect(headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
  expect(headers['cache-control']).toBe('no-store');
}

describe('Cognito wire protocol', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('GetTokensFromRefreshToken: exact request, rotated refresh token persisted', async () => {
    const pool = await startPool({ refreshTokenRotation: true });
    const storage = indexedDBStorage({ databaseName: `wire-${Math.random()}` });
    const { session } = startSession({ storage });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    await session.refresh();

    const [request] = requestsOf(pool, 'GetTokensFromRefreshToken');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(API);
    expectJsonApiHeaders(request?.headers ?? {}, 'GetTokensFromRefreshToken');
    expect(request?.body).toEqual({ ClientId: CLIENT_ID, RefreshToken: tokens.refreshToken });

    const rotated = heldTokens(session)?.refreshToken;
    expect(rotated).toEqual(expect.any(String));
    expect(rotated).not.toBe(tokens.refreshToken);
    expect(await storage.get(KEY)).toMatchObject({ refreshToken: rotated });
    // The next refresh uses the rotated token.
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')[1]?.body).toEqual({
      ClientId: CLIENT_ID,
      RefreshToken: rotated,
    });
  });

  it('InitiateAuth REFRESH_TOKEN_AUTH: exact request, refresh token kept when none comes back', async () => {
    const pool = await startPool();
    const { session } = startSession({ cognito: { refreshWith: 'initiateAuth' } });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const state = await session.refresh();
    const [request] = requestsOf(pool, 'InitiateAuth');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(API);
    expectJsonApiHeaders(request?.headers ?? {}, 'InitiateAuth');
    expect(request?.body).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
    });
    expect(state.status === 'signedIn' && heldTokens(session)?.refreshToken).toBe(
      tokens.refreshToken,
    );
    expect(state.status === 'signedIn' && state.tokens.accessToken).not.toBe(tokens.accessToken);
  });

  it('OAuth2 /oauth2/token: exact form request, rotated refresh token persisted', async () => {
    const pool = await startPool({ refreshTokenRotation: true });
    const storage = indexedDBStorage({ databaseName: `wire-${Math.random()}` });
    const { session } = startSession({
      storage,
      cognito: { refreshWith: 'oauth2', domain: DOMAIN },
    });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    await session.refresh();
    const [request] = requestsOf(pool, 'oauth2/token');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`https://${DOMAIN}/oauth2/token`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: tokens.refreshToken,
    });
    const rotated = heldTokens(session)?.refreshToken;
    expect(rotated).not.toBe(tokens.refreshToken);
    expect(await storage.get(KEY)).toMatchObject({ refreshToken: rotated });
  });

  it('RevokeToken: exact request on sign-out without a domain, and the token is dead after', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    await session.signOut();
    const [request] = requestsOf(pool, 'RevokeToken');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(API);
    expectJsonApiHeaders(request?.headers ?? {}, 'RevokeToken');
    expect(request?.body).toEqual({ Token: tokens.refreshToken, ClientId: CLIENT_ID });

    const { session: again } = startSession();
    await again.setTokens(tokens);
    await expect(again.refresh()).rejects.toMatchObject({
      code: 'invalid_grant',
      signOutReason: 'revoked',
    });
  });

  it.each([
    ['without a domain', {}],
    ['with a domain', { domain: DOMAIN }],
  ])(
    'a client with token revocation off (no origin_jti): sign-out %s sends no revocation, which the pool would refuse',
    async (_, cognitoOptions) => {
      const pool = await startPool({ tokenRevocation: false });
      const { session } = startSession({ cognito: cognitoOptions });
      const tokens = await issue(pool);
      await session.setTokens(tokens);
      const state = session.getState();
      expect(state.status === 'signedIn' && state.accessClaims.origin_jti).toBeUndefined();
      const { session: second } = startSession({ storageKey: 'second' });
      await second.setTokens(tokens);
      await session.signOut();
      expect(requestsOf(pool, 'RevokeToken')).toHaveLength(0);
      expect(requestsOf(pool, 'oauth2/revoke')).toHaveLength(0);
      // The refresh token still works: nothing revoked it (Amplify skips revocation the same way).
      await expect(second.refresh()).resolves.toMatchObject({ status: 'signedIn' });
      // What sending it anyway would get: Cognito's refusal.
      const refused = await fetch(API, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.RevokeToken',
        },
        body: JSON.stringify({ Token: tokens.refreshToken, ClientId: CLIENT_ID }),
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ __type: 'UnsupportedOperationException' });
    },
  );

  it('/oauth2/revoke: exact form request on sign-out with a domain', async () => {
    const pool = await startPool();
    const { session } = startSession({ cognito: { domain: DOMAIN } });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    await session.signOut();
    const [request] = requestsOf(pool, 'oauth2/revoke');
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`https://${DOMAIN}/oauth2/revoke`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toEqual({ token: tokens.refreshToken, client_id: CLIENT_ID });
    expect(requestsOf(pool, 'RevokeToken')).toHaveLength(0);
  });

  it('a failed revocation does not block sign-out and is reported without throwing', async () => {
    const pool = await startPool();
    const { session, recorder } = startSession();
    await session.setTokens(await issue(pool));
    pool.failNext('server', 1, { operations: ['RevokeToken'] });
    await expect(session.signOut()).resolves.toBeUndefined();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(recorder.of('error').map((event) => event.error.code)).toEqual(['provider']);
  });

  it('signOut({ revoke: false }) sends nothing', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    pool.clearRequests();
    await session.signOut({ revoke: false });
    expect(pool.requests).toHaveLength(0);
  });

  it('honours the endpoint and issuer options', async () => {
    const endpoint = 'https://cognito.internal.example.com/';
    const pool = await startPool({ endpoint });
    const { session } = startSession({ cognito: { endpoint } });
    await session.setTokens(await issue(pool));
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')[0]?.url).toBe(endpoint);
  });
});
