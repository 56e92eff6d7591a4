// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, signs in through the testing kit's hosted UI
 * (`signInWithRedirect`: `/oauth2/authorize` with PKCE S256 and `state`, then the code exchanged
 * at `/oauth2/token`), then refreshes those tokens with `GetTokensFromRefreshToken`. Amplify's
 * `authSessionOpener` option stands in for the browser's trip to the hosted UI: it follows the
 * kit's redirect and hands the callback URL back. The kit answers what Amplify sends and reads:
 * also its silent sign-in (`prompt: 'NONE'`), refused with `login_required` before a sign-in and
 * answered with a code while the kit's managed-login session lasts.
 */
import { fetchAuthSession, getCurrentUser, signInWithRedirect } from 'aws-amplify/auth';
import { beforeEach, describe, expect, it } from 'vitest';
import { configureAmplifyHostedUi, useAmplify } from './amplifyHarness.js';
import {
  authorizeUrlOf,
  CLIENT_ID,
  DOMAIN,
  requestsOf,
  startPool,
  startSession,
  USER,
} from './harness.js';

useAmplify();

let CALLBACK = '';

beforeEach(() => {
  CALLBACK = configureAmplifyHostedUi([
    'openid',
    'email',
    'profile',
    'aws.cognito.signin.user.admin',
  ]);
});

/** sessionkit's session on the same pool and callback URL, to compare what it sends. */
const ourSession = () =>
  startSession({ cognito: { domain: DOMAIN, redirectUri: CALLBACK } }).session;

/**
 * The browser's trip to the hosted UI, as far as a test goes: the kit's redirect followed. Back at
 * the app's callback URL, that URL goes to Amplify; anywhere else the trip ends there (`stops`),
 * as a page that navigated away.
 */
function hostedUi() {
  const visited: URL[] = [];
  const stops: URL[] = [];
  const opener = async (url: string) => {
    visited.push(new URL(url));
    const response = await fetch(url, { redirect: 'manual' });
    const next = new URL(response.headers.get('location') ?? url);
    if (next.href.startsWith(CALLBACK)) return { type: 'success' as const, url: next.href };
    stops.push(next);
    return undefined;
  };
  return { visited, stops, opener };
}

describe('aws-amplify v6 redirect sign-in against the kit', () => {
  it('signs in through /oauth2/authorize with PKCE and state, exchanges the code, refreshes', async () => {
    const pool = await startPool({ callbackUrls: [CALLBACK] });
    await pool.setHostedUiUser(USER.username);
    const { visited, opener } = hostedUi();

    await signInWithRedirect({ options: { authSessionOpener: opener } });

    const [authorize] = visited;
    expect(authorize?.origin).toBe(`https://${DOMAIN}`);
    expect(Object.fromEntries(authorize!.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      identity_provider: 'COGNITO',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
    });
    expect((await getCurrentUser()).username).toBe(USER.username);
    const { tokens } = await fetchAuthSession();
    expect(tokens?.idToken?.payload).toMatchObject({
      'cognito:username': USER.username,
      email: 'alice@example.com',
    });
    expect(tokens?.accessToken.payload.scope).toBe(
      'openid email profile aws.cognito.signin.user.admin',
    );

    // The code, its verifier and the redirect URI went to /oauth2/token.
    const [exchange] = requestsOf(pool, 'oauth2/token');
    expect(exchange?.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      redirect_uri: CALLBACK,
      code: expect.any(String),
      code_verifier: expect.stringMatching(/^[\w~.-]{43,128}$/),
    });

    // Amplify refreshes the hosted UI's tokens with GetTokensFromRefreshToken.
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.toString()).not.toBe(tokens?.accessToken.toString());
    expect(pool.requests.map(({ operation }) => operation)).toEqual([
      'oauth2/authorize',
      'oauth2/token',
      'GetTokensFromRefreshToken',
    ]);
  });

  it("names the managed login's language and user as Amplify does (lang, login_hint)", async () => {
    await startPool({ callbackUrls: [CALLBACK] });
    const { visited, opener } = hostedUi();
    const asked = { lang: 'pt-BR', loginHint: 'alice+orders@example.com' };
    await signInWithRedirect({ options: { authSessionOpener: opener, ...asked } });
    const amplify = visited[0]!.searchParams;

    const ours = (await authorizeUrlOf(ourSession(), asked)).searchParams;
    for (const name of ['lang', 'login_hint']) {
      expect(amplify.get(name), name).not.toBeNull();
      expect(ours.get(name), name).toBe(amplify.get(name));
    }
    expect(ours.get('lang')).toBe('pt-BR');
  });

  it('names a federated IdP by its identifier as Amplify does (idp_identifier)', async () => {
    await startPool({ callbackUrls: [CALLBACK] });
    const { visited, opener } = hostedUi();
    await signInWithRedirect({
      provider: { idpIdentifier: 'example.com' },
      options: { authSessionOpener: opener },
    });
    const amplify = visited[0]!.searchParams;

    const ours = (await authorizeUrlOf(ourSession(), { idpIdentifier: 'example.com' }))
      .searchParams;
    expect(amplify.get('idp_identifier')).toBe('example.com');
    expect(ours.get('idp_identifier')).toBe(amplify.get('idp_identifier'));
    // Neither names the IdP a second way.
    expect(amplify.has('identity_provider')).toBe(false);
    expect(ours.has('identity_provider')).toBe(false);
  });

  it("signs in silently with prompt NONE while the kit's managed-login session lasts, and gets login_required without one", async () => {
    const pool = await startPool({ callbackUrls: [CALLBACK] });
    const before = hostedUi();
    const refused = await signInWithRedirect({
      options: { authSessionOpener: before.opener, prompt: 'NONE' },
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(before.visited[0]?.searchParams.get('prompt')).toBe('none');
    expect(String((refused as Error | undefined)?.message ?? refused)).toMatch(/login_required/);

    await signInWithRedirect({ options: { authSessionOpener: hostedUi().opener } });
    expect((await getCurrentUser()).username).toBe(USER.username);
    // A new page of the app: Amplify's own tokens gone, the browser's managed-login session kept.
    localStorage.clear();
    await expect(getCurrentUser()).rejects.toThrow();
    const silent = hostedUi();
    await signInWithRedirect({ options: { authSessionOpener: silent.opener, prompt: 'NONE' } });
    expect(silent.visited[0]?.searchParams.has('identity_provider')).toBe(false);
    expect((await getCurrentUser()).username).toBe(USER.username);
    // The refused attempt issued no code; both sign-ins exchanged one.
    expect(requestsOf(pool, 'oauth2/token')).toHaveLength(2);
  });

  it("stops at Cognito's error page for a callback URL the app client does not list", async () => {
    const pool = await startPool({ callbackUrls: ['https://app.example/callback'] });
    const { visited, stops, opener } = hostedUi();
    await signInWithRedirect({ options: { authSessionOpener: opener } });
    expect(visited).toHaveLength(1);
    // Never back to an unlisted URL: Cognito's own error page, on the pool's domain.
    expect(stops.map(String)).toEqual([
      `https://${DOMAIN}/error?error=redirect_mismatch&client_id=${CLIENT_ID}`,
    ]);
    // No code was issued, so nothing reached /oauth2/token.
    expect(pool.requests.map(({ operation }) => operation)).toEqual(['oauth2/authorize']);
  });
});
