import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  POOL_CONFIG,
  postForm,
  setupPoolServer,
} from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const refresh = (token: string | undefined) =>
  callApi('GetTokensFromRefreshToken', { ClientId: POOL_CONFIG.clientId, RefreshToken: token });

describe('refresh-token rotation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a new RefreshToken that replaces the old one', async () => {
    const pool = usePool({ refreshTokenRotation: true });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');

    const answer = await refresh(tokens.refreshToken);
    expect(answer.status).toBe(200);
    const rotated = answer.json.AuthenticationResult.RefreshToken;
    expect(rotated).toEqual(expect.any(String));
    expect(rotated).not.toBe(tokens.refreshToken);
    expect((await refresh(rotated)).status).toBe(200);
  });

  it('keeps the old token working for the grace period, then answers RefreshTokenReuseException', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const pool = usePool({ refreshTokenRotation: true, retryGracePeriodSeconds: 30 });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    expect((await refresh(tokens.refreshToken)).status).toBe(200);

    vi.setSystemTime(Date.now() + 29_000);
    const retry = await refresh(tokens.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.json.AuthenticationResult.RefreshToken).toEqual(expect.any(String));

    vi.setSystemTime(Date.now() + 1_000);
    const reuse = await refresh(tokens.refreshToken);
    expect(reuse.status).toBe(400);
    expect(reuse.headers.get('x-amzn-errortype')).toBe('RefreshTokenReuseException:');
    expect(reuse.json.__type).toBe('RefreshTokenReuseException');
    expect(reuse.json.message).toBe('Refresh Token has been rotated and is no longer valid.');
  });

  it("a rotated token's access tokens keep the scopes the sign-in was granted", async () => {
    const pool = usePool({ refreshTokenRotation: true });
    await pool.addUser(ALICE);
    const scopes = ['openid', 'email', 'aws.cognito.signin.user.admin'];
    const tokens = await pool.issueTokens('alice', { scopes });
    const first = (await refresh(tokens.refreshToken)).json.AuthenticationResult;
    const second = (await refresh(first.RefreshToken)).json.AuthenticationResult;
    expect(claimsOf(first.AccessToken).scope.split(' ')).toEqual(scopes);
    expect(claimsOf(second.AccessToken).scope.split(' ')).toEqual(scopes);
  });

  it('refuses the old token at once without a grace period', async () => {
    const pool = usePool({ refreshTokenRotation: true });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    await refresh(tokens.refreshToken);
    expect((await refresh(tokens.refreshToken)).json.__type).toBe('RefreshTokenReuseException');
  });

  it('lets the new token live only until the original would have expired', async () => {
    const clock = createClock();
    const pool = usePool({
      now: clock.now,
      refreshTokenRotation: true,
      refreshTokenLifetimeSeconds: 3600,
    });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    clock.advance(3000_000);
    const rotated = (await refresh(tokens.refreshToken)).json.AuthenticationResult.RefreshToken;
    clock.advance(600_000);
    const answer = await refresh(rotated);
    expect(answer.json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });

  it('refuses REFRESH_TOKEN_AUTH on a rotating client with a configuration error', async () => {
    const pool = usePool({ refreshTokenRotation: true });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.__type).toBe('InvalidParameterException');
    expect(answer.headers.get('x-amzn-errortype')).toBe('InvalidParameterException:');
  });

  it('rotates on the OAuth2 refresh_token grant too, and answers invalid_grant on reuse', async () => {
    const pool = usePool({ refreshTokenRotation: true });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    const grant = (refreshToken: string) =>
      postForm('/oauth2/token', {
        grant_type: 'refresh_token',
        client_id: POOL_CONFIG.clientId,
        refresh_token: refreshToken,
      });

    const answer = await grant(tokens.refreshToken!);
    expect(answer.status).toBe(200);
    expect(answer.json.refresh_token).toEqual(expect.any(String));
    expect(claimsOf(answer.json.access_token).token_use).toBe('access');
    const reuse = await grant(tokens.refreshToken!);
    expect(reuse.status).toBe(400);
    expect(reuse.json).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a grace period outside 0–60 seconds', () => {
    expect(() => usePool({ refreshTokenRotation: true, retryGracePeriodSeconds: 61 })).toThrow(
      RangeError,
    );
  });
});
