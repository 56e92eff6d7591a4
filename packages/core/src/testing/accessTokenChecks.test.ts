/**
 * What the fake pool checks of an access token presented to the JSON API (`GetUser`,
 * `GlobalSignOut` and the other operations that take `AccessToken`), refused as Cognito refuses:
 * a missing one, an ID token in its place, one without the `aws.cognito.signin.user.admin` scope
 * (docs/cognito-wire.md section 1), and what `GlobalSignOut` revokes.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, postForm, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const getUser = (AccessToken: unknown) => callApi('GetUser', { AccessToken });
const refusal = (answer: { status: number; json: { __type?: string; message?: string } }) => [
  answer.status,
  answer.json.__type,
  answer.json.message,
];

describe('the access token of a JSON API call', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('%s: InvalidParameterException', async (_, token) => {
    usePool();
    expect(refusal(await getUser(token))).toEqual([
      400,
      'InvalidParameterException',
      'Missing required parameter AccessToken',
    ]);
  });

  it('an ID token in its place is an invalid access token', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    expect(refusal(await getUser(tokens.idToken))).toEqual([
      400,
      'NotAuthorizedException',
      'Invalid Access Token',
    ]);
    expect((await getUser(tokens.accessToken)).status).toBe(200);
  });

  it('one whose signature is spelled otherwise (whitespace in it, bytes the same) is invalid', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const { accessToken } = await pool.issueTokens('alice');
    const end = accessToken.length - 8;
    for (const gap of [' ', '\r\n', '\t\t']) {
      const spaced = `${accessToken.slice(0, end)}${gap}${accessToken.slice(end)}`;
      expect(refusal(await getUser(spaced))).toEqual([
        400,
        'NotAuthorizedException',
        'Invalid Access Token',
      ]);
    }
    expect((await getUser(accessToken)).status).toBe(200);
  });

  it('one without the aws.cognito.signin.user.admin scope (a hosted-UI sign-in without it) is refused', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const withoutAdmin = await pool.issueTokens('alice', { scopes: ['openid', 'email'] });
    expect(refusal(await getUser(withoutAdmin.accessToken))).toEqual([
      400,
      'NotAuthorizedException',
      'Access Token does not have required scopes',
    ]);
    const noScope = await pool.issueTokens('alice', { scopes: [] });
    expect(refusal(await getUser(noScope.accessToken))[2]).toBe(
      'Access Token does not have required scopes',
    );
  });
});

describe('GlobalSignOut', () => {
  it("revokes the user's refresh tokens and access tokens, and no other user's", async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    await pool.addUser({ username: 'bob', password: 'Another-Horse-2' });
    const alice = await pool.issueTokens('alice');
    const aliceElsewhere = await pool.issueTokens('alice');
    const bob = await pool.issueTokens('bob');
    expect((await callApi('GlobalSignOut', { AccessToken: alice.accessToken })).status).toBe(200);

    const refresh = (refreshToken: string | undefined) =>
      postForm('/oauth2/token', {
        grant_type: 'refresh_token',
        client_id: POOL_CONFIG.clientId,
        refresh_token: refreshToken ?? '',
      });
    expect((await refresh(alice.refreshToken)).json).toEqual({ error: 'invalid_grant' });
    expect((await refresh(aliceElsewhere.refreshToken)).json).toEqual({ error: 'invalid_grant' });
    expect(refusal(await getUser(aliceElsewhere.accessToken))[2]).toBe(
      'Access Token has been revoked',
    );
    expect((await refresh(bob.refreshToken)).status).toBe(200);
    expect((await getUser(bob.accessToken)).status).toBe(200);
  });

  it('revokes the access tokens of a client without token revocation too (they carry no origin_jti)', async () => {
    const pool = usePool({ tokenRevocation: false });
    await pool.addUser(ALICE);
    const before = await pool.issueTokens('alice');
    const elsewhere = await pool.issueTokens('alice');
    expect((await callApi('GlobalSignOut', { AccessToken: before.accessToken })).status).toBe(200);
    for (const tokens of [before, elsewhere]) {
      expect(refusal(await getUser(tokens.accessToken))[2]).toBe('Access Token has been revoked');
    }
    // A sign-in after it is a new one, at the same moment or later.
    const after = await pool.issueTokens('alice');
    expect((await getUser(after.accessToken)).status).toBe(200);
  });
});
