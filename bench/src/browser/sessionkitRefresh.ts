/**
 * Node side of sessionkit's page in the peers' method of the tabs figure (tabs.ts): what the
 * routed Cognito endpoint answers sessionkit's refresh with. sessionkit (peers/sessionkit.ts,
 * `cognito(POOL)`, default `refreshWith`) refreshes with a POST to
 * https://cognito-idp.eu-west-1.amazonaws.com/ carrying
 * `X-Amz-Target: AWSCognitoIdentityProviderService.GetTokensFromRefreshToken`, and validates the
 * tokens of the answer (issuer, audience, `token_use`, expiry), so they are minted by the testing
 * kit's `mintTokens` for the same pool and user as the seeded ones, issued at the pages' clock
 * time (which Playwright moved ahead of Node's).
 */
import type { TokenSet } from '@sessionkit/core';
import { mintTokens } from '@sessionkit/core/testing';
import { POOL } from '../peers/sessionkit.ts';

/** The endpoint and operation of sessionkit's refresh (`cognito()` defaults for POOL's region). */
export const SESSIONKIT_REFRESH_ENDPOINT = `https://cognito-idp.${POOL.region}.amazonaws.com/`;
export const SESSIONKIT_REFRESH_TARGET =
  'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken';

/** The claims of a JWT's payload (no verification: the bench minted it). */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

/** Cognito's `GetTokensFromRefreshToken` answer and the access token it carries. */
export interface SessionkitRefresh {
  body: {
    AuthenticationResult: {
      IdToken: string;
      AccessToken: string;
      ExpiresIn: number;
      TokenType: 'Bearer';
    };
  };
  accessToken: string;
}

/**
 * Tokens for the user of `seeded` (same `sub`, username and email), issued at `nowMs` (the pages'
 * clock after the jump) and valid `lifetimeSeconds`, in Cognito's answer shape. No
 * `RefreshToken`: Cognito without rotation keeps the one the client holds.
 */
export async function sessionkitRefreshResponse(
  seeded: TokenSet,
  nowMs: number,
  lifetimeSeconds = 3600,
): Promise<SessionkitRefresh> {
  const id = claimsOf(seeded.idToken);
  const tokens = await mintTokens(
    {
      sub: id.sub as string,
      'cognito:username': id['cognito:username'] as string,
      email: id.email as string,
    },
    {
      region: POOL.region,
      userPoolId: POOL.userPoolId,
      clientId: POOL.clientId,
      lifetimeSeconds,
      now: nowMs,
      withRefreshToken: false,
    },
  );
  return {
    body: {
      AuthenticationResult: {
        IdToken: tokens.idToken,
        AccessToken: tokens.accessToken,
        ExpiresIn: lifetimeSeconds,
        TokenType: 'Bearer',
      },
    },
    accessToken: tokens.accessToken,
  };
}
