import { createHash } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SRP_N } from '../providers/cognito/srpMath.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import {
  authorizeUrlOf,
  CLIENT_ID,
  DOMAIN,
  followRedirect,
  handleRedirectCallback,
  rememberTokens,
  requestsOf,
  server,
  signInWithPassword,
  signInWithRedirect,
  signOutWithRedirect,
  startPool,
  startSession,
  stubTabSessionStorage,
  USER,
  useMsw,
} from './harness.js';
import { heldTokens } from './tokenAudit.js';

const KEY = `cognito:eu-west-1_TestPool1:${CLIENT_ID}`;
const REDIRECT_URI = 'https://app.example.com/callback';

describe('signInWithPassword', () => {
  useMsw();

  it('reaches signedIn with the user claims, by default with USER_SRP_AUTH (the password never sent)', async () => {
    const pool = await startPool();
    const { session, recorder } = startSession();
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toMatchObject({ status: 'signedIn', user: { email: 'alice@example.com' } });
    const state = session.getState();
    expect(state).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': 'alice', 'cognito:groups': ['admins'], 'custom:tenant': 'acme' },
    });
    if (state.status === 'signedIn') rememberTokens(state.tokens);
    expect(state.status === 'signedIn' && heldTokens(session)?.refreshToken).toEqual(
      expect.any(String),
    );
    expect(state.status === 'signedIn' && state.tokens).not.toHaveProperty('refreshToken');
    expect(requestsOf(pool, 'InitiateAuth').map((request) => request.body)).toEqual([
      {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: {
          USERNAME: USER.username,
          SRP_A: expect.stringMatching(/^[0-9a-f]{700,}$/),
        },
      },
    ]);
    // The pool's PASSWORD_VERIFIER carries no Session: none is sent back.
    expect(requestsOf(pool, 'RespondToAuthChallenge').map((request) => request.body)).toEqual([
      {
        ClientId: CLIENT_ID,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: 'alice',
          PASSWORD_CLAIM_SECRET_BLOCK: expect.any(String),
          PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
          TIMESTAMP: expect.stringMatching(
            /^[A-Z][a-z]{2} [A-Z][a-z]{2} [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/,
          ),
        },
      },
    ]);
    expect(JSON.stringify(pool.requests)).not.toContain(USER.password);
    expect(recorder.of('signedIn')).toHaveLength(1);
  });

  it("signs in with USER_PASSWORD_AUTH with { authFlow: 'USER_PASSWORD_AUTH' }", async () => {
    const pool = await startPool();
    const { session } = startSession();
    const result = await signInWithPassword(session, USER.username, USER.password, {
      authFlow: 'USER_PASSWORD_AUTH',
    });
    expect(result).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
    expect(pool.requests.map((request) => request.body)).toEqual([
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: USER.username, PASSWORD: USER.password },
      },
    ]);
  });

  it('refuses an unknown authFlow with a TypeError before any request', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const options = { authFlow: 'USER_AUTH' } as unknown as { authFlow: 'USER_SRP_AUTH' };
    await expect(
      signInWithPassword(session, USER.username, USER.password, options),
    ).rejects.toThrow(
      /authFlow must be 'USER_SRP_AUTH', 'USER_PASSWORD_AUTH' or 'CUSTOM_WITH_SRP', got "USER_AUTH"/,
    );
    expect(pool.requests).toHaveLength(0);
  });

  describe.each([
    ['USER_SRP_AUTH (the default)', undefined],
    ['USER_PASSWORD_AUTH', { authFlow: 'USER_PASSWORD_AUTH' }],
  ] as const)('with %s', (_flow, options) => {
    /** A new hire (FORCE_CHANGE_PASSWORD) signing in with the temporary password. */
    async function newHireSignIn() {
      const pool = await startPool();
      await pool.addUser({
        username: 'newhire',
        password: 'Temp-Pass-1',
        status: 'FORCE_CHANGE_PASSWORD',
      });
      const { session } = startSession();
      const first = await signInWithPassword(session, 'newhire', 'Temp-Pass-1', options);
      return { pool, session, first };
    }

    it('answers NEW_PASSWORD_REQUIRED through respond', async () => {
      const { pool, session, first } = await newHireSignIn();
      expect(first).toMatchObject({ status: 'challenge', name: 'NEW_PASSWORD_REQUIRED' });
      if (first.status !== 'challenge') return;
      expect(Array.isArray(first.parameters.requiredAttributes)).toBe(true);
      const done = await first.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' });
      expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'newhire' } });
      expect(session.getState().status).toBe('signedIn');
      const [respond] = requestsOf(pool, 'RespondToAuthChallenge').filter(
        (request) =>
          (request.body as { ChallengeName?: string }).ChallengeName !== 'PASSWORD_VERIFIER',
      );
      expect(respond?.body).toMatchObject({
        ClientId: CLIENT_ID,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: expect.any(String),
        ChallengeResponses: { NEW_PASSWORD: 'Brand-New-Pass-2', USERNAME: 'newhire' },
      });
    });

    it("refuses a new password the pool's policy does not take, in its own words, and takes another", async () => {
      const { session, first } = await newHireSignIn();
      if (first.status !== 'challenge') throw new Error('expected NEW_PASSWORD_REQUIRED');
      await expect(first.respond({ NEW_PASSWORD: 'short' })).rejects.toMatchObject({
        code: 'challenge',
        providerCode: 'InvalidPasswordException',
        message:
          "Sign-in failed (InvalidPasswordException): The new password does not meet the pool's password policy.",
      });
      expect(session.getState().status).toBe('signedOut');
      expect((await first.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' })).status).toBe('signedIn');
    });

    it.each([
      ['SOFTWARE_TOKEN_MFA', 'SOFTWARE_TOKEN_MFA_CODE'],
      ['SMS_MFA', 'SMS_MFA_CODE'],
    ] as const)('answers %s through respond, also after a wrong code', async (type, field) => {
      const pool = await startPool();
      await pool.addUser({
        username: 'mfa-user',
        password: 'Passw0rd!1',
        mfa: { type, code: '123456' },
      });
      const { session } = startSession();
      const challenge = await signInWithPassword(session, 'mfa-user', 'Passw0rd!1', options);
      expect(challenge).toMatchObject({ status: 'challenge', name: type });
      if (challenge.status !== 'challenge') return;
      await expect(challenge.respond({ [field]: '000000' })).rejects.toMatchObject({
        code: 'challenge',
        providerCode: 'CodeMismatchException',
      });
      expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
      const done = await challenge.respond({ [field]: '123456' });
      expect(done.status).toBe('signedIn');
      expect(session.getState().status).toBe('signedIn');
    });

    it.each([
      [
        'a wrong password',
        'alice',
        'wrong-password',
        'invalid_grant',
        'NotAuthorizedException',
        /The username or password is wrong/,
      ],
      [
        'an unknown user',
        'nobody',
        'whatever-1',
        'invalid_grant',
        'UserNotFoundException',
        /No user has this username/,
      ],
      [
        'an unconfirmed user',
        'pending',
        'Passw0rd!1',
        'challenge',
        'UserNotConfirmedException',
        /not confirmed the account/,
      ],
      [
        'a user who must reset the password',
        'reset',
        'Passw0rd!1',
        'challenge',
        'PasswordResetRequiredException',
        /must reset the password/,
      ],
    ])(
      '%s is refused with a clear SessionError and nothing stored',
      async (_, username, password, code, providerCode, message) => {
        const pool = await startPool();
        await pool.addUser({ username: 'pending', password: 'Passw0rd!1', status: 'UNCONFIRMED' });
        await pool.addUser({ username: 'reset', password: 'Passw0rd!1', status: 'RESET_REQUIRED' });
        const storage = memoryStorage();
        const { session } = startSession({ storage });
        await session.ready;
        const attempt = signInWithPassword(session, username, password, options);
        await expect(attempt).rejects.toMatchObject({ name: 'SessionError', code, providerCode });
        await expect(attempt).rejects.toThrow(message);
        expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
        expect(await storage.get(KEY)).toBeUndefined();
      },
    );
  });

  it('throttling is refused with rate_limited', async () => {
    const pool = await startPool();
    pool.failNext('throttle');
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
    });
  });
});

describe('signInWithPassword: reading the PASSWORD_VERIFIER challenge', () => {
  useMsw();
  const ENDPOINT = 'https://cognito-idp.eu-west-1.amazonaws.com/';

  /** A scripted endpoint: PASSWORD_VERIFIER with `parameters`, then records the proof. */
  function scriptedPool(parameters: Record<string, string>) {
    const proofs: Array<{ ChallengeResponses: Record<string, string>; Session?: string }> = [];
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const body = await request.json();
        const headers = { 'Content-Type': 'application/x-amz-json-1.1' };
        if (request.headers.get('x-amz-target')?.endsWith('.InitiateAuth')) {
          return HttpResponse.json(
            {
              ChallengeName: 'PASSWORD_VERIFIER',
              ChallengeParameters: parameters,
              Session: 'S'.repeat(40),
            },
            { headers },
          );
        }
        proofs.push(body as (typeof proofs)[number]);
        return HttpResponse.json(
          { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
          { status: 400, headers },
        );
      }),
    );
    return proofs;
  }

  const SRP = {
    SRP_B: (SRP_N - 12345n).toString(16),
    SALT: 'f00dfeed',
    SECRET_BLOCK: 'c2VjcmV0IGJsb2Nr',
  };

  it.each([
    [
      'USERNAME first',
      { USERNAME: 'from-username', USER_ID_FOR_SRP: 'from-user-id' },
      'from-username',
    ],
    ['USER_ID_FOR_SRP without USERNAME', { USER_ID_FOR_SRP: 'from-user-id' }, 'from-user-id'],
    ['what the user typed without either', {}, 'typed-name'],
  ])(
    'names the user in the answer from %s, and sends the Session back',
    async (_, names, expected) => {
      const proofs = scriptedPool({ ...SRP, ...names });
      const { session } = startSession();
      await expect(signInWithPassword(session, 'typed-name', 'Passw0rd!1')).rejects.toMatchObject({
        code: 'invalid_grant',
        providerCode: 'NotAuthorizedException',
      });
      expect(proofs).toHaveLength(1);
      expect(proofs[0]?.ChallengeResponses.USERNAME).toBe(expected);
      expect(proofs[0]?.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK).toBe(SRP.SECRET_BLOCK);
      expect(proofs[0]?.Session).toBe('S'.repeat(40));
    },
  );

  it.each([
    ['without SRP_B', { SALT: SRP.SALT, SECRET_BLOCK: SRP.SECRET_BLOCK }],
    ['with B = N (0 mod N)', { ...SRP, SRP_B: SRP_N.toString(16) }],
    ['with SRP_B not in hex', { ...SRP, SRP_B: 'xyz' }],
  ])('refuses a challenge %s with invalid_response and sends no proof', async (_, parameters) => {
    const proofs = scriptedPool({ ...parameters, USER_ID_FOR_SRP: 'alice' });
    const { session } = startSession();
    await expect(signInWithPassword(session, 'alice', 'Passw0rd!1')).rejects.toMatchObject({
      code: 'invalid_response',
    });
    expect(proofs).toHaveLength(0);
  });
});

describe('signInWithRedirect / handleRedirectCallback (Cognito hosted UI)', () => {
  useMsw();
  let page: Map<string, string>;
  beforeEach(() => {
    page = stubTabSessionStorage();
  });
  afterEach(() => vi.unstubAllGlobals());

  function redirectSession(options: Parameters<typeof startSession>[0] = {}) {
    return startSession({ cognito: { domain: DOMAIN, redirectUri: REDIRECT_URI }, ...options });
  }

  /** A hosted-UI sign-in started and answered by the pool: the callback URL the app gets back. */
  async function redirectedBack(options: Parameters<typeof startSession>[0] = {}) {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = redirectSession(options);
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    return { pool, session, callback: await followRedirect(authorizeUrl) };
  }

  it('a round trip with PKCE S256, state and nonce reaches signedIn and hands appState back', async () => {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = redirectSession();
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      appState: { returnTo: '/orders/42' },
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    const authorize = new URL(authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`https://${DOMAIN}/oauth2/authorize`);
    const query = Object.fromEntries(authorize.searchParams);
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    expect(query.state).toMatch(/^[\w-]{43}$/);
    expect(query.nonce).toMatch(/^[\w-]{43}$/);
    expect(query.code_challenge).toMatch(/^[\w-]{43}$/);

    const callback = await followRedirect(authorizeUrl);
    const result = await handleRedirectCallback(session, callback);
    expect(result).toEqual({
      user: expect.objectContaining({ 'cognito:username': 'alice', nonce: query.nonce }),
      appState: { returnTo: '/orders/42' },
    });
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    if (state.status === 'signedIn') rememberTokens(state.tokens);
    const [exchange] = requestsOf(pool, 'oauth2/token');
    expect(exchange?.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      code: new URL(callback).searchParams.get('code'),
      code_verifier: expect.stringMatching(/^[\w-]{43}$/),
    });
  });

  it('draws state, nonce and code verifier afresh for every sign-in, all different, the challenge S256 of the verifier', async () => {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = redirectSession();
    const draws: Array<{ state: string; nonce: string; challenge: string; verifier: string }> = [];
    for (let round = 0; round < 2; round++) {
      let authorizeUrl = '';
      await signInWithRedirect(session, {
        navigate: (url) => {
          authorizeUrl = url;
        },
      });
      const query = new URL(authorizeUrl).searchParams;
      await handleRedirectCallback(session, await followRedirect(authorizeUrl));
      const body = requestsOf(pool, 'oauth2/token').at(-1)?.body as { code_verifier?: string };
      const verifier = body?.code_verifier ?? '';
      draws.push({
        state: query.get('state') ?? '',
        nonce: query.get('nonce') ?? '',
        challenge: query.get('code_challenge') ?? '',
        verifier,
      });
      await session.signOut({ revoke: false });
    }
    const values = draws.flatMap((draw) => [draw.state, draw.nonce, draw.verifier]);
    expect(new Set(values).size).toBe(6);
    for (const draw of draws) {
      // RFC 7636 4.2, computed here with node:crypto, apart from the code under test.
      const expected = createHash('sha256').update(draw.verifier).digest('base64url');
      expect(draw.challenge).toBe(expected);
      expect(draw.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    }
  });

  it('refuses a callback that comes back after the 15-minute transaction lifetime', async () => {
    let now = Date.now();
    const { pool, session, callback } = await redirectedBack({ now: () => now });
    now += 15 * 60_000 + 1;
    await expect(handleRedirectCallback(session, callback)).rejects.toMatchObject({
      code: 'state_mismatch',
      message: expect.stringMatching(/took too long/),
    });
    expect(requestsOf(pool, 'oauth2/token')).toHaveLength(0);
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
  });

  it('takes a callback just inside the transaction lifetime', async () => {
    let now = Date.now();
    const { session, callback } = await redirectedBack({ now: () => now });
    now += 15 * 60_000;
    await handleRedirectCallback(session, callback);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
  });

  it('survives a reload between the two steps (a new session object, same tab)', async () => {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    let authorizeUrl = '';
    await signInWithRedirect(redirectSession().session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    const callback = await followRedirect(authorizeUrl);
    const { session } = redirectSession(); // the page reloaded
    await handleRedirectCallback(session, callback);
    expect(session.getState().status).toBe('signedIn');
  });

  async function refused(tamper: (callback: URL) => string, code: string, message: RegExp) {
    const storage = memoryStorage();
    const redirected = await redirectedBack({ storage });
    const { pool, session } = redirected;
    const callback = new URL(redirected.callback);
    const attempt = handleRedirectCallback(session, tamper(callback));
    await expect(attempt).rejects.toMatchObject({ code });
    await expect(attempt).rejects.toThrow(message);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(await storage.get(KEY)).toBeUndefined();
    return { pool, session, callback };
  }

  it('refuses a tampered state with state_mismatch and stores nothing', async () => {
    await refused(
      (callback) => {
        callback.searchParams.set('state', 'forged-state');
        return callback.href;
      },
      'state_mismatch',
      /No sign-in started in this tab/,
    );
  });

  it('refuses a replayed callback with state_mismatch', async () => {
    const { pool, session, callback } = await redirectedBack();
    await handleRedirectCallback(session, callback);
    await expect(handleRedirectCallback(session, callback)).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    expect(requestsOf(pool, 'oauth2/token')).toHaveLength(1);
  });

  it('rejects a callback whose user was disabled since the code was made, and stays signed out', async () => {
    const { pool, session, callback } = await redirectedBack();
    await pool.disableUser(USER.username);
    await expect(handleRedirectCallback(session, callback)).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    expect(requestsOf(pool, 'oauth2/token')).toHaveLength(1);
  });

  it('refuses a wrong nonce in the ID token with invalid_token and stores nothing', async () => {
    // The transaction is for another nonce than the one the provider put in the token.
    await refused(
      (callback) => {
        const key = [...page.keys()][0] ?? '';
        const transaction = JSON.parse(page.get(key) ?? '{}');
        page.set(key, JSON.stringify({ ...transaction, nonce: 'another-nonce' }));
        return callback.href;
      },
      'invalid_token',
      /nonce does not match/,
    );
  });

  it('turns a provider error on the callback into a SessionError whose message quotes none of it', async () => {
    await refused(
      (callback) => {
        const state = callback.searchParams.get('state') ?? '';
        return `${REDIRECT_URI}?error=access_denied&error_description=User+cancelled&state=${state}`;
      },
      'provider',
      /^The provider refused the sign-in; see providerCode and providerMessage\.$/,
    );
  });

  it('an error callback that matches no sign-in is state_mismatch, and its text stays out of the message', async () => {
    // A link anyone could send: ?error=…&error_description=<their words>. No transaction matches.
    const { session } = redirectSession();
    const forged = `${REDIRECT_URI}?error=access_denied&error_description=${encodeURIComponent('Your account is locked, call +1 555 0100')}&state=forged`;
    const attempt = handleRedirectCallback(session, forged);
    await expect(attempt).rejects.toMatchObject({ code: 'state_mismatch' });
    const error = (await attempt.catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toMatch(/locked|555|access_denied/);
    // Without state at all, the same.
    const stateless = handleRedirectCallback(
      session,
      `${REDIRECT_URI}?error=server_error&error_description=Pwned`,
    );
    await expect(stateless).rejects.toMatchObject({ code: 'state_mismatch' });
    await expect(stateless).rejects.not.toThrow(/Pwned|server_error/);
  });

  it('a provider error for a sign-in this tab started keeps the provider words in providerMessage', async () => {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = redirectSession();
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    const attempt = handleRedirectCallback(
      session,
      `${REDIRECT_URI}?error=access_denied&error_description=User+cancelled&state=${state}`,
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'access_denied',
      providerMessage: 'User cancelled',
    });
    await expect(attempt).rejects.not.toThrow(/cancelled/);
    // The transaction was used up: a replay of the same error link is foreign now.
    await expect(
      handleRedirectCallback(session, `${REDIRECT_URI}?error=access_denied&state=${state}`),
    ).rejects.toMatchObject({ code: 'state_mismatch' });
  });

  /** A session signed in through the hosted UI, and its pool. */
  async function signedInByRedirect() {
    const pool = await startPool();
    await pool.setHostedUiUser(USER.username);
    const { session } = redirectSession();
    let authorizeUrl = '';
    await signInWithRedirect(session, {
      navigate: (url) => {
        authorizeUrl = url;
      },
    });
    await handleRedirectCallback(session, await followRedirect(authorizeUrl));
    return { pool, session };
  }

  it("prompt 'none' signs in again without a page while managed login's session lasts, and is login_required after signOutWithRedirect", async () => {
    const { session } = await signedInByRedirect();
    const silently = async () =>
      handleRedirectCallback(
        session,
        await followRedirect((await authorizeUrlOf(session, { prompt: 'none' })).href),
      );
    await session.signOut();
    expect((await silently()).user['cognito:username']).toBe(USER.username);
    expect(session.getState().status).toBe('signedIn');

    let logoutUrl = '';
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example.com/bye',
      navigate: (url) => {
        logoutUrl = url;
      },
    });
    await followRedirect(logoutUrl);
    await expect(silently()).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'login_required',
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
  });

  it('signOut({ redirect: true }) ends the hosted-UI session at /logout after the local sign-out', async () => {
    const { pool, session } = await signedInByRedirect();
    let logoutUrl = '';
    await signOutWithRedirect(session, {
      returnTo: 'https://app.example.com/bye',
      navigate: (url) => {
        expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
        logoutUrl = url;
      },
    });
    const logout = new URL(logoutUrl);
    expect(`${logout.origin}${logout.pathname}`).toBe(`https://${DOMAIN}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: CLIENT_ID,
      logout_uri: 'https://app.example.com/bye',
    });
    expect(await followRedirect(logoutUrl)).toBe('https://app.example.com/bye');
    expect(requestsOf(pool, 'oauth2/revoke')).toHaveLength(1);
  });

  it('signOut({ redirect: true }) keeps the refresh token unrevoked with revoke: false, and needs returnTo outside a page', async () => {
    const { pool, session } = await signedInByRedirect();
    const navigated: string[] = [];
    const navigate = (url: string) => {
      navigated.push(url);
    };
    // No page here, so no origin to come back to: refused before anything is signed out.
    await expect(signOutWithRedirect(session, { navigate })).rejects.toMatchObject({
      code: 'provider',
      message: 'signOutWithRedirect needs returnTo outside a browser page.',
    });
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
    expect(navigated).toEqual([]);
    await signOutWithRedirect(session, {
      revoke: false,
      returnTo: 'https://app.example.com/bye',
      navigate,
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(navigated).toHaveLength(1);
    expect(requestsOf(pool, 'oauth2/revoke')).toHaveLength(0);
  });
});
