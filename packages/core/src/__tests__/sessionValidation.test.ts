import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mintTokens } from '../testing/index.js';
import type { TokenSet } from '../types.js';
import {
  CLIENT_ID,
  issue,
  REGION,
  rememberTokens,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
const POOL = { region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID };

async function minted(options: Parameters<typeof mintTokens>[1] = {}): Promise<TokenSet> {
  const tokens = await mintTokens({}, { ...POOL, ...options });
  rememberTokens(tokens);
  return tokens;
}

describe('validation on receipt', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('accepts a valid Cognito token set', async () => {
    const { session } = startSession();
    const state = await session.setTokens(await minted());
    expect(state.status).toBe('signedIn');
    expect(state.status === 'signedIn' && state.user.iss).toBe(ISSUER);
  });

  const cases: Array<[string, () => Promise<TokenSet>, RegExp]> = [
    [
      'a malformed ID token',
      async () => ({ ...(await minted()), idToken: 'not-a-jwt' }),
      /ID token is not a decodable JWT/,
    ],
    [
      'a malformed access token',
      async () => ({ ...(await minted()), accessToken: 'a.b.c' }),
      /access token is not a decodable JWT/,
    ],
    [
      'an ID token in the access slot',
      async () => {
        const tokens = await minted();
        return { ...tokens, accessToken: tokens.idToken };
      },
      /token_use is not "access"/,
    ],
    [
      'an access token in the ID slot',
      async () => {
        const tokens = await minted();
        return { ...tokens, idToken: tokens.accessToken };
      },
      /token_use is not "id"/,
    ],
    [
      'an ID token for another client (aud)',
      () => minted({ idClaims: { aud: 'someone-else' } }),
      /aud does not match/,
    ],
    [
      'an access token for another client (client_id)',
      () => minted({ accessClaims: { client_id: 'someone-else' } }),
      /client_id does not match/,
    ],
    [
      'tokens from another issuer',
      () => minted({ userPoolId: 'eu-west-1_Other' }),
      /another issuer/,
    ],
    // The skew is measured from iat (as the AWS SDKs do), so "expired after skew correction"
    // means the tokens arrived dead: no lifetime left past their issue time.
    [
      'tokens that arrive expired (exp = iat)',
      () => minted({ lifetimeSeconds: 0 }),
      /already expired/,
    ],
    [
      'tokens that arrive expired (exp before iat)',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return minted({
          idClaims: { iat: now, exp: now - 30 },
          accessClaims: { iat: now, exp: now - 30 },
        });
      },
      /already expired/,
    ],
    [
      'an access token expired before the ID token was issued',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return minted({ accessClaims: { exp: now - 60, iat: now - 3660 } });
      },
      /already expired/,
    ],
  ];

  it.each(cases)(
    'setTokens rejects %s with invalid_token and changes nothing',
    async (_, make, message) => {
      const pool = await startPool();
      const { session, recorder } = startSession();
      const good = await issue(pool);
      await session.setTokens(good);
      const before = session.getState();
      const bad = await make();
      rememberTokens(bad);
      const result = session.setTokens(bad);
      await expect(result).rejects.toMatchObject({ name: 'SessionError', code: 'invalid_token' });
      await expect(result).rejects.toThrow(message);
      expect(session.getState()).toBe(before);
      expect(recorder.of('tokensChanged')).toHaveLength(1);
    },
  );

  it('refuses a refresh answer with tokens for another client, keeping the session', async () => {
    const pool = await startPool();
    const { session } = startSession({ cognito: { clientId: CLIENT_ID } });
    await session.setTokens(await issue(pool));
    const stranger = await minted({ clientId: 'someone-else' });
    const { http, HttpResponse } = await import('msw');
    const { server } = await import('./harness.js');
    server.use(
      http.post(`https://cognito-idp.${REGION}.amazonaws.com/`, () =>
        HttpResponse.json({
          AuthenticationResult: { IdToken: stranger.idToken, AccessToken: stranger.accessToken },
        }),
      ),
    );
    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_token' });
    const state = session.getState();
    expect(state.status).toBe('signedIn');
    expect(state.status === 'signedIn' && state.error?.code).toBe('invalid_token');
  });
});
