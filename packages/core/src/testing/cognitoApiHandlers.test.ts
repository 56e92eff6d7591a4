import { describe, expect, it } from 'vitest';
import {
  ALICE,
  callApi,
  claimsOf,
  createClock,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';

const { usePool } = setupPoolServer();
const ISSUER = `https://cognito-idp.${POOL_CONFIG.region}.amazonaws.com/${POOL_CONFIG.userPoolId}`;

function expectApiError(
  answer: { status: number; headers: Headers; json: unknown },
  type: string,
  message?: string,
) {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  expect(answer.headers.get('x-amzn-errortype')).toBe(`${type}:`);
  expect(answer.json).toEqual({ __type: type, message: message ?? expect.any(String) });
}

describe('InitiateAuth USER_PASSWORD_AUTH', () => {
  it('answers tokens with the AuthenticationResult shape and Cognito claims', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme' },
      groups: ['admins', 'staff'],
    });

    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.json).toEqual({
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: expect.any(String),
        ExpiresIn: 3600,
        IdToken: expect.any(String),
        RefreshToken: expect.any(String),
        TokenType: 'Bearer',
      },
    });
    const result = answer.json.AuthenticationResult;
    const iat = Math.floor(clock.now() / 1000);
    const id = claimsOf(result.IdToken);
    const access = claimsOf(result.AccessToken);
    expect(id).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'cognito:groups': ['admins', 'staff'],
      iss: ISSUER,
      'cognito:username': 'alice',
      origin_jti: expect.any(String),
      aud: POOL_CONFIG.clientId,
      event_id: expect.any(String),
      token_use: 'id',
      auth_time: iat,
      exp: iat + 3600,
      iat,
      jti: expect.any(String),
      email: 'alice@example.com',
      email_verified: true,
      'custom:tenant': 'acme',
    });
    expect(access).toEqual({
      sub: id.sub,
      'cognito:groups': ['admins', 'staff'],
      iss: ISSUER,
      client_id: POOL_CONFIG.clientId,
      origin_jti: id.origin_jti,
      event_id: id.event_id,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: iat,
      exp: iat + 3600,
      iat,
      jti: expect.any(String),
      username: 'alice',
      version: 2,
    });
    expect(access.jti).not.toBe(id.jti);
    expect(result.RefreshToken.split('.')).toHaveLength(5);
  });

  it('leaves cognito:groups out for a user without groups', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const result = await signIn();
    expect(claimsOf(result.IdToken)).not.toHaveProperty('cognito:groups');
    expect(claimsOf(result.AccessToken)).not.toHaveProperty('cognito:groups');
  });

  it('refuses a wrong password with NotAuthorizedException', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'wrong' },
    });
    expectApiError(answer, 'NotAuthorizedException', 'Incorrect username or password.');
  });

  it.each([
    ['an unknown user', undefined, 'UserNotFoundException', 'User does not exist.'],
    ['an unconfirmed user', 'UNCONFIRMED', 'UserNotConfirmedException', 'User is not confirmed.'],
    ['a user who must reset', 'RESET_REQUIRED', 'PasswordResetRequiredException', undefined],
  ] as const)('refuses %s', async (_label, status, type, message) => {
    const pool = usePool();
    if (status) await pool.addUser({ ...ALICE, status });
    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expectApiError(answer, type, message);
  });

  it('refuses an unknown app client with ResourceNotFoundException', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'someotherclient',
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expectApiError(
      answer,
      'ResourceNotFoundException',
      'User pool client someotherclient does not exist.',
    );
  });

  it('refuses a missing ClientId and missing parameters with InvalidParameterException', async () => {
    usePool();
    expectApiError(
      await callApi('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: {} }),
      'InvalidParameterException',
    );
    expectApiError(
      await callApi('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: 'alice' },
      }),
      'InvalidParameterException',
      'Missing required parameter PASSWORD',
    );
    expectApiError(
      await callApi('InitiateAuth', {
        AuthFlow: 'ADMIN_NO_SRP_AUTH',
        ClientId: POOL_CONFIG.clientId,
      }),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    );
  });
});

describe('request validation', () => {
  it('answers an unknown X-Amz-Target with UnknownOperationException', async () => {
    usePool();
    const answer = await callApi('AdminDeleteUser', {});
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('UnknownOperationException:');
    expect(answer.json.__type).toBe('com.amazon.coral.service#UnknownOperationException');
  });

  it.each([
    ['the bare operation name', 'InitiateAuth'],
    ["the identity pool's prefix", 'AWSCognitoIdentityService.InitiateAuth'],
    ['no target at all', null],
  ])(
    'answers %s in X-Amz-Target with UnknownOperationException, running nothing',
    async (_, target) => {
      const pool = usePool();
      await pool.addUser(ALICE);
      const response = await fetch('https://cognito-idp.eu-west-1.amazonaws.com/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          ...(target === null ? {} : { 'X-Amz-Target': target }),
        },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: POOL_CONFIG.clientId,
          AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
        }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException:');
      expect(await response.json()).toEqual({
        __type: 'com.amazon.coral.service#UnknownOperationException',
        message: '',
      });
    },
  );

  it('answers a wrong Content-Type or a body that is not JSON with SerializationException', async () => {
    usePool();
    const wrongType = await callApi(
      'GetUser',
      { AccessToken: 'x' },
      { headers: { 'Content-Type': 'application/json' } },
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('x-amzn-errortype')).toBe('SerializationException:');
    const response = await fetch('https://cognito-idp.eu-west-1.amazonaws.com/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser',
      },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException:');
  });

  it('reads the content type by its media type (a charset may follow), and refuses a request without one', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const input = {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    };
    const withCharset = await callApi('InitiateAuth', input, {
      headers: { 'Content-Type': 'application/x-amz-json-1.1; charset=utf-8' },
    });
    expect(withCharset.status).toBe(200);
    // Bytes, so that fetch adds no content type of its own.
    const untyped = await fetch('https://cognito-idp.eu-west-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: new TextEncoder().encode(JSON.stringify(input)),
    });
    expect(untyped.status).toBe(400);
    expect(untyped.headers.get('x-amzn-errortype')).toBe('SerializationException:');
  });

  it.each(['[]', 'null', '"InitiateAuth"', '42'])(
    'answers a JSON body that is no object (%s) with SerializationException',
    async (body) => {
      usePool();
      const response = await fetch('https://cognito-idp.eu-west-1.amazonaws.com/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser',
        },
        body,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException:');
    },
  );

  it('serves a custom endpoint', async () => {
    const pool = usePool({ endpoint: 'http://localhost:9229' });
    await pool.addUser(ALICE);
    const answer = await callApi(
      'InitiateAuth',
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      },
      { url: 'http://localhost:9229/' },
    );
    expect(answer.status).toBe(200);
  });
});

describe('challenges', () => {
  it('walks NEW_PASSWORD_REQUIRED to tokens and keeps the new password', async () => {
    const pool = usePool();
    await pool.addUser({
      ...ALICE,
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: { email: 'a@example.com' },
    });

    const challenge = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ChallengeParameters: {
        USER_ID_FOR_SRP: 'alice',
        requiredAttributes: '[]',
        userAttributes: JSON.stringify({ email: 'a@example.com' }),
      },
      Session: expect.any(String),
    });

    const answer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.json.Session,
      ChallengeResponses: {
        USERNAME: 'alice',
        NEW_PASSWORD: 'Brand-New-Pass-2',
        'userAttributes.name': 'Alice',
      },
    });
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.json.AuthenticationResult.IdToken).name).toBe('Alice');
    expect(await signIn('alice', 'Brand-New-Pass-2')).toHaveProperty('IdToken');
  });

  it.each([
    ['SOFTWARE_TOKEN_MFA', 'SOFTWARE_TOKEN_MFA_CODE'],
    ['SMS_MFA', 'SMS_MFA_CODE'],
  ] as const)(
    'answers %s with CodeMismatchException for a wrong code and tokens for the right one',
    async (type, field) => {
      const pool = usePool();
      await pool.addUser({
        ...ALICE,
        attributes: { phone_number: '+15555550123' },
        mfa: { type, code: '123456' },
      });
      const challenge = await callApi('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      });
      expect(challenge.json.ChallengeName).toBe(type);
      if (type === 'SMS_MFA') {
        expect(challenge.json.ChallengeParameters).toMatchObject({
          CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
          CODE_DELIVERY_DESTINATION: '+*******0123',
        });
      }
      const respond = (code: string) =>
        callApi('RespondToAuthChallenge', {
          ClientId: POOL_CONFIG.clientId,
          ChallengeName: type,
          Session: challenge.json.Session,
          ChallengeResponses: { USERNAME: 'alice', [field]: code },
        });

      expectApiError(await respond('000000'), 'CodeMismatchException');
      const answer = await respond('123456');
      expect(answer.status).toBe(200);
      expect(answer.json.AuthenticationResult.RefreshToken).toEqual(expect.any(String));
      // The session is single-use, as Cognito says of a reused one.
      expectApiError(
        await respond('123456'),
        'NotAuthorizedException',
        'Invalid session for the user, session can only be used once.',
      );
    },
  );

  it('spends a SELECT_MFA_TYPE Session on its answer: used again, it can only be used once', async () => {
    const pool = usePool({ mfa: 'optional', mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
      mfa: [
        { type: 'SOFTWARE_TOKEN_MFA', code: '135790' },
        { type: 'EMAIL_OTP', code: '246810' },
      ],
    });
    const challenge = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expect(challenge.json.ChallengeName).toBe('SELECT_MFA_TYPE');
    const choose = (ANSWER: string) =>
      callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: challenge.json.Session,
        ChallengeResponses: { USERNAME: 'alice', ANSWER },
      });
    expect((await choose('EMAIL_OTP')).json.ChallengeName).toBe('EMAIL_OTP');
    expectApiError(
      await choose('SOFTWARE_TOKEN_MFA'),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
  });

  it('refuses an unknown or expired Session', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '123456' } });
    const challenge = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    const respond = (session: string) =>
      callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: '123456' },
      });
    expectApiError(
      await respond('made-up'),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
    clock.advance(3 * 60_000);
    expectApiError(
      await respond(challenge.json.Session),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });
});

describe('refresh', () => {
  it('REFRESH_TOKEN_AUTH answers new tokens without a RefreshToken, auth_time unchanged', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const first = await signIn();
    clock.advance(600_000);

    for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']) {
      const answer = await callApi('InitiateAuth', {
        AuthFlow: flow,
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        ChallengeParameters: {},
        AuthenticationResult: {
          AccessToken: expect.any(String),
          ExpiresIn: 3600,
          IdToken: expect.any(String),
          TokenType: 'Bearer',
        },
      });
      const access = claimsOf(answer.json.AuthenticationResult.AccessToken);
      expect(access.auth_time).toBe(claimsOf(first.AccessToken).auth_time);
      expect(access.iat).toBe(Math.floor(clock.now() / 1000));
      expect(access.origin_jti).toBe(claimsOf(first.AccessToken).origin_jti);
    }
  });

  it('GetTokensFromRefreshToken answers without RefreshToken when the client does not rotate', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    const answer = await callApi('GetTokensFromRefreshToken', {
      ClientId: POOL_CONFIG.clientId,
      RefreshToken: tokens.refreshToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      AuthenticationResult: {
        AccessToken: expect.any(String),
        ExpiresIn: 3600,
        IdToken: expect.any(String),
        TokenType: 'Bearer',
      },
    });
  });

  it('refuses an unknown, an expired and a revoked refresh token with NotAuthorizedException', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now, refreshTokenLifetimeSeconds: 3600 });
    await pool.addUser(ALICE);
    const refresh = (token: string) =>
      callApi('GetTokensFromRefreshToken', { ClientId: POOL_CONFIG.clientId, RefreshToken: token });

    expectApiError(
      await refresh('not-a-token'),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    );

    const revoked = await pool.issueTokens('alice');
    const revoke = await callApi('RevokeToken', {
      Token: revoked.refreshToken,
      ClientId: POOL_CONFIG.clientId,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.json).toEqual({});
    expectApiError(
      await refresh(revoked.refreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );

    const expiring = await pool.issueTokens('alice');
    clock.advance(3600_000);
    expectApiError(
      await refresh(expiring.refreshToken!),
      'NotAuthorizedException',
      'Refresh Token has expired',
    );
  });

  it('uses the lifetime set by setTokenLifetime', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    pool.setTokenLifetime(300);
    const result = await signIn();
    expect(result.ExpiresIn).toBe(300);
    const claims = claimsOf(result.IdToken);
    expect(claims.exp - claims.iat).toBe(300);
  });
});

describe('GetUser, RevokeToken and GlobalSignOut', () => {
  it('GetUser answers the username and attributes for a valid access token', async () => {
    const pool = usePool();
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', 'custom:tenant': 'acme' },
    });
    const { AccessToken, IdToken } = await signIn();
    const answer = await callApi('GetUser', { AccessToken });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      Username: 'alice',
      UserAttributes: expect.arrayContaining([
        { Name: 'sub', Value: claimsOf(IdToken).sub },
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'custom:tenant', Value: 'acme' },
      ]),
    });
    expectApiError(
      await callApi('GetUser', { AccessToken: IdToken }),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
  });

  it('RevokeToken revokes the access tokens sharing the origin_jti, and only those', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const revoked = await signIn();
    const other = await signIn();
    await callApi('RevokeToken', { Token: revoked.RefreshToken, ClientId: POOL_CONFIG.clientId });

    expectApiError(
      await callApi('GetUser', { AccessToken: revoked.AccessToken }),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
    expect((await callApi('GetUser', { AccessToken: other.AccessToken })).status).toBe(200);
  });

  it('RevokeToken answers {} for an unknown token and refuses a wrong client', async () => {
    usePool();
    const unknown = await callApi('RevokeToken', {
      Token: 'unknown',
      ClientId: POOL_CONFIG.clientId,
    });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({});
    expectApiError(
      await callApi('RevokeToken', { Token: 'unknown', ClientId: 'nope' }),
      'ResourceNotFoundException',
    );
  });

  it('GlobalSignOut revokes every refresh token of the user', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const first = await signIn();
    const second = await signIn();
    const answer = await callApi('GlobalSignOut', { AccessToken: first.AccessToken });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expectApiError(
      await callApi('GetTokensFromRefreshToken', {
        ClientId: POOL_CONFIG.clientId,
        RefreshToken: second.RefreshToken,
      }),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    expectApiError(
      await callApi('GetUser', { AccessToken: second.AccessToken }),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
  });

  it('pool.revokeAll does what GlobalSignOut does', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const tokens = await pool.issueTokens('alice');
    await pool.revokeAll('alice');
    expectApiError(
      await callApi('GetTokensFromRefreshToken', {
        ClientId: POOL_CONFIG.clientId,
        RefreshToken: tokens.refreshToken,
      }),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  });

  it('GetUser refuses an expired access token', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser(ALICE);
    const { AccessToken } = await signIn();
    clock.advance(3600_000);
    expectApiError(
      await callApi('GetUser', { AccessToken }),
      'NotAuthorizedException',
      'Access Token has expired',
    );
  });
});
