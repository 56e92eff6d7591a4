/**
 * The demo's "API": one MSW handler, `GET /api/profile`, that does what a real API behind
 * Cognito does — verify the bearer with aws-jwt-verify and accept access tokens only.
 *
 * Cognito's documentation draws the line: the ID token tells the *client* who signed in; the
 * access token authorizes calls to *APIs* (it carries `client_id` and `scope`, not `aud`). A
 * verifier created with `tokenUse: 'access'` refuses an ID token even though both are signed by
 * the same pool, and the page shows that refusal.
 */
import type { FakeUserPool } from '@sessionkit/core/testing';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { PoolConfig } from './config';
import type { DemoApiProfile, DemoApiRefusal } from './demoApiContract';
import { DEMO_API_PATH } from './demoApiContract';

/**
 * Creates the API handler. The JWKS is read from the pool once, here, and handed to the
 * verifier's cache, so verifying never fetches `jwks.json` from inside a worker request.
 */
export async function createDemoApi(pool: FakeUserPool, config: PoolConfig): Promise<HttpHandler> {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    tokenUse: 'access',
  });
  // The fake pool's tokens carry Cognito's own issuer URL, so the Cognito verifier takes them.
  const jwks = await pool.getJwks();
  verifier.cacheJwks({ keys: jwks.keys.map((key) => ({ ...key })) });

  return http.get(DEMO_API_PATH, async ({ request }) => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer) return refuse('The request has no bearer token.');
    try {
      const claims = await verifier.verify(bearer);
      const profile: DemoApiProfile = {
        message: `Hello ${claims.username}: your access token was accepted.`,
        username: claims.username,
        sub: claims.sub,
        groups: claims['cognito:groups'] ?? [],
        scope: claims.scope ?? '',
        exp: claims.exp,
      };
      return HttpResponse.json(profile);
    } catch (error) {
      // aws-jwt-verify's messages name the failed check ("Token use not allowed: id. Expected:
      // access") and never include the token itself.
      return refuse(error instanceof Error ? error.message : String(error));
    }
  });
}

function refuse(message: string) {
  const body: DemoApiRefusal = { error: 'invalid_token', message };
  return HttpResponse.json(body, {
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}
