import { User, UserManager } from 'oidc-client-ts';
import { type Adapter, oauthTokenResponse, type TokenFixture } from './fixture.ts';

export const AUTHORITY = 'https://idp.example';

/** UserManager with the user in its default store (sessionStorage); `getUser()` reads it. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const manager = createManager();
  await manager.storeUser(
    new User({
      id_token: fixture.idToken,
      access_token: fixture.accessToken,
      refresh_token: fixture.refreshToken,
      token_type: 'Bearer',
      scope: 'openid profile email',
      expires_at: fixture.expiresAtSeconds,
      profile: {
        sub: fixture.claims.sub,
        iss: AUTHORITY,
        aud: 'client',
        exp: fixture.expiresAtSeconds,
        iat: fixture.issuedAtSeconds,
      },
    }),
  );
  return adapterOf(manager);
}

function createManager(): UserManager {
  return new UserManager({
    authority: AUTHORITY,
    client_id: 'client',
    redirect_uri: 'https://app.example/callback',
    automaticSilentRenew: false,
    metadata: {
      issuer: AUTHORITY,
      authorization_endpoint: `${AUTHORITY}/authorize`,
      token_endpoint: `${AUTHORITY}/token`,
      jwks_uri: `${AUTHORITY}/jwks`,
    },
  });
}

/** A new UserManager over what `setup` stored (a page load); ready once the user is read. */
export async function restore(): Promise<Adapter> {
  const manager = createManager();
  await manager.getUser();
  return adapterOf(manager);
}

function adapterOf(manager: UserManager): Adapter {
  return {
    async getToken() {
      let user = await manager.getUser();
      // The documented way to get a fresh token: renew (refresh token grant) when expired.
      if (!user || user.expired) user = await manager.signinSilent();
      return user!.access_token;
    },
    dispose: () => manager.clearStaleState(),
  };
}

/** The token endpoint's answer to a refresh-token grant (no ID token: nothing to re-validate). */
export function refreshResponse(fresh: TokenFixture) {
  return oauthTokenResponse(fresh, { id_token: undefined });
}
