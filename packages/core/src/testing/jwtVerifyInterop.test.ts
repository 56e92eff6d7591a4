/**
 * AWS's own JWT verifier for Cognito, aws-jwt-verify (a dev dependency nobody here wrote), checks
 * the kit's tokens as a back end would: the signature against the JWKS it fetches from the
 * pool's issuer, `iss` in both of Cognito's formats, `token_use`, `client_id` or `aud`, `exp`,
 * the groups and the scopes. So the kit's tokens are Cognito's shape, not one sessionkit's
 * client merely agrees with.
 */

import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  JwtInvalidScopeError,
  JwtInvalidSignatureError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { describe, expect, it } from 'vitest';
import { POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const { userPoolId, clientId } = POOL_CONFIG;
/**
 * A verifier of the pool's tokens. It fetches the JWKS with the page's `fetch`, which MSW serves
 * (its own Node fetcher holds `https.request` from before MSW patches it); which URL it asks for
 * stays its own.
 */
const verifierFor = (tokenUse: 'access' | 'id', options: object = {}) =>
  CognitoJwtVerifier.create(
    { userPoolId, tokenUse, clientId, ...options },
    {
      jwksCache: new SimpleJwksCache({
        fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() },
      }),
    },
  );

describe('aws-jwt-verify against the kit', () => {
  it("verifies a sign-in's ID and access tokens, their groups and the JWKS the pool serves", async () => {
    const pool = usePool();
    await pool.addUser({ username: 'alice', password: 'x', groups: ['admins'] });
    const tokens = await pool.issueTokens('alice');

    const access = await verifierFor('access', { groups: 'admins' }).verify(tokens.accessToken);
    expect(access).toMatchObject({
      iss: `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`,
      token_use: 'access',
      client_id: clientId,
      username: 'alice',
      'cognito:groups': ['admins'],
      scope: 'aws.cognito.signin.user.admin',
    });
    const id = await verifierFor('id').verify(tokens.idToken);
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'alice' });
    expect(id.sub).toBe(access.sub);
    // Each verifier fetched the JWKS once, where Cognito serves it.
    const jwksUri = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}/.well-known/jwks.json`;
    const jwks = pool.requests.filter(({ operation }) => operation === 'jwks');
    expect(jwks.map(({ url }) => url)).toEqual([jwksUri, jwksUri]);
  });

  it('verifies the tokens of a pool whose issuer is UPDATED, from that issuer', async () => {
    const pool = usePool({ issuer: 'updated' });
    await pool.addUser({ username: 'alice', password: 'x' });
    const tokens = await pool.issueTokens('alice');
    const issuer = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
    expect(await verifierFor('access').verify(tokens.accessToken)).toMatchObject({ iss: issuer });
    expect(await verifierFor('id').verify(tokens.idToken)).toMatchObject({ iss: issuer });
    expect(pool.requests.at(-1)?.url).toBe(`${issuer}/.well-known/jwks.json`);
  });

  it('refuses what Cognito would not have signed or a back end must not take', async () => {
    const pool = usePool({ now: () => Date.now() - 2 * 3_600_000 });
    await pool.addUser({ username: 'alice', password: 'x' });
    // Signed two hours ago by the pool clock: expired an hour ago.
    const stale = await pool.issueTokens('alice');
    await expect(verifierFor('access').verify(stale.accessToken)).rejects.toBeInstanceOf(
      JwtExpiredError,
    );

    const fresh = usePool();
    await fresh.addUser({ username: 'alice', password: 'x' });
    const tokens = await fresh.issueTokens('alice');
    const [header, payload, signature] = tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, username: 'mallory' })).toString(
      'base64url',
    );
    const refusals: Array<[Promise<unknown>, new (...args: never[]) => Error]> = [
      [verifierFor('access').verify(`${header}.${forged}.${signature}`), JwtInvalidSignatureError],
      [verifierFor('id').verify(tokens.accessToken), CognitoJwtInvalidTokenUseError],
      [verifierFor('access').verify(tokens.idToken), CognitoJwtInvalidTokenUseError],
      [
        verifierFor('access', { clientId: 'another-app' }).verify(tokens.accessToken),
        CognitoJwtInvalidClientIdError,
      ],
      [
        verifierFor('access', { groups: 'admins' }).verify(tokens.accessToken),
        CognitoJwtInvalidGroupError,
      ],
      [verifierFor('access', { scope: 'openid' }).verify(tokens.accessToken), JwtInvalidScopeError],
    ];
    for (const [verified, error] of refusals) await expect(verified).rejects.toBeInstanceOf(error);
  });
});
