import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, postForm, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

async function poolWithTokens(...args: Parameters<typeof usePool>) {
  const pool = usePool(...args);
  await pool.addUser(ALICE);
  const tokens = await pool.issueTokens('alice');
  const refresh = () =>
    fetch('https://cognito-idp.eu-west-1.amazonaws.com/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
      },
      body: JSON.stringify({ ClientId: POOL_CONFIG.clientId, RefreshToken: tokens.refreshToken }),
    });
  return { pool, tokens, refresh };
}

describe('pool.failNext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("'network' makes fetch reject, once, and leaves the refresh token valid", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('network');
    await expect(refresh()).rejects.toThrow(TypeError);
    expect((await refresh()).status).toBe(200);
  });

  it("'server' answers 500 InternalErrorException", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('server');
    const response = await refresh();
    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-errortype')).toBe('InternalErrorException:');
    expect((await response.json()).__type).toBe('InternalErrorException');
  });

  it("'throttle' answers 400 TooManyRequestsException on the API and 429 on OAuth2", async () => {
    const { pool, refresh, tokens } = await poolWithTokens();
    pool.failNext('throttle', 2);
    const response = await refresh();
    expect(response.status).toBe(400);
    expect((await response.json()).__type).toBe('TooManyRequestsException');
    const oauth = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: POOL_CONFIG.clientId,
      refresh_token: tokens.refreshToken!,
    });
    expect(oauth.status).toBe(429);
    expect((await refresh()).status).toBe(200);
  });

  it("'limit_exceeded' answers LimitExceededException, here on the operation it names only", async () => {
    const { pool, refresh } = await poolWithTokens();
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
    });
    pool.failNext('limit_exceeded', 1, { operations: ['ForgotPassword'] });
    expect((await refresh()).status).toBe(200);
    const forgot = () =>
      callApi('ForgotPassword', { ClientId: POOL_CONFIG.clientId, Username: 'alice' });
    const refused = await forgot();
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-amzn-errortype')).toBe('LimitExceededException:');
    expect(refused.json).toEqual({
      __type: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    expect((await forgot()).status).toBe(200);
  });

  it("'invalid_grant' answers NotAuthorizedException / invalid_grant", async () => {
    const { pool, refresh, tokens } = await poolWithTokens();
    pool.failNext('invalid_grant', 2);
    expect(await (await refresh()).json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    const oauth = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: POOL_CONFIG.clientId,
      refresh_token: tokens.refreshToken!,
    });
    expect(oauth.json).toEqual({ error: 'invalid_grant' });
  });

  it("'html' answers 502 with an HTML page", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('html');
    const response = await refresh();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<html>');
  });

  it("'unavailable' answers 503 with Retry-After", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('unavailable', 1, { retryAfterSeconds: 5 });
    const response = await refresh();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it("'garbage' answers 200 with a body that is not JSON", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('garbage');
    const response = await refresh();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it("'missing_tokens' answers 200 without IdToken and AccessToken", async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('missing_tokens');
    const body = await (await refresh()).json();
    expect(body.AuthenticationResult).toEqual({ ExpiresIn: 3600, TokenType: 'Bearer' });
  });

  it('leaves revocation alone unless operations name it', async () => {
    const { pool, tokens } = await poolWithTokens();
    pool.failNext('server');
    const revoke = () =>
      callApi('RevokeToken', { Token: tokens.refreshToken, ClientId: POOL_CONFIG.clientId });
    expect((await revoke()).status).toBe(200);

    pool.failNext('server', 1, { operations: ['RevokeToken'] });
    expect((await revoke()).status).toBe(500);
    expect((await revoke()).status).toBe(200);
  });

  it('applies faults in order across kinds and counts', async () => {
    const { pool, refresh } = await poolWithTokens();
    pool.failNext('server', 2);
    pool.failNext('throttle');
    expect((await refresh()).status).toBe(500);
    expect((await refresh()).status).toBe(500);
    expect((await (await refresh()).json()).__type).toBe('TooManyRequestsException');
    expect((await refresh()).status).toBe(200);
  });
});

describe('latency, request log and reset', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delays answers by setLatency through setTimeout (fake timers drive it)', async () => {
    vi.useFakeTimers();
    const { pool, refresh } = await poolWithTokens();
    pool.setLatency(5_000);
    let isSettled = false;
    const pending = refresh().then((response) => {
      isSettled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(isSettled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect((await pending).status).toBe(200);
  });

  it('logs every request with operation, lower-cased headers and parsed body', async () => {
    const clock = { now: () => 1_700_000_000_000 };
    const { pool, refresh, tokens } = await poolWithTokens({ now: clock.now });
    pool.failNext('network');
    await refresh().catch(() => undefined);
    await postForm('/oauth2/revoke', {
      token: tokens.refreshToken!,
      client_id: POOL_CONFIG.clientId,
    });

    expect(pool.requests).toEqual([
      {
        operation: 'GetTokensFromRefreshToken',
        url: 'https://cognito-idp.eu-west-1.amazonaws.com/',
        method: 'POST',
        headers: expect.objectContaining({
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
        }),
        body: { ClientId: POOL_CONFIG.clientId, RefreshToken: tokens.refreshToken },
        time: 1_700_000_000_000,
      },
      expect.objectContaining({
        operation: 'oauth2/revoke',
        body: { token: tokens.refreshToken, client_id: POOL_CONFIG.clientId },
      }),
    ]);
    pool.clearRequests();
    expect(pool.requests).toHaveLength(0);
  });

  it('reset forgets users, tokens and faults but keeps the keys', async () => {
    const { pool, refresh } = await poolWithTokens();
    const jwks = await pool.getJwks();
    pool.failNext('server');
    await pool.reset();
    const response = await refresh();
    expect(await response.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
    });
    expect(pool.requests).toHaveLength(1);
    expect(await pool.getJwks()).toEqual(jwks);
    await expect(pool.issueTokens('alice')).rejects.toThrow('no user "alice"');
  });
});
