/**
 * The sign-out reason of a dead refresh token comes from Cognito's message, and the testing kit
 * writes that message itself, so a test that revokes a token at the kit and sees `revoked` only
 * shows that the kit and the classifier agree. Here the refusal is answered by hand, in the
 * wordings and casings Cognito uses (docs/cognito-wire.md sections 1 and 7) and in ones it does
 * not, through a whole session: the reason must follow the wording, not the kit.
 */
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CLIENT_ID,
  issue,
  REGION,
  requestsOf,
  server,
  startPool,
  startSession,
  useFakeClock,
  useMsw,
} from './harness.js';

const API = `https://cognito-idp.${REGION}.amazonaws.com/`;

function refuseRefreshWith(message: string, type = 'NotAuthorizedException') {
  server.use(
    http.post(API, ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? '';
      if (!target.endsWith('.GetTokensFromRefreshToken')) return undefined;
      return HttpResponse.json(
        { __type: type, message },
        { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' } },
      );
    }),
  );
}

describe('the sign-out reason follows Cognito’s wording, not the testing kit’s', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it.each([
    ['Refresh Token has been revoked', 'revoked'],
    ['Refresh token has been revoked.', 'revoked'],
    ['REFRESH TOKEN HAS BEEN REVOKED', 'revoked'],
    ['Access Token has been revoked', 'revoked'],
    ['User is disabled.', 'revoked'],
    ['Invalid Refresh Token', 'invalid'],
    ['Invalid refresh token.', 'invalid'],
    ['Refresh Token has expired', 'expired'],
    ['Incorrect username or password.', 'expired'],
    ['', 'expired'],
  ] as const)('"%s" ends the session with reason %s', async (message, reason) => {
    const pool = await startPool();
    const { session, recorder } = startSession();
    await session.setTokens(await issue(pool));
    refuseRefreshWith(message);

    await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(session.getState()).toEqual({ status: 'signedOut', reason });
    expect(recorder.of('signedOut')).toEqual([{ reason }]);
    // The pool itself never saw the refresh: the refusal above answered it.
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(0);
  });

  it('the kit’s own revocation is worded as Cognito words it', async () => {
    const pool = await startPool();
    const tokens = await issue(pool);
    const call = (operation: string, body: object) =>
      fetch(API, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
    await call('RevokeToken', { ClientId: CLIENT_ID, Token: tokens.refreshToken });
    const answer = await call('GetTokensFromRefreshToken', {
      ClientId: CLIENT_ID,
      RefreshToken: tokens.refreshToken,
    });
    // The words of docs/cognito-wire.md's table, which the cases above vary.
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });
});
