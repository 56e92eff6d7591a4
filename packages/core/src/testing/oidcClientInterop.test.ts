// @vitest-environment jsdom
/**
 * A standard OpenID Connect client nobody here wrote, oidc-client-ts, signs in through the kit's
 * hosted UI: it reads the pool's discovery document, sends the user to `/oauth2/authorize` with
 * PKCE, state and nonce, exchanges the code, checks the ID token's claims, loads the user's
 * attributes from `/oauth2/userInfo` (`loadUserInfo`) and merges them, then refreshes. The kit
 * answers what such a client sends and reads.
 */
import {
  ErrorResponse,
  InMemoryWebStorage,
  OidcClient,
  WebStorageStateStore,
} from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { DOMAIN_URL, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

const REDIRECT_URI = 'https://app.example.com/callback';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_CONFIG.userPoolId}`;

function clientFor(scope: string) {
  return new OidcClient({
    authority: ISSUER,
    client_id: POOL_CONFIG.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    loadUserInfo: true,
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

/** The browser's trip to the hosted UI: the kit's redirect followed, the callback URL returned. */
async function hostedUi(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

describe('oidc-client-ts against the kit', () => {
  it('signs in with PKCE, state and nonce, loads userInfo into the profile, and refreshes', async () => {
    const pool = usePool();
    await pool.addUser({
      username: 'alice',
      password: 'x',
      attributes: { email: 'alice@example.com', email_verified: 'true', nickname: 'Al' },
    });
    const client = clientFor('openid email');

    const request = await client.createSigninRequest({ nonce: 'nonce-789' });
    const authorize = new URL(request.url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${DOMAIN_URL}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: 'nonce-789',
    });
    const signedIn = await client.processSigninResponse(await hostedUi(request.url));

    expect(signedIn.profile).toMatchObject({
      iss: ISSUER,
      aud: POOL_CONFIG.clientId,
      'cognito:username': 'alice',
      email: 'alice@example.com',
      nickname: 'Al',
      // From userInfo only (the ID token has `cognito:username`).
      username: 'alice',
    });
    expect(pool.requests.map(({ operation }) => operation)).toEqual([
      'openid-configuration',
      'oauth2/authorize',
      'oauth2/token',
      'oauth2/userInfo',
    ]);

    const refreshed = await client.useRefreshToken({
      state: {
        refresh_token: signedIn.refresh_token!,
        session_state: null,
        scope: signedIn.scope ?? '',
        profile: signedIn.profile,
      },
    });
    expect(refreshed.access_token).not.toBe(signedIn.access_token);
    expect(refreshed.profile.sub).toBe(signedIn.profile.sub);
  });

  it('fails the sign-in when userInfo fails (a fault named oauth2/userInfo)', async () => {
    const pool = usePool();
    await pool.addUser({ username: 'alice', password: 'x' });
    const client = clientFor('openid');
    const request = await client.createSigninRequest({});
    const callback = await hostedUi(request.url);
    pool.failNext('server', 1, { operations: ['oauth2/userInfo'] });
    await expect(client.processSigninResponse(callback)).rejects.toThrow();
    expect(pool.requests.at(-1)?.operation).toBe('oauth2/userInfo');
  });

  it("reads prompt=none's login_required before anyone signed in, and signs in silently after", async () => {
    const pool = usePool();
    await pool.addUser({ username: 'alice', password: 'x' });
    const client = clientFor('openid');

    const silent = await client.createSigninRequest({ prompt: 'none' });
    const refused = client.processSigninResponse(await hostedUi(silent.url));
    await expect(refused).rejects.toBeInstanceOf(ErrorResponse);
    await expect(refused).rejects.toMatchObject({ error: 'login_required' });

    const first = await client.createSigninRequest({});
    await client.processSigninResponse(await hostedUi(first.url));
    const again = await client.createSigninRequest({ prompt: 'none' });
    const signedIn = await client.processSigninResponse(await hostedUi(again.url));
    expect(signedIn.profile['cognito:username']).toBe('alice');
  });
});
