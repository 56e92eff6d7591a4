// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, refreshes against the testing kit's pool with refresh-token
 * rotation on: each `GetTokensFromRefreshToken` hands out a new refresh token, Amplify keeps it
 * and sends it next time, and the token it replaced is refused. The kit answers what Amplify
 * sends and reads.
 */
import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { callApi } from '../testing/cognitoTestClient.js';
import { useAmplify } from './amplifyHarness.js';
import { CLIENT_ID, requestsOf, startPool, USER } from './harness.js';

useAmplify();

/** The refresh token Amplify keeps for the user. */
const storedRefreshToken = () =>
  localStorage.getItem(`CognitoIdentityServiceProvider.${CLIENT_ID}.${USER.username}.refreshToken`);

describe('aws-amplify v6 refreshing against the kit', () => {
  it('keeps each rotated refresh token and sends it next; the one replaced is refused', async () => {
    const pool = await startPool({ refreshTokenRotation: true });
    await signIn({ username: USER.username, password: USER.password });
    const first = storedRefreshToken();
    expect(first).toEqual(expect.any(String));

    await fetchAuthSession({ forceRefresh: true });
    const second = storedRefreshToken();
    expect(second).not.toBe(first);
    await fetchAuthSession({ forceRefresh: true });
    const third = storedRefreshToken();
    expect(third).not.toBe(second);

    expect(
      requestsOf(pool, 'GetTokensFromRefreshToken').map(
        ({ body }) => (body as { RefreshToken: string }).RefreshToken,
      ),
    ).toEqual([first, second]);
    // Rotated out with no grace period: the first token no longer refreshes.
    expect(
      await callApi('GetTokensFromRefreshToken', { ClientId: CLIENT_ID, RefreshToken: first }),
    ).toMatchObject({ status: 400, json: { __type: 'RefreshTokenReuseException' } });
    expect((await fetchAuthSession()).tokens?.accessToken).toBeDefined();
  });
});
