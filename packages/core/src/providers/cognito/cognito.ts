import { validateCognitoClaims } from '../../claims.js';
import type { TokenSet } from '../../types.js';
import { toOrigin } from '../http.js';
import { oauthError, postForm, readOAuthTokens } from '../oauth2.js';
import type { IdentityProvider, ProviderContext } from '../types.js';
import { createCognitoApi, readAuthenticationResult } from './cognitoApi.js';

/** How the Cognito provider trades a refresh token for new tokens. */
export type CognitoRefreshTransport = 'getTokensFromRefreshToken' | 'initiateAuth' | 'oauth2';

/** Options of {@link cognito}. */
export interface CognitoOptions {
  /**
   * The region whose endpoint the session calls, e.g. `eu-west-1`.
   * @default the pool's own region, the prefix of `userPoolId`
   */
  region?: string;
  /** e.g. `eu-west-1_AbC123`. */
  userPoolId: string;
  /** The app client id. A public client: a client secret has no place in a browser. */
  clientId: string;
  /**
   * The user pool domain (hosted UI / managed login), e.g. `my-app.auth.eu-west-1.amazoncognito.com`
   * or a custom domain. Needed for `refreshWith: 'oauth2'`; when set, sign-out revokes through
   * `/oauth2/revoke`.
   */
  domain?: string;
  /**
   * - `'getTokensFromRefreshToken'` (default): works with and without refresh-token rotation.
   * - `'initiateAuth'`: `REFRESH_TOKEN_AUTH`, for older set-ups; refused by rotating clients.
   * - `'oauth2'`: `/oauth2/token` on the pool domain.
   * @default 'getTokensFromRefreshToken'
   */
  refreshWith?: CognitoRefreshTransport;
  /** Replaces `https://cognito-idp.{region}.amazonaws.com/` (emulators, proxies, private endpoints). */
  endpoint?: string;
  /**
   * Replaces the expected `iss` (emulators). By default both of the pool's issuers are accepted,
   * and no other: the original `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` and the
   * updated `https://issuer-cognito-idp.{primary region}.amazonaws.com/{userPoolId}` (a pool whose
   * issuer configuration is `UPDATED`, which AWS recommends).
   */
  issuer?: string;
  /**
   * Where the hosted UI sends the user back after `signInWithRedirect` (registered as a callback
   * URL of the app client). @default the page's origin and path at the time of the call
   */
  redirectUri?: string;
  /** Scopes a redirect sign-in asks for. @default ['openid', 'email', 'profile'] */
  scopes?: string[];
}

/** The Cognito provider: what it exposes beyond {@link IdentityProvider}. */
export interface CognitoProvider extends IdentityProvider {
  /** Always `'cognito'`: what tells this provider from an `oidc()` one. */
  readonly kind: 'cognito';
  /** The region whose endpoint the session calls: the `region` option, else the pool's own. */
  readonly region: string;
  /** The user pool id, e.g. `eu-west-1_AbC123`. */
  readonly userPoolId: string;
  /** The app client id the tokens are issued to and checked against. */
  readonly clientId: string;
  /** The pool's original issuer, or the `issuer` option. */
  readonly issuer: string;
  /** Every `iss` accepted: the original and the updated issuer, or the `issuer` option alone. */
  readonly issuers: readonly string[];
  /** The JSON API address. */
  readonly endpoint: string;
  /** The pool domain as an origin (`https://…`), when configured. */
  readonly domainUrl: string | undefined;
  /** How refreshes are sent: the `refreshWith` option, `'getTokensFromRefreshToken'` by default. */
  readonly refreshWith: CognitoRefreshTransport;
  /** The `redirectUri` option: where a redirect sign-in returns, unless the call names another. */
  readonly redirectUri: string | undefined;
  /** The `scopes` option: what a redirect sign-in asks for, unless the call names others. */
  readonly scopes: readonly string[] | undefined;
}

function awsHost(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** A pool id is `<region>_<id>`, e.g. `eu-west-1_AbC123`; its region is where the pool lives. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

/**
 * Amazon Cognito user pools over their own wire protocol: plain `fetch`, no AWS SDK
 * (docs/cognito-wire.md has every request and answer).
 *
 * @example
 * ```ts
 * import { cognito, createSession } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 * });
 * ```
 */
export function cognito(options: CognitoOptions): CognitoProvider {
  const { userPoolId, clientId } = options;
  for (const [name, value] of Object.entries({ userPoolId, clientId })) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`cognito(): "${name}" is required.`);
    }
  }
  const poolRegion = POOL_ID.exec(userPoolId)?.[1];
  const region = options.region ?? poolRegion;
  if (!region) {
    throw new TypeError(
      `cognito(): "${userPoolId}" is not a pool id like "eu-west-1_AbC123"; pass "region" too.`,
    );
  }
  const refreshWith = options.refreshWith ?? 'getTokensFromRefreshToken';
  const domainUrl = options.domain ? toOrigin(options.domain) : undefined;
  if (refreshWith === 'oauth2' && !domainUrl) {
    throw new TypeError('cognito(): refreshWith "oauth2" needs the user pool "domain".');
  }
  const endpoint = options.endpoint ?? `https://cognito-idp.${region}.${awsHost(region)}/`;
  const issuer = options.issuer ?? `https://cognito-idp.${region}.${awsHost(region)}/${userPoolId}`;
  const primary = poolRegion ?? region;
  const issuers = options.issuer
    ? [options.issuer]
    : [issuer, `https://issuer-cognito-idp.${primary}.${awsHost(primary)}/${userPoolId}`];

  const callApi = createCognitoApi(endpoint);

  // With device tracking on, Cognito refuses a refresh without the device key
  // (docs/cognito-wire.md section 7); the access token carries it as `device_key`.
  const transports: Record<
    CognitoRefreshTransport,
    (refreshToken: string, context: ProviderContext, deviceKey?: string) => Promise<TokenSet>
  > = {
    async getTokensFromRefreshToken(refreshToken, context, deviceKey) {
      const operation = 'GetTokensFromRefreshToken';
      const input = { ClientId: clientId, RefreshToken: refreshToken, DeviceKey: deviceKey };
      return readAuthenticationResult(await callApi(context, operation, input), operation);
    },
    async initiateAuth(refreshToken, context, deviceKey) {
      const operation = 'InitiateAuth';
      const input = {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
      };
      return readAuthenticationResult(await callApi(context, operation, input), operation);
    },
    async oauth2(refreshToken, context) {
      const url = `${domainUrl}/oauth2/token`;
      const host = new URL(url).host;
      const response = await postForm(context, url, {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: refreshToken,
      });
      if (!response.ok) throw oauthError(response, context.now(), host);
      return readOAuthTokens(response, host);
    },
  };

  return {
    kind: 'cognito',
    id: `cognito:${userPoolId}:${clientId}`,
    region,
    userPoolId,
    clientId,
    issuer,
    issuers,
    endpoint,
    domainUrl,
    refreshWith,
    redirectUri: options.redirectUri,
    scopes: options.scopes,
    refresh: (refreshToken, context, accessClaims) => {
      const deviceKey = accessClaims?.device_key;
      return transports[refreshWith](refreshToken, context, deviceKey || undefined);
    },
    async revoke(tokens, snapshot, context) {
      const refreshToken = tokens.refreshToken;
      if (!refreshToken) return;
      // Only clients with token revocation enabled put origin_jti in their tokens; for the others
      // RevokeToken fails, so skip it as Amplify does (docs/cognito-wire.md section 3, Revocation).
      if (!snapshot.accessClaims.origin_jti) return;
      if (domainUrl) {
        const url = `${domainUrl}/oauth2/revoke`;
        const response = await postForm(context, url, { token: refreshToken, client_id: clientId });
        if (!response.ok) throw oauthError(response, context.now(), new URL(url).host);
        return;
      }
      await callApi(context, 'RevokeToken', { Token: refreshToken, ClientId: clientId });
    },
    validate(snapshot, expected) {
      validateCognitoClaims(snapshot, { issuers, clientId, ...expected });
    },
  };
}
