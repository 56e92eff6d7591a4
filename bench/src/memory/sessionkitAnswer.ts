/**
 * What the `fetch` stub of memory/peerCycles.ts answers sessionkit's refresh with (adapted from
 * browser/sessionkitRefresh.ts, the tabs figure's answer). sessionkit (peers/sessionkit.ts,
 * `cognito(POOL)`, default `refreshWith`) refreshes with a POST to
 * https://cognito-idp.eu-west-1.amazonaws.com/ carrying
 * `X-Amz-Target: AWSCognitoIdentityProviderService.GetTokensFromRefreshToken` and a JSON body
 * `{ ClientId, RefreshToken }`, and validates the tokens of the answer (issuer, audience,
 * `client_id`, `token_use`, expiry), so they are minted by the testing kit's `mintTokens` for the
 * same pool and user as the seeded ones (adapters.ts `createFixture`), issued on the moved clock.
 * The answer carries a new `RefreshToken` (Cognito with rotation), as the peers' answers do.
 */
import { mintTokens } from '@sessionkit/core/testing';
import { POOL } from '../peers/sessionkit.ts';

export const SESSIONKIT_REFRESH_ENDPOINT = `https://cognito-idp.${POOL.region}.amazonaws.com/`;
export const SESSIONKIT_REFRESH_TARGET =
  'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken';

/** The user of createFixture's sessionkit tokens. */
const USER = {
  sub: '5f3a1c2e-7b1d-4c55-9d3e-2a8f6b0c1d11',
  'cognito:username': 'alice',
  email: 'alice@example.com',
};

/** One answered refresh: the body, the access token in it, the refresh token it hands out. */
export interface SessionkitAnswer {
  body: {
    AuthenticationResult: {
      IdToken: string;
      AccessToken: string;
      ExpiresIn: number;
      TokenType: 'Bearer';
      RefreshToken: string;
    };
  };
  accessToken: string;
  refreshToken: string;
}

/**
 * Checks that the request is sessionkit's `GetTokensFromRefreshToken` for POOL and returns the
 * refresh token it carries; throws (with what differs) otherwise.
 */
export function sessionkitRefreshToken(url: string, init: RequestInit | undefined): string {
  const target = new Headers(init?.headers).get('x-amz-target');
  if (url !== SESSIONKIT_REFRESH_ENDPOINT || init?.method !== 'POST') {
    throw new Error(`not the Cognito endpoint: ${init?.method ?? 'GET'} ${url}`);
  }
  if (target !== SESSIONKIT_REFRESH_TARGET) throw new Error(`X-Amz-Target ${target}`);
  const body = JSON.parse(String(init?.body ?? '{}')) as {
    ClientId?: string;
    RefreshToken?: string;
  };
  if (body.ClientId !== POOL.clientId) throw new Error(`ClientId ${body.ClientId}`);
  if (!body.RefreshToken) throw new Error('no RefreshToken in the body');
  return body.RefreshToken;
}

/** Tokens for the fixture's user issued at `nowMs`, valid `lifetimeSeconds`, in Cognito's shape. */
export async function sessionkitAnswer(
  nowMs: number,
  lifetimeSeconds = 3600,
): Promise<SessionkitAnswer> {
  const tokens = await mintTokens(USER, {
    region: POOL.region,
    userPoolId: POOL.userPoolId,
    clientId: POOL.clientId,
    lifetimeSeconds,
    now: nowMs,
  });
  const refreshToken = tokens.refreshToken!;
  return {
    body: {
      AuthenticationResult: {
        IdToken: tokens.idToken,
        AccessToken: tokens.accessToken,
        ExpiresIn: lifetimeSeconds,
        TokenType: 'Bearer',
        RefreshToken: refreshToken,
      },
    },
    accessToken: tokens.accessToken,
    refreshToken,
  };
}
