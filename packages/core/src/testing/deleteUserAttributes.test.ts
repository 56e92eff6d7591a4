/**
 * The fake pool's `DeleteUserAttributes`: authorised by the access token as `GetUser` is, the
 * attributes go (with an address's verification mark, its pending code and an alias it was), and
 * the refusals of `UpdateUserAttributes` apply.
 */
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  attributesOf,
  callApi,
  claimsOf,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const remove = (AccessToken: string, UserAttributeNames: unknown) =>
  callApi('DeleteUserAttributes', { AccessToken, UserAttributeNames });

describe('DeleteUserAttributes', () => {
  it('removes the attributes, an email address with its mark; the next tokens lack them', async () => {
    const pool = usePool();
    await pool.addUser({
      ...ALICE,
      attributes: {
        email: 'alice@example.com',
        email_verified: 'true',
        name: 'Alice',
        'custom:tenant': 'acme',
      },
    });
    const { AccessToken, RefreshToken } = await signIn();
    const answer = await remove(AccessToken, ['email', 'custom:tenant']);
    expect(answer).toMatchObject({ status: 200, json: {} });
    const left = await attributesOf(AccessToken);
    expect(left).toEqual({ sub: expect.any(String), name: 'Alice' });
    const refreshed = await callApi('GetTokensFromRefreshToken', {
      ClientId: POOL_CONFIG.clientId,
      RefreshToken,
    });
    const claims = claimsOf(refreshed.json.AuthenticationResult.IdToken);
    expect(claims.name).toBe('Alice');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('email_verified');
    expect(claims).not.toHaveProperty('custom:tenant');
  });

  it('an email alias goes with the address: signing in with it finds nobody', async () => {
    const pool = usePool({ aliasAttributes: ['email'] });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
    });
    expect(await signIn('alice@example.com')).toMatchObject({ AccessToken: expect.any(String) });
    const { AccessToken } = await signIn();
    await remove(AccessToken, ['email']);
    const byAlias = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: ALICE.password },
    });
    expect(byAlias.json.__type).toBe('UserNotFoundException');
  });

  it('a new address waiting for its code goes with the old one, and so does the code', async () => {
    const pool = usePool({ attributesRequireVerificationBeforeUpdate: ['email'] });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
    });
    const { AccessToken } = await signIn();
    await callApi('UpdateUserAttributes', {
      AccessToken,
      UserAttributes: [{ Name: 'email', Value: 'alice@new.example' }],
    });
    const code = await pool.lastCode('alice', 'EMAIL');
    await remove(AccessToken, ['email']);
    const verified = await callApi('VerifyUserAttribute', {
      AccessToken,
      AttributeName: 'email',
      Code: code,
    });
    expect(verified.json.__type).toBe('ExpiredCodeException');
    expect(await attributesOf(AccessToken)).not.toHaveProperty('email');
  });

  it('refuses what cannot be deleted, a missing or empty list, and a bad token, changing nothing', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, attributes: { name: 'Alice' } });
    const { AccessToken } = await signIn();
    expect((await remove(AccessToken, ['name', 'sub', 'favourite_colour'])).json).toEqual({
      __type: 'InvalidParameterException',
      message:
        'user.sub: Attribute cannot be deleted.\nuser.favourite_colour: Attribute does not exist in the schema.\n',
    });
    expect((await remove(AccessToken, undefined)).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Missing required parameter UserAttributeNames',
    });
    expect((await remove(AccessToken, [])).json.__type).toBe('InvalidParameterException');
    expect((await remove('not-a-token', ['name'])).json.__type).toBe('NotAuthorizedException');
    expect(await attributesOf(AccessToken)).toMatchObject({ name: 'Alice' });
  });
});
