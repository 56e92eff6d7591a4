/**
 * Redirect sign-in (flows/redirectSignIn.ts) and its support (flows/redirectSupport.ts): the
 * transaction store, the callback reader, the page helpers and the options the round-trip suites
 * never pass. Found by mutation testing (`pnpm mutation`).
 */
import { InMemoryWebStorage, OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  assignLocation,
  codeChallengeS256,
  createTransactionStore,
  currentOrigin,
  currentPageUrl,
  type RedirectTransaction,
  randomToken,
  readCallback,
  withoutCallbackParameters,
} from '../flows/redirectSupport.js';
import { oidc } from '../providers/oidc/oidc.js';
import {
  authorizeUrlOf,
  CLIENT_ID,
  DOMAIN,
  followRedirect,
  handleRedirectCallback,
  REGION,
  rememberTokens,
  signInWithRedirect,
  startPool,
  startSession,
  stubTabSessionStorage,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';

// One MSW server and one token audit for the whole file (the audit needs a session that held tokens).
useMsw();

const APP = 'https://app.example.com';
const REDIRECT_URI = `${APP}/callback`;

const transaction = (state = 'state-1'): RedirectTransaction => ({
  state,
  nonce: 'nonce-1',
  codeVerifier: 'verifier-1',
  redirectUri: REDIRECT_URI,
  createdAt: 1,
  appState: { returnTo: '/orders' },
});

/** A page at `href`, with a `history` whose `replaceState` is a spy unless told otherwise. */
function stubPage(href: string, options: { history?: boolean } = {}) {
  const url = new URL(href);
  const assign = vi.fn();
  vi.stubGlobal('location', {
    href: url.href,
    origin: url.origin,
    pathname: url.pathname,
    assign,
  });
  const replaceState = vi.fn();
  if (options.history !== false) vi.stubGlobal('history', { state: { page: 1 }, replaceState });
  return { assign, replaceState };
}

describe('createTransactionStore', () => {
  it('keeps transactions in memory where sessionStorage is missing, one read each', () => {
    vi.stubGlobal('sessionStorage', undefined);
    const store = createTransactionStore('ns');
    store.save(transaction());
    expect(store.take('other-state')).toBeUndefined();
    expect(store.take('state-1')).toEqual(transaction());
    expect(store.take('state-1')).toBeUndefined();
  });

  it('falls back to memory where reading sessionStorage throws (sandboxed frames)', () => {
    const own = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      const store = createTransactionStore('ns');
      store.save(transaction());
      expect(store.take('state-1')).toEqual(transaction());
    } finally {
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
      if (own) Object.defineProperty(globalThis, 'sessionStorage', own);
    }
  });

  it('shares the memory fallback between stores of one page (save in one call, take in another)', () => {
    vi.stubGlobal('sessionStorage', undefined);
    createTransactionStore('ns').save(transaction());
    expect(createTransactionStore('other-ns').take('state-1')).toBeUndefined();
    expect(createTransactionStore('ns').take('state-1')).toEqual(transaction());
    expect(createTransactionStore('ns').take('state-1')).toBeUndefined();
  });

  it('a redirect round trip without sessionStorage (no reload in between) signs in', async () => {
    vi.stubGlobal('sessionStorage', undefined);
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = startSession({
      cognito: { domain: DOMAIN, redirectUri: REDIRECT_URI },
    });
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    const result = await handleRedirectCallback(session, await followRedirect(authorizeUrl));
    expect(result.user['cognito:username']).toBe(USER.username);
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    if (state.status === 'signedIn') rememberTokens(state.tokens);
    vi.unstubAllGlobals();
  });

  it('keeps each namespace (session storage key) apart', () => {
    const page = stubTabSessionStorage();
    createTransactionStore('pool-a').save(transaction());
    expect(createTransactionStore('pool-b').take('state-1')).toBeUndefined();
    expect(page.size).toBe(1);
    expect(createTransactionStore('pool-a').take('state-1')).toEqual(transaction());
    expect(page.size).toBe(0);
  });

  it.each<[string, (stored: RedirectTransaction) => string]>([
    ['filed under another state', (stored) => JSON.stringify({ ...stored, state: 'state-2' })],
    ['without its code verifier', ({ codeVerifier: _, ...rest }) => JSON.stringify(rest)],
    ['with a numeric code verifier', (stored) => JSON.stringify({ ...stored, codeVerifier: 7 })],
    ['that is not JSON', () => '{not json'],
    ['that is JSON null', () => 'null'],
  ])('does not return a stored transaction %s, and deletes it', (_, tamper) => {
    const page = stubTabSessionStorage();
    const store = createTransactionStore('ns');
    store.save(transaction());
    const [key] = [...page.keys()];
    page.set(key ?? '', tamper(transaction()));
    expect(store.take('state-1')).toBeUndefined();
    expect(page.size).toBe(0);
  });
});

describe('readCallback', () => {
  it('reads a code callback', () => {
    expect(readCallback(new URL(`${REDIRECT_URI}?code=c1&state=s1`))).toEqual({
      kind: 'code',
      code: 'c1',
      state: 's1',
    });
  });

  it('reads an error callback, with or without description and state', () => {
    expect(
      readCallback(new URL(`${REDIRECT_URI}?error=access_denied&error_description=No&state=s1`)),
    ).toEqual({ kind: 'error', error: 'access_denied', description: 'No', state: 's1' });
    expect(readCallback(new URL(`${REDIRECT_URI}?error=server_error`))).toEqual({
      kind: 'error',
      error: 'server_error',
      description: undefined,
      state: undefined,
    });
  });

  it.each(['', '?code=c1', '?state=s1', '?code=&state=s1'])(
    'refuses %j: not a sign-in callback',
    (query) => {
      expect(() => readCallback(new URL(`${REDIRECT_URI}${query}`))).toThrow(
        expect.objectContaining({
          code: 'state_mismatch',
          message: 'This URL is not a sign-in callback: it has no "code" and "state".',
        }),
      );
    },
  );
});

describe('withoutCallbackParameters', () => {
  it('removes the sign-in parameters only, keeping path, other parameters and fragment', () => {
    const url = new URL(
      `${REDIRECT_URI}?code=c&keep=1&state=s&error=e&error_description=d&error_uri=u&iss=i&session_state=x#top`,
    );
    expect(withoutCallbackParameters(url)).toBe('/callback?keep=1#top');
    expect(withoutCallbackParameters(new URL(`${REDIRECT_URI}?code=c&state=s`))).toBe('/callback');
  });
});

describe('page helpers', () => {
  it('currentOrigin: the page origin, none outside a page or on an opaque origin', () => {
    expect(currentOrigin()).toBeUndefined();
    stubPage(`${APP}/page?x=1#y`);
    expect(currentOrigin()).toBe(APP);
    vi.stubGlobal('location', { origin: 'null' });
    expect(currentOrigin()).toBeUndefined();
    vi.stubGlobal('location', { origin: 42 });
    expect(currentOrigin()).toBeUndefined();
  });

  it('currentPageUrl: origin and path, without query or fragment; none without a real origin', () => {
    expect(currentPageUrl()).toBeUndefined();
    stubPage(`${APP}/deep/page?x=1#y`);
    expect(currentPageUrl()).toBe(`${APP}/deep/page`);
    vi.stubGlobal('location', { origin: 'null', pathname: '/x' });
    expect(currentPageUrl()).toBeUndefined();
    vi.stubGlobal('location', { origin: '', pathname: '/x' });
    expect(currentPageUrl()).toBeUndefined();
  });

  it('assignLocation navigates the page, and says what to do without one', () => {
    expect(() => assignLocation(`${APP}/x`)).toThrow(
      expect.objectContaining({
        code: 'provider',
        message: 'There is no page to redirect: pass `navigate` to redirect elsewhere.',
      }),
    );
    const { assign } = stubPage(`${APP}/page`);
    assignLocation('https://auth.example.com/authorize');
    expect(assign).toHaveBeenCalledWith('https://auth.example.com/authorize');
  });

  it('randomToken: 32 random bytes as 43 base64url characters, no padding', () => {
    const tokens = Array.from({ length: 50 }, randomToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(50);
  });

  it('codeChallengeS256 matches RFC 7636 appendix B', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});

describe('signInWithRedirect options', () => {
  afterEach(() => vi.unstubAllGlobals());

  const cognitoSession = (redirectUri: string | null = REDIRECT_URI) =>
    startSession({ cognito: { domain: DOMAIN, ...(redirectUri ? { redirectUri } : {}) } }).session;

  it('sends identity_provider, prompt and login_hint only when asked', async () => {
    stubTabSessionStorage();
    const plain = await authorizeUrlOf(cognitoSession());
    expect(plain.searchParams.has('identity_provider')).toBe(false);
    expect(plain.searchParams.has('prompt')).toBe(false);
    expect(plain.searchParams.has('login_hint')).toBe(false);
    expect(
      (await authorizeUrlOf(cognitoSession(), { loginHint: '' })).searchParams.has('login_hint'),
    ).toBe(false);
    const asked = await authorizeUrlOf(cognitoSession(), {
      identityProvider: 'Google',
      prompt: 'login',
      loginHint: 'alice+orders@example.com',
    });
    expect(asked.searchParams.get('identity_provider')).toBe('Google');
    expect(asked.searchParams.get('prompt')).toBe('login');
    expect(asked.searchParams.get('login_hint')).toBe('alice+orders@example.com');
  });

  it('names a federated IdP by its identifier (idp_identifier), never with identity_provider', async () => {
    const page = stubTabSessionStorage();
    const url = await authorizeUrlOf(cognitoSession(), { idpIdentifier: 'example.com' });
    expect(url.searchParams.get('idp_identifier')).toBe('example.com');
    expect(url.searchParams.has('identity_provider')).toBe(false);
    page.clear();
    const navigate = vi.fn();
    await expect(
      signInWithRedirect(cognitoSession(), {
        identityProvider: 'Google',
        idpIdentifier: 'example.com',
        navigate,
      }),
    ).rejects.toThrow(
      new TypeError('signInWithRedirect(): pass identityProvider or idpIdentifier, not both.'),
    );
    expect(navigate).not.toHaveBeenCalled();
    expect(page.size).toBe(0);
  });

  it("sends the sign-in page's language as Cognito's lang, only when asked", async () => {
    stubTabSessionStorage();
    expect((await authorizeUrlOf(cognitoSession())).searchParams.has('lang')).toBe(false);
    expect((await authorizeUrlOf(cognitoSession(), { lang: '' })).searchParams.has('lang')).toBe(
      false,
    );
    const french = await authorizeUrlOf(cognitoSession(), { lang: 'pt-BR' });
    expect(french.searchParams.get('lang')).toBe('pt-BR');
    expect(french.searchParams.has('ui_locales')).toBe(false);
  });

  it('ignores identityProvider and idpIdentifier for a provider without such parameters (OIDC)', async () => {
    stubTabSessionStorage();
    await startPool();
    const issuer = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
    const { session } = startSession({
      provider: oidc({ issuer, clientId: CLIENT_ID, redirectUri: REDIRECT_URI }),
    });
    const url = await authorizeUrlOf(session, {
      identityProvider: 'Google',
    });
    const byIdentifier = await authorizeUrlOf(session, { idpIdentifier: 'example.com' });
    expect([...byIdentifier.searchParams.keys()].sort()).toEqual(
      [...url.searchParams.keys()].sort(),
    );
    expect([...url.searchParams.keys()].sort()).toEqual([
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);
    // login_hint is OpenID Connect's own: an OIDC provider gets it.
    const hinted = await authorizeUrlOf(session, { loginHint: 'alice' });
    expect(hinted.searchParams.get('login_hint')).toBe('alice');
    // The language goes as OpenID Connect's ui_locales, not Cognito's lang, as oidc-client-ts
    // (a client nobody here wrote) sends it.
    const localised = await authorizeUrlOf(session, { lang: 'fr-CA fr' });
    const reference = new OidcClient({
      authority: issuer,
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    });
    const theirs = new URL(
      (await reference.createSigninRequest({ ui_locales: 'fr-CA fr', login_hint: 'alice' })).url,
    ).searchParams;
    expect(localised.searchParams.get('ui_locales')).toBe(theirs.get('ui_locales'));
    expect(hinted.searchParams.get('login_hint')).toBe(theirs.get('login_hint'));
    expect(localised.searchParams.has('lang')).toBe(false);
  });

  it("defaults the redirect URI to this page's URL, without query or fragment", async () => {
    stubTabSessionStorage();
    stubPage(`${APP}/signin?next=1#x`);
    const url = await authorizeUrlOf(cognitoSession(null));
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/signin`);
  });

  it('needs a redirect URI outside a browser page', async () => {
    const page = stubTabSessionStorage();
    await expect(authorizeUrlOf(cognitoSession(null))).rejects.toMatchObject({
      code: 'provider',
      message: 'signInWithRedirect needs a redirectUri outside a browser page.',
    });
    expect(page.size).toBe(0);
  });

  it('navigates with location.assign by default', async () => {
    stubTabSessionStorage();
    const { assign } = stubPage(`${APP}/page`);
    await signInWithRedirect(cognitoSession());
    expect(assign).toHaveBeenCalledTimes(1);
    expect(String(assign.mock.calls[0]?.[0])).toMatch(`https://${DOMAIN}/oauth2/authorize?`);
  });
});

describe('handleRedirectCallback on the page', () => {
  beforeEach(() => {
    stubTabSessionStorage();
  });
  afterEach(() => vi.unstubAllGlobals());

  async function startedSignIn() {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = startSession({ cognito: { domain: DOMAIN, redirectUri: REDIRECT_URI } });
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    const callback = `${await followRedirect(authorizeUrl)}&keep=1#top`;
    return { session, callback };
  }
  const remember = (session: ReturnType<typeof startSession>['session']) => {
    const state = session.getState();
    if (state.status === 'signedIn') rememberTokens(state.tokens);
  };

  it('reads the current URL and cleans the address bar of the sign-in parameters', async () => {
    const { session, callback } = await startedSignIn();
    const { replaceState } = stubPage(callback);
    await handleRedirectCallback(session);
    remember(session);
    expect(session.getState().status).toBe('signedIn');
    expect(replaceState).toHaveBeenCalledTimes(1);
    expect(replaceState).toHaveBeenCalledWith({ page: 1 }, '', '/callback?keep=1#top');
  });

  it('cleans the address bar even when the callback is refused', async () => {
    const { session, callback } = await startedSignIn();
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    const { replaceState } = stubPage(forged.href);
    await expect(handleRedirectCallback(session)).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(replaceState).toHaveBeenCalledWith({ page: 1 }, '', '/callback?keep=1#top');
  });

  it('leaves the address bar alone for a callback URL that is not the current page', async () => {
    const { session, callback } = await startedSignIn();
    const { replaceState } = stubPage(`${APP}/elsewhere`);
    await handleRedirectCallback(session, callback);
    remember(session);
    expect(session.getState().status).toBe('signedIn');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('works on a page without history', async () => {
    const { session, callback } = await startedSignIn();
    stubPage(callback, { history: false });
    await handleRedirectCallback(session);
    remember(session);
    expect(session.getState().status).toBe('signedIn');
  });

  it('resolves a relative callback URL against the page', async () => {
    const { session, callback } = await startedSignIn();
    stubPage(`${APP}/elsewhere`);
    const relative = new URL(callback);
    await handleRedirectCallback(session, `${relative.pathname}${relative.search}`);
    remember(session);
    expect(session.getState().status).toBe('signedIn');
  });

  it('needs the callback URL outside a browser page', async () => {
    const { session } = startSession({ cognito: { domain: DOMAIN, redirectUri: REDIRECT_URI } });
    await expect(handleRedirectCallback(session)).rejects.toMatchObject({
      code: 'state_mismatch',
      message: 'handleRedirectCallback needs the callback URL.',
    });
  });

  it('refuses a URL without code and state as no callback', async () => {
    const { session } = startSession({ cognito: { domain: DOMAIN, redirectUri: REDIRECT_URI } });
    await expect(handleRedirectCallback(session, `${REDIRECT_URI}?code=c`)).rejects.toMatchObject({
      code: 'state_mismatch',
      message: 'This URL is not a sign-in callback: it has no "code" and "state".',
    });
  });
});
