import { describe, expect, it } from 'vitest';
import { base64urlToBytes } from './base64url.js';
import {
  ALICE,
  DOMAIN_URL,
  headerOf,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';

const { server, usePool } = setupPoolServer();
const ISSUER = `https://cognito-idp.${POOL_CONFIG.region}.amazonaws.com/${POOL_CONFIG.userPoolId}`;

// Verified with WebCrypto directly, not with the kit's own verifier.
async function verifiesWith(token: string, jwk: JsonWebKey): Promise<boolean> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['verify']);
  const [header, payload, signature] = token.split('.');
  return crypto.subtle.verify(
    algorithm,
    key,
    base64urlToBytes(signature ?? ''),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe('discovery and JWKS', () => {
  it('serves the OpenID configuration of the pool', async () => {
    const pool = usePool();
    const response = await fetch(`${ISSUER}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: ISSUER,
      jwks_uri: pool.jwksUri,
      authorization_endpoint: `${DOMAIN_URL}/oauth2/authorize`,
      token_endpoint: `${DOMAIN_URL}/oauth2/token`,
      revocation_endpoint: `${DOMAIN_URL}/oauth2/revoke`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(pool.issuer).toBe(ISSUER);
  });

  it('signs ID and access tokens with two different keys, both served in the JWKS', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const { IdToken, AccessToken } = await signIn();

    const jwks = await (await fetch(`${ISSUER}/.well-known/jwks.json`)).json();
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toEqual({
        kid: expect.any(String),
        alg: 'RS256',
        kty: 'RSA',
        use: 'sig',
        e: 'AQAB',
        n: expect.any(String),
      });
    }
    const idHeader = headerOf(IdToken);
    const accessHeader = headerOf(AccessToken);
    expect(idHeader.alg).toBe('RS256');
    expect(idHeader.kid).not.toBe(accessHeader.kid);

    const idKey = jwks.keys.find((key: { kid: string }) => key.kid === idHeader.kid);
    const accessKey = jwks.keys.find((key: { kid: string }) => key.kid === accessHeader.kid);
    expect(await verifiesWith(IdToken, idKey)).toBe(true);
    expect(await verifiesWith(AccessToken, accessKey)).toBe(true);
    expect(await verifiesWith(IdToken, accessKey)).toBe(false);
    expect(await pool.getJwks()).toEqual(jwks);
  });

  it('rejects a tampered token under the served key', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const { IdToken } = await signIn();
    const { keys } = await pool.getJwks();
    const [header, , signature] = IdToken.split('.');
    const forged = `${header}.${btoa('{"sub":"mallory"}').replace(/=+$/, '')}.${signature}`;
    expect(await verifiesWith(forged, keys[0] as JsonWebKey)).toBe(false);
  });

  it("serves Cognito's whole document, and without a domain no OAuth2 endpoints", async () => {
    const common = {
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    };
    usePool();
    const document = () =>
      fetch(`${ISSUER}/.well-known/openid-configuration`).then((response) => response.json());
    expect(await document()).toEqual({
      ...common,
      authorization_endpoint: `${DOMAIN_URL}/oauth2/authorize`,
      revocation_endpoint: `${DOMAIN_URL}/oauth2/revoke`,
      token_endpoint: `${DOMAIN_URL}/oauth2/token`,
      userinfo_endpoint: `${DOMAIN_URL}/oauth2/userInfo`,
    });
    const { domain: _domain, ...withoutDomain } = POOL_CONFIG;
    server.use(...createFakeUserPool(withoutDomain).handlers);
    expect(await document()).toEqual(common);
  });

  it('logs both requests by name, and takes the faults that name them', async () => {
    const pool = usePool();
    const jwks = `${ISSUER}/.well-known/jwks.json`;
    const configuration = `${ISSUER}/.well-known/openid-configuration`;
    await fetch(configuration);
    await fetch(jwks);
    expect(pool.requests.map(({ operation, method, url }) => ({ operation, method, url }))).toEqual(
      [
        { operation: 'openid-configuration', method: 'GET', url: configuration },
        { operation: 'jwks', method: 'GET', url: jwks },
      ],
    );
    pool.failNext('server', 1, { operations: ['jwks'] });
    expect((await fetch(configuration)).status).toBe(200);
    expect((await fetch(jwks)).status).toBe(500);
    pool.failNext('unavailable', 1, { operations: ['openid-configuration'] });
    expect((await fetch(jwks)).status).toBe(200);
    expect((await fetch(configuration)).status).toBe(503);
  });
});
