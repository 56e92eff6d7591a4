/**
 * `pool.failNext` answer by answer, on both protocols: the status, content type and body of each
 * fault kind on the JSON API and on `/oauth2/token`, the operations a fault hits by default, and
 * the count it takes. faults.test.ts has the behaviour around them; these are what StrykerJS
 * found no test for.
 */
import { describe, expect, it } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, postForm, setupPoolServer } from './cognitoTestClient.js';
import type { FaultKind } from './fakePoolTypes.js';

const { usePool } = setupPoolServer();

async function poolWithTokens() {
  const pool = usePool();
  await pool.addUser(ALICE);
  const { refreshToken } = await pool.issueTokens('alice');
  const api = () =>
    callApi('GetTokensFromRefreshToken', {
      ClientId: POOL_CONFIG.clientId,
      RefreshToken: refreshToken,
    });
  const oauth = () =>
    postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      client_id: POOL_CONFIG.clientId,
      refresh_token: refreshToken!,
    });
  return { pool, api, oauth };
}

const AMZ_JSON = 'application/x-amz-json-1.1';

describe('what each fault answers', () => {
  it.each<[FaultKind, number, string, unknown]>([
    [
      'server',
      500,
      AMZ_JSON,
      { __type: 'InternalErrorException', message: 'Internal server error.' },
    ],
    ['throttle', 400, AMZ_JSON, { __type: 'TooManyRequestsException', message: 'Rate exceeded' }],
    [
      'limit_exceeded',
      400,
      AMZ_JSON,
      {
        __type: 'LimitExceededException',
        message: 'Attempt limit exceeded, please try after some time.',
      },
    ],
    [
      'invalid_grant',
      400,
      AMZ_JSON,
      { __type: 'NotAuthorizedException', message: 'Invalid Refresh Token.' },
    ],
    [
      'missing_tokens',
      200,
      AMZ_JSON,
      { ChallengeParameters: {}, AuthenticationResult: { ExpiresIn: 3600, TokenType: 'Bearer' } },
    ],
  ])("'%s' on the JSON API: %i, %s, %j", async (kind, status, type, body) => {
    const { pool, api } = await poolWithTokens();
    pool.failNext(kind);
    const answer = await api();
    expect([answer.status, answer.headers.get('content-type'), answer.json]).toEqual([
      status,
      type,
      body,
    ]);
  });

  it.each<[FaultKind, number, unknown]>([
    ['server', 500, { error: 'server_error' }],
    ['throttle', 429, { error: 'too_many_requests' }],
    ['limit_exceeded', 429, { error: 'too_many_requests' }],
    ['invalid_grant', 400, { error: 'invalid_grant' }],
    ['missing_tokens', 200, { token_type: 'Bearer', expires_in: 3600 }],
  ])("'%s' on /oauth2/token: %i, %j", async (kind, status, body) => {
    const { pool, oauth } = await poolWithTokens();
    pool.failNext(kind);
    const answer = await oauth();
    expect([answer.status, answer.headers.get('content-type'), answer.json]).toEqual([
      status,
      'application/json;charset=UTF-8',
      body,
    ]);
  });

  it("'html', 'unavailable' and 'garbage' answer the same on both, but for garbage's type", async () => {
    const { pool, api, oauth } = await poolWithTokens();
    for (const [call, garbageType] of [
      [api, AMZ_JSON],
      [oauth, 'application/json;charset=UTF-8'],
    ] as const) {
      pool.failNext('html');
      const html = await call();
      expect([html.status, html.headers.get('content-type')]).toEqual([502, 'text/html']);
      expect(html.text).toBe(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      pool.failNext('unavailable');
      const unavailable = await call();
      expect([
        unavailable.status,
        unavailable.headers.get('content-type'),
        unavailable.headers.get('retry-after'),
        unavailable.text,
      ]).toEqual([503, 'text/plain', '1', 'Service Unavailable']);
      pool.failNext('garbage');
      const garbage = await call();
      expect([garbage.status, garbage.headers.get('content-type'), garbage.json]).toEqual([
        200,
        garbageType,
        null,
      ]);
    }
  });
});

describe('where a fault lands', () => {
  it('by default on sign-in too: InitiateAuth and RespondToAuthChallenge', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, status: 'FORCE_CHANGE_PASSWORD' });
    const initiate = () =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      });
    pool.failNext('server');
    expect((await initiate()).status).toBe(500);
    const challenge = await initiate();
    expect(challenge.json.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    pool.failNext('server');
    const answer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.json.Session,
      ChallengeResponses: { USERNAME: ALICE.username, NEW_PASSWORD: 'N3w-Passw0rd!' },
    });
    expect(answer.status).toBe(500);
  });

  it('takes a positive whole count only, and says what it got', () => {
    const pool = usePool();
    for (const count of [0, -1, 1.5, Number.NaN]) {
      expect(() => pool.failNext('server', count)).toThrow(
        new RangeError(`failNext count must be a positive integer, got ${count}`),
      );
    }
  });
});
