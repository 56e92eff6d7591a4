import { describe, expect, it } from 'vitest';
import { claimsOf } from './cognitoTestClient.js';
import { verifyJwt } from './jwt.js';
import { getMintTokensJwks, MINT_DEFAULTS, mintTokens } from './mintTokens.js';

describe('mintTokens', () => {
  it('mints RS256 tokens with the Cognito claim set that verify against its JWKS', async () => {
    const now = Date.UTC(2026, 0, 1);
    const tokens = await mintTokens(
      { 'cognito:groups': ['admins'], email: 'a@example.com', 'custom:tenant': 'acme' },
      { clientId: 'abc', now },
    );
    const iat = now / 1000;
    expect(claimsOf(tokens.idToken)).toMatchObject({
      aud: 'abc',
      token_use: 'id',
      iss: `https://cognito-idp.us-east-1.amazonaws.com/${MINT_DEFAULTS.userPoolId}`,
      'cognito:username': MINT_DEFAULTS.username,
      'cognito:groups': ['admins'],
      email: 'a@example.com',
      'custom:tenant': 'acme',
      iat,
      exp: iat + 3600,
    });
    expect(claimsOf(tokens.accessToken)).toMatchObject({
      client_id: 'abc',
      token_use: 'access',
      username: MINT_DEFAULTS.username,
      'cognito:groups': ['admins'],
      sub: claimsOf(tokens.idToken).sub,
    });
    expect(claimsOf(tokens.accessToken)).not.toHaveProperty('aud');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const { keys } = await getMintTokensJwks();
    expect(await verifyJwt(tokens.idToken, keys)).not.toBeNull();
    expect(await verifyJwt(tokens.accessToken, keys)).not.toBeNull();
  });

  it('applies per-token overrides, removing claims set to undefined', async () => {
    const tokens = await mintTokens(
      {},
      {
        idClaims: { token_use: 'access', aud: 'other' },
        accessClaims: { iss: 'https://evil.example', client_id: undefined },
      },
    );
    expect(claimsOf(tokens.idToken)).toMatchObject({ token_use: 'access', aud: 'other' });
    expect(claimsOf(tokens.accessToken).iss).toBe('https://evil.example');
    expect(claimsOf(tokens.accessToken)).not.toHaveProperty('client_id');
  });

  it('mints already expired tokens from a past clock, and leaves the refresh token out on request', async () => {
    const tokens = await mintTokens(
      {},
      { now: () => Date.now() - 7_200_000, lifetimeSeconds: 300, withRefreshToken: false },
    );
    expect(claimsOf(tokens.idToken).exp * 1000).toBeLessThan(Date.now());
    expect(tokens).not.toHaveProperty('refreshToken');
  });

  it('reads a clock given as a function as one given as a number', async () => {
    const now = Date.UTC(2026, 5, 1, 8, 30);
    for (const clock of [now, () => now]) {
      const { idToken, accessToken } = await mintTokens({}, { now: clock, lifetimeSeconds: 300 });
      for (const token of [idToken, accessToken]) {
        expect(claimsOf(token)).toMatchObject({ iat: now / 1000, exp: now / 1000 + 300 });
      }
    }
  });

  it("gives a user without groups no groups claim, and the access token Cognito's admin scope", async () => {
    const { idToken, accessToken } = await mintTokens();
    expect(claimsOf(idToken)).not.toHaveProperty('cognito:groups');
    expect(claimsOf(accessToken)).not.toHaveProperty('cognito:groups');
    expect(claimsOf(accessToken).scope).toBe('aws.cognito.signin.user.admin');
  });
});
