/** MSW handlers of the pool's OpenID discovery document and JWKS (docs/cognito-wire.md §3 "Discovery"). */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { toPublicJwk } from './jwt.js';
import type { PoolContext } from './poolContext.js';

/** Creates the `/.well-known/openid-configuration` and `/.well-known/jwks.json` handlers. */
export function createDiscoveryHandlers(context: PoolContext): HttpHandler[] {
  const { issuer, domainUrl } = context.config;
  const log = (request: Request, operation: 'openid-configuration' | 'jwks') =>
    context.begin(
      {
        operation,
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers.entries()),
        body: null,
        time: context.now(),
      },
      'api',
    );
  return [
    http.get(`${issuer}/.well-known/openid-configuration`, async ({ request }) => {
      const fault = await log(request, 'openid-configuration');
      if (fault) return fault;
      return HttpResponse.json({
        ...(domainUrl
          ? {
              // No end_session_endpoint: Cognito's document has none (its /logout is not
              // RP-Initiated Logout).
              authorization_endpoint: `${domainUrl}/oauth2/authorize`,
              revocation_endpoint: `${domainUrl}/oauth2/revoke`,
              token_endpoint: `${domainUrl}/oauth2/token`,
              userinfo_endpoint: `${domainUrl}/oauth2/userInfo`,
            }
          : {}),
        id_token_signing_alg_values_supported: ['RS256'],
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['code', 'token'],
        scopes_supported: ['openid', 'email', 'phone', 'profile'],
        subject_types_supported: ['public'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }),
    http.get(`${issuer}/.well-known/jwks.json`, async ({ request }) => {
      const fault = await log(request, 'jwks');
      if (fault) return fault;
      const keys = await context.signingKeys();
      return HttpResponse.json({ keys: [toPublicJwk(keys.id), toPublicJwk(keys.access)] });
    }),
  ];
}
