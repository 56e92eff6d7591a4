import { Auth0Client, type ICache } from '@auth0/auth0-spa-js';
import { type Adapter, makeJwt, oauthTokenResponse, type TokenFixture } from './fixture.ts';

export const SCOPE = 'openid profile email offline_access';

/** The cache entries auth0-spa-js holds after a login (key, value), for any cache location. */
export function cacheEntries(fixture: TokenFixture): [string, unknown][] {
  const claims = {
    __raw: fixture.idToken,
    sub: fixture.claims.sub,
    email: fixture.claims.email,
    iss: 'https://tenant.example.com/',
    aud: 'client',
    exp: fixture.expiresAtSeconds,
    iat: fixture.issuedAtSeconds,
  };
  const body = {
    client_id: 'client',
    audience: 'default',
    scope: SCOPE,
    access_token: fixture.accessToken,
    id_token: fixture.idToken,
    refresh_token: fixture.refreshToken,
    expires_in: 3600,
    token_type: 'Bearer',
    decodedToken: { claims, user: { sub: claims.sub, email: claims.email } },
  };
  return [
    [`@@auth0spajs@@::client::default::${SCOPE}`, { body, expiresAt: fixture.expiresAtSeconds }],
    [
      '@@auth0spajs@@::client::@@user@@',
      { id_token: fixture.idToken, decodedToken: body.decodedToken },
    ],
  ];
}

/** An in-memory ICache (what `cacheLocation: 'memory'` does), seeded as after a login. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const entries = new Map<string, unknown>();
  const cache: ICache = {
    get: <T>(key: string) => entries.get(key) as T | undefined,
    set: (key, value) => {
      entries.set(key, value);
    },
    remove: (key) => {
      entries.delete(key);
    },
    allKeys: () => [...entries.keys()],
  };
  for (const [key, value] of cacheEntries(fixture)) entries.set(key, value);
  const client = new Auth0Client({
    domain: 'tenant.example.com',
    clientId: 'client',
    cache,
    useRefreshTokens: true,
  });
  return { getToken: async () => (await client.getTokenSilently()) as string };
}

/** `/oauth/token`'s answer to a refresh-token grant, with an ID token auth0-spa-js accepts. */
export function refreshResponse(fresh: TokenFixture) {
  const idToken = makeJwt({
    iss: 'https://tenant.example.com/',
    aud: 'client',
    sub: fresh.claims.sub,
    email: fresh.claims.email,
    exp: fresh.expiresAtSeconds,
    iat: fresh.issuedAtSeconds,
  });
  return oauthTokenResponse(fresh, { id_token: idToken });
}
