import {
  type AccountInfo,
  type Configuration,
  loadExternalTokens,
  PublicClientApplication,
} from '@azure/msal-browser';
import { type Adapter, oauthTokenResponse, type TokenFixture } from './fixture.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const config: Configuration = {
  auth: {
    clientId: 'a1b2c3d4-0000-0000-0000-000000000001',
    authority: `https://login.microsoftonline.com/${TENANT}`,
    knownAuthorities: ['login.microsoftonline.com'],
    // Skips the network discovery of the authority (fetch throws in this benchmark).
    authorityMetadata: JSON.stringify({
      token_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      authorization_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
      end_session_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/logout`,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    }),
  },
  cache: { cacheLocation: 'sessionStorage' },
};
const scopes = ['User.Read'];

/** PublicClientApplication whose cache was seeded with its own `loadExternalTokens()`. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const clientInfo = Buffer.from(
    JSON.stringify({ uid: fixture.claims.oid, utid: TENANT }),
  ).toString('base64url');
  await loadExternalTokens(
    config,
    { scopes, authority: config.auth.authority! },
    {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: fixture.expiresAtSeconds - Math.floor(Date.now() / 1000),
      ext_expires_in: fixture.expiresAtSeconds - Math.floor(Date.now() / 1000),
      id_token: fixture.idToken,
      access_token: fixture.accessToken,
      refresh_token: fixture.refreshToken,
      client_info: clientInfo,
    },
    {
      clientInfo,
      expiresOn: fixture.expiresAtSeconds,
      extendedExpiresOn: fixture.expiresAtSeconds,
    },
  );
  return restore();
}

/** A new PublicClientApplication over the seeded cache (a page load): initialize, find the account. */
export async function restore(): Promise<Adapter> {
  const client = new PublicClientApplication(config);
  await client.initialize();
  const account: AccountInfo | undefined = client.getAllAccounts()[0];
  if (!account) throw new Error('loadExternalTokens left no account in the cache');
  return {
    async getToken() {
      const result = await client.acquireTokenSilent({ scopes, account });
      return result.accessToken;
    },
  };
}

/** The v2.0 token endpoint's answer to a refresh-token grant. */
export function refreshResponse(fresh: TokenFixture) {
  const clientInfo = Buffer.from(JSON.stringify({ uid: fresh.claims.oid, utid: TENANT })).toString(
    'base64url',
  );
  return oauthTokenResponse(fresh, {
    scope: 'User.Read',
    client_info: clientInfo,
    ext_expires_in: 3600,
  });
}
