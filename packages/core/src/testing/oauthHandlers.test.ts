import { describe, expect, it } from 'vitest';
import { sha256Base64url } from './base64url.js';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  DOMAIN_URL,
  POOL_CONFIG,
  postForm,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import { HOSTED_UI_SESSION_LIFETIME_SECONDS } from './oauthHandlers.js';
import { createMemoryPoolStore } from './poolState.js';

const { usePool } = setupPoolServer();

const REDIRECT_URI = 'https://app.example.com/callback';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier';

async function authorize(overrides: Record<string, string | null> = {}): Promise<URL> {
  const fields: Record<string, string | null> = {
    response_type: 'code',
    client_id: POOL_CONFIG.clientId,
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    scope: 'openid email aws.cognito.signin.user.admin',
    nonce: 'nonce-456',
    code_challenge: await sha256Base64url(VERIFIER),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== null) query.set(name, value);
  const response = await fetch(`${DOMAIN_URL}/oauth2/authorize?${query}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

const exchange = (code: string, overrides: Record<string, string> = {}) =>
  postForm('/oauth2/token', {
    grant_type: 'authorization_code',
    client_id: POOL_CONFIG.clientId,
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: VERIFIER,
    ...overrides,
  });

describe('/oauth2/authorize and the code exchange', () => {
  it('redirects with a code and the state, then exchanges it for tokens carrying the nonce', async () => {
    const pool = usePool();
    await pool.addUser({ username: 'bob', password: 'x' });
    await pool.addUser(ALICE);
    await pool.setHostedUiUser('alice');

    const location = await authorize();
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.json).toEqual({
      id_token: expect.any(String),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
      token_type: 'Bearer',
    });
    const id = claimsOf(answer.json.id_token);
    expect(id).toMatchObject({
      'cognito:username': 'alice',
      nonce: 'nonce-456',
      at_hash: expect.any(String),
    });
    const access = claimsOf(answer.json.access_token);
    expect(access.scope).toBe('openid email aws.cognito.signin.user.admin');
    const digest = await sha256Base64url(answer.json.access_token);
    expect(id.at_hash).toBe(digest.slice(0, 22));
    expect(pool.requests.map((request) => request.operation)).toEqual([
      'oauth2/authorize',
      'oauth2/token',
    ]);
  });

  it('answers invalid_grant for a wrong PKCE verifier', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const code = (await authorize()).searchParams.get('code') ?? '';
    const answer = await exchange(code, {
      code_verifier: 'a-different-verifier-that-does-not-hash-to-the-challenge',
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'invalid_grant' });
  });

  it('answers invalid_grant for a reused code and for a code older than 5 minutes', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const code = (await authorize()).searchParams.get('code') ?? '';
    expect((await exchange(code)).status).toBe(200);
    expect((await exchange(code)).json).toEqual({ error: 'invalid_grant' });

    const late = (await authorize()).searchParams.get('code') ?? '';
    clock.advance(5 * 60_000);
    expect((await exchange(late)).json).toEqual({ error: 'invalid_grant' });
  });

  it('keeps a disabled user on its page with "User is disabled.", and refuses a code made before', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const before = (await authorize()).searchParams.get('code') ?? '';
    await pool.disableUser('alice');

    expect(await exchange(before)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: POOL_CONFIG.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'state-123',
    });
    const page = await fetch(`${DOMAIN_URL}/oauth2/authorize?${query}`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('User is disabled.');

    await pool.enableUser('alice');
    const after = (await authorize()).searchParams.get('code') ?? '';
    expect((await exchange(after)).status).toBe(200);
  });

  it('answers invalid_grant for a redirect_uri that differs from the authorize request', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const code = (await authorize()).searchParams.get('code') ?? '';
    expect((await exchange(code, { redirect_uri: 'https://app.example.com/other' })).json).toEqual({
      error: 'invalid_grant',
    });
  });

  it('redirects with an error for a bad request and to the error page for an unregistered redirect_uri', async () => {
    const pool = usePool({ callbackUrls: [REDIRECT_URI] });
    await pool.addUser(ALICE);
    const plain = await authorize({ code_challenge_method: 'plain' });
    expect(plain.searchParams.get('error')).toBe('invalid_request');
    expect(plain.searchParams.get('error_description')).toBe('code_challenge_method must be S256');
    expect(plain.searchParams.get('state')).toBe('state-123');
    expect((await authorize({ response_type: 'token' })).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
    expect((await authorize({ scope: 'openid nonsense' })).searchParams.get('error')).toBe(
      'invalid_scope',
    );

    const mismatch = await authorize({ redirect_uri: 'https://evil.example.com/' });
    expect(`${mismatch.origin}${mismatch.pathname}`).toBe(`${DOMAIN_URL}/error`);
    expect(mismatch.searchParams.get('error')).toBe('redirect_mismatch');
  });

  it('takes any https or loopback http redirect_uri when the client lists none, nothing else', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    for (const redirect_uri of [
      'http://localhost:5173/cb',
      'http://127.0.0.1/cb',
      'http://[::1]:8080/cb',
      'https://app.example.com/cb',
    ]) {
      expect(
        (await authorize({ redirect_uri })).searchParams.get('code'),
        redirect_uri,
      ).not.toBeNull();
    }
    for (const redirect_uri of ['http://app.example.com/cb', 'not a url', 'ftp://localhost/cb']) {
      const refused = await authorize({ redirect_uri });
      expect(`${refused.origin}${refused.pathname}`, redirect_uri).toBe(`${DOMAIN_URL}/error`);
      expect(refused.searchParams.get('error')).toBe('redirect_mismatch');
    }
  });

  it("draws Cognito's error page with the error escaped, and its words by default", async () => {
    usePool();
    const page = async (query: string) => {
      const response = await fetch(`${DOMAIN_URL}/error${query}`);
      return [response.status, response.headers.get('content-type'), await response.text()];
    };
    const [status, type, body] = await page(
      `?error=${encodeURIComponent('<script>"x"&\'y\'</script>')}`,
    );
    expect([status, type]).toEqual([400, 'text/html']);
    expect(body).toContain('<h1>An error was encountered</h1>');
    expect(body).toContain('<p>&#60;script&#62;&#34;x&#34;&#38;&#39;y&#39;&#60;/script&#62;</p>');
    expect((await page(''))[2]).toContain('<p>error</p>');
  });

  it('as built: empty entries of a scope list (two spaces) are skipped', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const code = (await authorize({ scope: ' openid  email ' })).searchParams.get('code') ?? '';
    expect(claimsOf((await exchange(code)).json.access_token).scope).toBe('openid email');
  });

  it('sends an unknown client to the error page, and an app without a state gets none back', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    for (const client_id of ['other-client', null]) {
      const unknown = await authorize({ client_id });
      expect(`${unknown.origin}${unknown.pathname}`).toBe(`${DOMAIN_URL}/error`);
      expect(Object.fromEntries(unknown.searchParams)).toEqual({
        error: 'invalid_request',
        client_id: client_id ?? '',
      });
    }
    const stateless = await authorize({ state: null });
    expect(stateless.searchParams.get('code')).not.toBeNull();
    expect(stateless.searchParams.has('state')).toBe(false);
  });

  it('answers access_denied, with the state, when the pool has no user to sign in', async () => {
    const pool = usePool();
    const empty = await authorize();
    expect(Object.fromEntries(empty.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'No user to sign in: call pool.setHostedUiUser()',
      state: 'state-123',
    });
    // The chosen user deleted since: the same, not a code for nobody.
    await pool.addUser(ALICE);
    await pool.setHostedUiUser('alice');
    const { AccessToken } = await signIn();
    expect((await callApi('DeleteUser', { AccessToken })).status).toBe(200);
    expect((await authorize()).searchParams.get('error')).toBe('access_denied');
  });

  it('answers access_denied when the chosen user is gone from a store edited by hand', async () => {
    const storage = createMemoryPoolStore();
    const pool = usePool({ storage });
    await pool.addUser(ALICE);
    await pool.setHostedUiUser('alice');
    await storage.transact((state) => {
      delete state.users.alice;
    });
    expect((await authorize()).searchParams.get('error')).toBe('access_denied');
  });

  it('issues no ID token without the openid scope', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const code =
      (await authorize({ scope: 'aws.cognito.signin.user.admin' })).searchParams.get('code') ?? '';
    const answer = await exchange(code);
    expect(answer.json).not.toHaveProperty('id_token');
    expect(answer.json.access_token).toEqual(expect.any(String));
  });

  it('accepts the domain as an https URL', async () => {
    const pool = usePool({ domain: `${DOMAIN_URL}/` });
    expect(pool.domainUrl).toBe(DOMAIN_URL);
    await pool.addUser(ALICE);
    expect((await authorize()).searchParams.get('code')).not.toBeNull();
  });
});

describe('/oauth2/token errors and refresh', () => {
  it('answers refresh_token grants, and invalid_grant for revoked and expired refresh tokens', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now, refreshTokenLifetimeSeconds: 3600 });
    await pool.addUser(ALICE);
    const grant = (refreshToken: string) =>
      postForm('/oauth2/token', {
        grant_type: 'refresh_token',
        client_id: POOL_CONFIG.clientId,
        refresh_token: refreshToken,
      });

    const tokens = await pool.issueTokens('alice');
    const ok = await grant(tokens.refreshToken!);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({
      id_token: expect.any(String),
      access_token: expect.any(String),
      expires_in: 3600,
      token_type: 'Bearer',
    });

    const revoked = await pool.issueTokens('alice');
    const revoke = await postForm('/oauth2/revoke', {
      token: revoked.refreshToken!,
      client_id: POOL_CONFIG.clientId,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.text).toBe('');
    expect((await grant(revoked.refreshToken!)).json).toEqual({ error: 'invalid_grant' });

    clock.advance(3600_000);
    const expired = await grant(tokens.refreshToken!);
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({ error: 'invalid_grant' });
  });

  it('answers unsupported_grant_type, invalid_client and invalid_request', async () => {
    usePool();
    expect(
      (await postForm('/oauth2/token', { grant_type: 'password', client_id: POOL_CONFIG.clientId }))
        .json,
    ).toEqual({
      error: 'unsupported_grant_type',
    });
    expect(
      (
        await postForm('/oauth2/token', {
          grant_type: 'refresh_token',
          client_id: 'other',
          refresh_token: 'x',
        })
      ).json,
    ).toEqual({
      error: 'invalid_client',
    });
    expect(
      (
        await postForm('/oauth2/token', {
          grant_type: 'refresh_token',
          client_id: POOL_CONFIG.clientId,
        })
      ).json,
    ).toEqual({
      error: 'invalid_request',
    });
    // No client_id is a malformed request, not another client; no grant_type neither.
    expect(
      (await postForm('/oauth2/token', { grant_type: 'refresh_token', refresh_token: 'x' })).json,
    ).toEqual({ error: 'invalid_request' });
    expect((await postForm('/oauth2/token', { client_id: POOL_CONFIG.clientId })).json).toEqual({
      error: 'invalid_request',
    });
    // A well-formed form under another content type is refused as such (both endpoints).
    for (const path of ['/oauth2/token', '/oauth2/revoke']) {
      const plain = await fetch(`${DOMAIN_URL}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: POOL_CONFIG.clientId,
          refresh_token: 'x',
          token: 'x',
        }).toString(),
      });
      expect(plain.status).toBe(400);
      expect(await plain.json()).toEqual({ error: 'invalid_request' });
    }
    const json = await fetch(`${DOMAIN_URL}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ error: 'invalid_request' });
  });
});

/** The refresh_token grant at /oauth2/token. */
const refreshGrant = (refreshToken: string | undefined) =>
  postForm('/oauth2/token', {
    grant_type: 'refresh_token',
    client_id: POOL_CONFIG.clientId,
    refresh_token: refreshToken ?? '',
  });

describe('/oauth2/revoke and /logout', () => {
  it('revoke answers 200 with an empty body for an unknown token', async () => {
    usePool();
    const answer = await postForm('/oauth2/revoke', {
      token: 'never-issued',
      client_id: POOL_CONFIG.clientId,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });

  it('revoke refuses a wrong client with 401 invalid_client and a missing token with invalid_request', async () => {
    usePool();
    const wrongClient = await postForm('/oauth2/revoke', { token: 'x', client_id: 'other' });
    expect(wrongClient.status).toBe(401);
    expect(wrongClient.json).toEqual({ error: 'invalid_client' });
    const missing = await postForm('/oauth2/revoke', { client_id: POOL_CONFIG.clientId });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error: 'invalid_request' });
  });

  it('revoke refuses an ID or access token (only refresh tokens are revoked), which keep working', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    for (const token of [tokens.idToken, tokens.accessToken]) {
      const answer = await postForm('/oauth2/revoke', { token, client_id: POOL_CONFIG.clientId });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: 'unsupported_token_type' });
    }
    expect((await refreshGrant(tokens.refreshToken)).status).toBe(200);
  });

  it('revoke is refused for a client without token revocation, and the token stays valid', async () => {
    const pool = usePool({ tokenRevocation: false });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    const answer = await postForm('/oauth2/revoke', {
      token: tokens.refreshToken ?? '',
      client_id: POOL_CONFIG.clientId,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'unsupported_operation' });
    expect((await refreshGrant(tokens.refreshToken)).status).toBe(200);
  });

  it('without token revocation: RevokeToken refused in its words, and tokens carry no origin_jti', async () => {
    const pool = usePool({ tokenRevocation: false });
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    const answer = await callApi('RevokeToken', {
      ClientId: POOL_CONFIG.clientId,
      Token: tokens.refreshToken,
    });
    expect(answer.json).toEqual({
      __type: 'UnsupportedOperationException',
      message: 'Token revocation is not enabled for this app client.',
    });
    expect(claimsOf(tokens.idToken)).not.toHaveProperty('origin_jti');
    expect(claimsOf(tokens.accessToken)).not.toHaveProperty('origin_jti');
    // With it (the default), both carry the same one.
    const revoking = usePool();
    await revoking.addUser(ALICE);
    const revocable = await revoking.issueTokens('alice');
    expect(claimsOf(revocable.idToken).origin_jti).toEqual(expect.any(String));
    expect(claimsOf(revocable.accessToken).origin_jti).toBe(claimsOf(revocable.idToken).origin_jti);
  });

  it('logout redirects to logout_uri', async () => {
    usePool();
    const query = new URLSearchParams({
      client_id: POOL_CONFIG.clientId,
      logout_uri: 'https://app.example.com/bye',
    });
    const response = await fetch(`${DOMAIN_URL}/logout?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://app.example.com/bye');
  });
});

describe("managed login's session (prompt)", () => {
  const codeOwner = async (location: URL) => {
    const code = location.searchParams.get('code');
    expect(code, location.href).not.toBeNull();
    return claimsOf((await exchange(code ?? '')).json.id_token)['cognito:username'];
  };
  const logout = () =>
    fetch(
      `${DOMAIN_URL}/logout?${new URLSearchParams({ client_id: POOL_CONFIG.clientId, logout_uri: 'https://app.example.com/bye' })}`,
      { redirect: 'manual' },
    );

  it('answers prompt=none with login_required and the state until someone signed in, then with a code', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const silent = await authorize({ prompt: 'none' });
    expect(`${silent.origin}${silent.pathname}`).toBe(REDIRECT_URI);
    expect(Object.fromEntries(silent.searchParams)).toEqual({
      error: 'login_required',
      state: 'state-123',
    });

    expect(await codeOwner(await authorize())).toBe('alice');
    expect(await codeOwner(await authorize({ prompt: 'none' }))).toBe('alice');
  });

  it("signs the session's user in again without a page; prompt=login signs in whoever the page gets", async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    await pool.addUser({ username: 'bob', password: 'x' });
    await pool.setHostedUiUser('alice');
    expect(await codeOwner(await authorize())).toBe('alice');

    // The browser still has alice's session: no page, so the page's user does not matter.
    await pool.setHostedUiUser('bob');
    expect(await codeOwner(await authorize())).toBe('alice');
    expect(await codeOwner(await authorize({ prompt: 'select_account' }))).toBe('alice');
    expect(await codeOwner(await authorize({ prompt: 'consent' }))).toBe('alice');
    // prompt=login asks again, and the new sign-in is the session from then on.
    expect(await codeOwner(await authorize({ prompt: 'login' }))).toBe('bob');
    expect(await codeOwner(await authorize({ prompt: 'none' }))).toBe('bob');
  });

  it('ends with /logout, after an hour, and for a disabled or deleted user', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const loginRequired = async () =>
      (await authorize({ prompt: 'none' })).searchParams.get('error');

    await authorize();
    expect((await logout()).status).toBe(302);
    expect(pool.requests.at(-1)?.operation).toBe('logout');
    expect(await loginRequired()).toBe('login_required');

    await authorize();
    clock.advance(HOSTED_UI_SESSION_LIFETIME_SECONDS * 1000 - 1);
    expect(await loginRequired()).toBeNull();
    clock.advance(1);
    expect(await loginRequired()).toBe('login_required');

    await authorize();
    await pool.disableUser('alice');
    expect(await loginRequired()).toBe('login_required');
    await pool.enableUser('alice');
    expect(await loginRequired()).toBeNull();
    const { accessToken: AccessToken } = await pool.issueTokens('alice');
    expect((await callApi('DeleteUser', { AccessToken })).status).toBe(200);
    expect(await loginRequired()).toBe('login_required');
    // Added again under that name, alice is another user: the session was the deleted one's.
    await pool.addUser(ALICE);
    expect(await loginRequired()).toBe('login_required');
  });

  it('keeps the session through a /logout Cognito refuses (an unlisted logout_uri)', async () => {
    const pool = usePool({ logoutUrls: ['https://app.example.com/bye'] });
    await pool.addUser(ALICE);
    await authorize();
    const refused = await fetch(
      `${DOMAIN_URL}/logout?${new URLSearchParams({ client_id: POOL_CONFIG.clientId, logout_uri: 'https://evil.example/' })}`,
      { redirect: 'manual' },
    );
    expect(refused.headers.get('location')).toMatch(`${DOMAIN_URL}/error?`);
    expect((await authorize({ prompt: 'none' })).searchParams.get('code')).not.toBeNull();
  });
});

describe('/oauth2/userInfo', () => {
  const PROFILE = {
    email: 'alice@example.com',
    email_verified: 'true',
    phone_number: '+15555550123',
    phone_number_verified: 'false',
    name: 'Alice Example',
    locale: 'en-GB',
    'custom:tenant': 'acme',
  };

  /** The access token of a hosted-UI sign-in with `scope`. */
  async function hostedUiAccessToken(scope: string): Promise<string> {
    const code = (await authorize({ scope })).searchParams.get('code') ?? '';
    return (await exchange(code)).json.access_token;
  }

  const userInfo = (authorization?: string) =>
    fetch(`${DOMAIN_URL}/oauth2/userInfo`, {
      headers: authorization === undefined ? {} : { Authorization: authorization },
    });

  it('answers the attributes the scopes reach, with sub and username', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, attributes: PROFILE });
    const claimsFor = async (scope: string) => {
      const response = await userInfo(`Bearer ${await hostedUiAccessToken(scope)}`);
      expect([response.status, response.headers.get('content-type')]).toEqual([
        200,
        'application/json;charset=UTF-8',
      ]);
      return response.json();
    };
    const base = { sub: expect.any(String), username: 'alice' };
    expect(await claimsFor('openid')).toEqual({ ...base, ...PROFILE });
    expect(await claimsFor('openid aws.cognito.signin.user.admin')).toEqual({
      ...base,
      ...PROFILE,
    });
    expect(await claimsFor('openid email')).toEqual({
      ...base,
      email: PROFILE.email,
      email_verified: 'true',
    });
    expect(await claimsFor('openid phone')).toEqual({
      ...base,
      phone_number: PROFILE.phone_number,
      phone_number_verified: 'false',
    });
    expect(await claimsFor('openid profile')).toEqual({
      ...base,
      name: PROFILE.name,
      locale: 'en-GB',
      'custom:tenant': 'acme',
    });
    expect(Object.keys(await claimsFor('openid email phone'))).toEqual([
      'sub',
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
      'username',
    ]);
    expect((await claimsFor('openid')).sub).toBe(claimsOf(await hostedUiAccessToken('openid')).sub);
    expect(pool.requests.filter(({ operation }) => operation === 'oauth2/userInfo')).toHaveLength(
      7,
    );
  });

  it('gives every profile attribute, and custom ones, to the profile scope', async () => {
    const pool = usePool();
    const profile = Object.fromEntries(
      [
        'name',
        'family_name',
        'given_name',
        'middle_name',
        'nickname',
        'preferred_username',
        'profile',
        'picture',
        'website',
        'gender',
        'birthdate',
        'zoneinfo',
        'locale',
        'updated_at',
        'custom:plan',
      ].map((name) => [name, `${name} value`]),
    );
    await pool.addUser({ ...ALICE, attributes: { ...profile, email: 'alice@example.com' } });
    const answer = await userInfo(`Bearer ${await hostedUiAccessToken('openid profile')}`);
    expect(await answer.json()).toEqual({ sub: expect.any(String), ...profile, username: 'alice' });
  });

  it('refuses a request without a bearer token (400) and any token it cannot serve (401)', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const badRequest =
      'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"';
    const invalidToken =
      'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."';
    const refused = async (authorization: string | undefined) => {
      const response = await userInfo(authorization);
      return [response.status, response.headers.get('www-authenticate'), await response.text()];
    };
    const accessToken = await hostedUiAccessToken('openid email');
    for (const authorization of [
      undefined,
      '',
      'Bearer',
      `Basic ${accessToken}`,
      accessToken,
      `xBearer ${accessToken}`,
      `Bearer ${accessToken} extra`,
    ]) {
      expect(await refused(authorization)).toEqual([400, badRequest, '']);
    }
    expect((await userInfo(`bearer  ${accessToken}`)).status).toBe(200);

    // The JSON API's sign-in: its access token has no openid scope. An ID token is no access token.
    const apiTokens = await signIn();
    const idToken =
      claimsOf(accessToken) &&
      (await exchange((await authorize()).searchParams.get('code') ?? '')).json.id_token;
    for (const token of [apiTokens.AccessToken, idToken, `${accessToken}x`]) {
      expect(await refused(`Bearer ${token}`)).toEqual([401, invalidToken, '']);
    }
    // Expired, then revoked by a global sign-out.
    clock.advance(3_600_000);
    expect(await refused(`Bearer ${accessToken}`)).toEqual([401, invalidToken, '']);
    const fresh = await hostedUiAccessToken('openid aws.cognito.signin.user.admin');
    expect((await userInfo(`Bearer ${fresh}`)).status).toBe(200);
    expect((await callApi('GlobalSignOut', { AccessToken: fresh })).status).toBe(200);
    expect(await refused(`Bearer ${fresh}`)).toEqual([401, invalidToken, '']);
    // A user deleted since: its token is refused, not answered from a record that is gone.
    const last = await hostedUiAccessToken('openid aws.cognito.signin.user.admin');
    expect((await callApi('DeleteUser', { AccessToken: last })).status).toBe(200);
    expect(await refused(`Bearer ${last}`)).toEqual([401, invalidToken, '']);
  });
});
