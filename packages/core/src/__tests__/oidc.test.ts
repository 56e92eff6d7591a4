import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { oidc } from '../providers/oidc/oidc.js';
import { mintTokens } from '../testing/index.js';
import {
  CLIENT_ID,
  DOMAIN,
  followRedirect,
  handleRedirectCallback,
  REGION,
  rememberTokens,
  requestsOf,
  server,
  signInWithRedirect,
  signOutWithRedirect,
  startPool,
  startSession,
  stubTabSessionStorage,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';

const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
const REDIRECT_URI = 'https://app.example.com/callback';

/** The fake pool speaks OIDC too: discovery, authorize, token, revoke, logout. */
function oidcSession() {
  return startSession({
    provider: oidc({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scopes: ['openid', 'email'],
    }),
  }).session;
}

describe('oidc()', () => {
  useMsw();
  beforeEach(() => {
    stubTabSessionStorage();
  });

  async function signedIn(options: { endSession?: boolean } = {}) {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    if (options.endSession) {
      // A provider whose discovery document has an end_session_endpoint (Cognito's has none).
      server.use(
        http.get(`${ISSUER}/.well-known/openid-configuration`, () =>
          HttpResponse.json({
            issuer: ISSUER,
            authorization_endpoint: `https://${DOMAIN}/oauth2/authorize`,
            token_endpoint: `https://${DOMAIN}/oauth2/token`,
            revocation_endpoint: `https://${DOMAIN}/oauth2/revoke`,
            end_session_endpoint: `https://${DOMAIN}/logout`,
            jwks_uri: `${ISSUER}/.well-known/jwks.json`,
          }),
        ),
      );
    }
    const session = oidcSession();
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    await handleRedirectCallback(session, await followRedirect(authorizeUrl));
    const state = session.getState();
    if (state.status === 'signedIn') rememberTokens(state.tokens);
    return { pool, session, authorizeUrl };
  }

  it('reads the discovery document once and signs in through its endpoints', async () => {
    const { pool, session, authorizeUrl } = await signedIn();
    expect(new URL(authorizeUrl).origin).toBe(`https://${DOMAIN}`);
    expect(new URL(authorizeUrl).searchParams.get('scope')).toBe('openid email');
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      user: { iss: ISSUER, aud: CLIENT_ID },
    });
    expect(requestsOf(pool, 'openid-configuration')).toHaveLength(1);
    expect(requestsOf(pool, 'oauth2/token')).toHaveLength(1);
  });

  it('refreshes at the token endpoint and revokes at the revocation endpoint', async () => {
    const { pool, session } = await signedIn();
    const before = session.getState();
    await session.refresh();
    const after = session.getState();
    expect(after.status === 'signedIn' && after.tokens.accessToken).not.toBe(
      before.status === 'signedIn' && before.tokens.accessToken,
    );
    expect(requestsOf(pool, 'oauth2/token')[1]?.body).toMatchObject({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
    });
    await session.signOut();
    expect(requestsOf(pool, 'oauth2/revoke')[0]?.body).toMatchObject({
      token_type_hint: 'refresh_token',
      client_id: CLIENT_ID,
    });
    expect(requestsOf(pool, 'openid-configuration')).toHaveLength(1);
  });

  it('signOut({ redirect: true }) with Cognito (no end_session_endpoint) signs out locally and goes nowhere', async () => {
    const { session } = await signedIn();
    let navigated = false;
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example.com/',
      navigate: () => {
        navigated = true;
      },
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(navigated).toBe(false);
  });

  it('signOut({ redirect: true }) goes to the end_session_endpoint with id_token_hint', async () => {
    const { session } = await signedIn({ endSession: true });
    const state = session.getState();
    let logoutUrl = '';
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example.com/',
      navigate: (url) => {
        logoutUrl = url;
      },
    });
    const logout = new URL(logoutUrl);
    expect(`${logout.origin}${logout.pathname}`).toBe(`https://${DOMAIN}/logout`);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe('https://app.example.com/');
    expect(logout.searchParams.get('id_token_hint')).toBe(
      state.status === 'signedIn' ? state.tokens.idToken : '',
    );
    expect(logout.searchParams.get('client_id')).toBe(CLIENT_ID);
    // Signed out already (another tab, an expiry): the provider's session still ends, with no hint.
    let again = '';
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example.com/',
      navigate: (url) => {
        again = url;
      },
    });
    expect(Object.fromEntries(new URL(again).searchParams)).toEqual({
      post_logout_redirect_uri: 'https://app.example.com/',
      client_id: CLIENT_ID,
    });
  });

  it.each([
    ['another audience', { idClaims: { aud: 'other-client' } }, /another client \(aud\)/],
    [
      'several audiences without azp',
      { idClaims: { aud: [CLIENT_ID, 'other'] } },
      /authorized party/,
    ],
    ['another issuer', { userPoolId: 'eu-west-1_Elsewhere' }, /another issuer/],
  ])('refuses ID tokens with %s', async (_, options, message) => {
    await startPool();
    const session = oidcSession();
    const tokens = await mintTokens(
      {},
      { region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID, ...options },
    );
    rememberTokens(tokens);
    await expect(session.setTokens(tokens)).rejects.toThrow(message);
  });

  it('accepts an opaque access token, living as long as the ID token', async () => {
    await startPool();
    const session = oidcSession();
    const tokens = await mintTokens(
      {},
      { region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID },
    );
    rememberTokens(tokens);
    const state = await session.setTokens({
      ...tokens,
      accessToken: 'opaque-access-token-0123456789',
    });
    expect(state).toMatchObject({ status: 'signedIn' });
    expect(await session.getAccessToken()).toBe('opaque-access-token-0123456789');
  });

  it('refuses a discovery document of another issuer', async () => {
    server.use(
      http.get(`${ISSUER}/.well-known/openid-configuration`, () =>
        HttpResponse.json({
          issuer: 'https://evil.example.com',
          authorization_endpoint: 'https://evil.example.com/authorize',
          token_endpoint: 'https://evil.example.com/token',
        }),
      ),
    );
    const session = oidcSession();
    await expect(signInWithRedirect(session, { navigate: () => {} })).rejects.toThrow(
      /discovery document is for issuer https:\/\/evil.example.com/,
    );
  });
});
