/**
 * Node side of sessionkit's refresh in the figures that fake its token endpoint (the tabs figure's
 * peers' method, the memory figure): the request to expect and the answer to give. sessionkit
 * (peers/sessionkit.ts, `cognito(POOL)`, default `refreshWith`) refreshes with a POST to
 * https://cognito-idp.eu-west-1.amazonaws.com/ carrying
 * `X-Amz-Target: AWSCognitoIdentityProviderService.GetTokensFromRefreshToken` and a JSON body
 * `{ ClientId, RefreshToken }`, and validates the tokens of the answer (issuer, audience,
 * `client_id`, `token_use`, expiry), so they are minted by the testing kit's `mintTokens` for the
 * same pool and user as the seeded ones, issued at the clock the caller gives.
 */
import type { TokenSet } from '@sessionkit/core';
import { mintTokens } from '@sessionkit/core/testing';
import { POOL } from './sessionkit.ts';

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

/** One answered refresh: the body, the access token in it and the refresh token it hands out. */
export interface SessionkitRefresh {
  body: {
    AuthenticationResult: {
      IdToken: string;
      AccessToken: string;
      ExpiresIn: number;
      TokenType: 'Bearer';
      RefreshToken?: string;
    };
  };
  accessToken: string;
  /** Set when the answer rotates the refresh token. */
  refreshToken?: string;
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

/**
 * Tokens for the user of `seeded` (same `sub`, username and email), issued at `nowMs` and valid
 * `lifetimeSeconds`, in Cognito's answer shape. With `rotate`, the answer carries a new
 * `RefreshToken` (Cognito with rotation); without, none (the client keeps the one it holds).
 */
export async function sessionkitRefreshResponse(
  seeded: TokenSet,
  nowMs: number,
  options: { rotate?: boolean; lifetimeSeconds?: number } = {},
): Promise<SessionkitRefresh> {
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
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
      withRefreshToken: options.rotate ?? false,
    },
  );
  const refresh: SessionkitRefresh = {
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
  if (options.rotate && tokens.refreshToken) {
    refresh.body.AuthenticationResult.RefreshToken = tokens.refreshToken;
    refresh.refreshToken = tokens.refreshToken;
  }
  return refresh;
}
