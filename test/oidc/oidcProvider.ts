/**
 * A real, certified OpenID Provider (the `oidc-provider` package) on 127.0.0.1 for the OIDC
 * suite: short token lifetimes, refresh-token rotation, revocation and RP-initiated logout on,
 * PKCE required, and its development login and consent pages (any username and password).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'sessionkit-spa';
/** ID and access token lifetime: short, so that refreshes are real. */
export const OIDC_TOKEN_LIFETIME_SECONDS = 120;

export interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcProvider(appUrl: string): Promise<RunningProvider> {
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        token_endpoint_auth_method: 'none', // a public client: a browser keeps no secret
        application_type: 'native', // allows http://127.0.0.1 redirect URIs
        redirect_uris: [appUrl],
        post_logout_redirect_uris: [appUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: {
      AccessToken: OIDC_TOKEN_LIFETIME_SECONDS,
      IdToken: OIDC_TOKEN_LIFETIME_SECONDS,
      RefreshToken: 3600,
      Grant: 3600,
      Session: 3600,
      Interaction: 600,
    },
    rotateRefreshToken: true,
    // Put the scope's claims (email) in the ID token, as Cognito does, not only at userinfo.
    conformIdTokenClaims: false,
    // Refresh tokens for this client whatever the scope (no offline_access consent dance).
    issueRefreshToken: async () => true,
    clientBasedCORS: () => true,
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.com`, email_verified: true }),
    }),
    cookies: { keys: ['sessionkit-test-cookie-key'] },
  });
  const callback = provider.callback();
  handle = (request, response) => callback(request, response);

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
