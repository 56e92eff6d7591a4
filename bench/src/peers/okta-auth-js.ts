import { OktaAuth } from '@okta/okta-auth-js';
import { type Adapter, oauthTokenResponse, type TokenFixture } from './fixture.ts';

export const ISSUER = 'https://tenant.okta.example/oauth2/default';

function createClient(): OktaAuth {
  return new OktaAuth({
    issuer: ISSUER,
    clientId: 'client',
    redirectUri: 'https://app.example/callback',
    ignoreSignature: true,
    tokenManager: { autoRenew: true, autoRemove: false },
  });
}

/** OktaAuth's TokenManager (localStorage), seeded with `setTokens` as after a login. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const client = createClient();
  const common = {
    expiresAt: fixture.expiresAtSeconds,
    authorizeUrl: `${ISSUER}/v1/authorize`,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  };
  client.tokenManager.setTokens({
    accessToken: {
      ...common,
      accessToken: fixture.accessToken,
      claims: { sub: fixture.claims.sub },
      tokenType: 'Bearer',
      userinfoUrl: `${ISSUER}/v1/userinfo`,
    },
    idToken: {
      ...common,
      idToken: fixture.idToken,
      claims: { sub: fixture.claims.sub, email: fixture.claims.email },
      issuer: ISSUER,
      clientId: 'client',
    },
    refreshToken: {
      ...common,
      refreshToken: fixture.refreshToken,
      tokenUrl: `${ISSUER}/v1/token`,
      issuer: ISSUER,
    },
  });
  // No `client.start()`: its leader election needs Web Locks, which happy-dom lacks; the
  // TokenManager reads and renews without the background services.
  return {
    async getToken() {
      const token = await client.tokenManager.get('accessToken');
      if (token && 'accessToken' in token && !client.tokenManager.hasExpired(token)) {
        return token.accessToken;
      }
      // Expired: what an app does (autoRenew would do the same in the background).
      const renewed = await client.tokenManager.renew('accessToken');
      return (renewed as { accessToken: string }).accessToken;
    },
  };
}

/** The token endpoint's answer to a refresh-token grant (no ID token: nothing to verify). */
export function refreshResponse(fresh: TokenFixture) {
  return oauthTokenResponse(fresh, { id_token: undefined });
}

/** A new OktaAuth over the stored tokens (a page load); ready once the access token is read. */
export async function restore(): Promise<Adapter> {
  const client = createClient();
  const token = await client.tokenManager.get('accessToken');
  if (!token) throw new Error('no stored token');
  return {
    getToken: async () =>
      ((await client.tokenManager.get('accessToken')) as { accessToken: string }).accessToken,
  };
}
