/**
 * The exact requests of the account flows (AWS's API reference; docs/cognito-wire.md sections 1
 * and 7): headers, and body fields as Cognito names them, nothing more.
 */
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerNext,
  CLIENT_ID,
  changePassword,
  confirmResetPassword,
  confirmSignUp,
  REGION,
  requestsOf,
  resendSignUpCode,
  resetPassword,
  server,
  signInWithPassword,
  signUp,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const API = `https://cognito-idp.${REGION}.amazonaws.com/`;

function expectJsonApiRequest(
  request: { url: string; method: string; headers: Record<string, string> } | undefined,
  operation: string,
) {
  expect(request?.method).toBe('POST');
  expect(request?.url).toBe(API);
  expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(request?.headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
  expect(request?.headers['cache-control']).toBe('no-store');
}

describe('account flows on the wire', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('SignUp, ConfirmSignUp with the sign-up Session, InitiateAuth USER_AUTH', async () => {
    const pool = await startPool({
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
    });
    const { session } = startSession();
    await signUp(session, {
      username: 'bob',
      password: 'N3w-Passw0rd!',
      attributes: { email: 'bob@example.com' },
      validationData: { invite: 'abc' },
      clientMetadata: { source: 'web' },
    });
    const [signUpRequest] = requestsOf(pool, 'SignUp');
    expectJsonApiRequest(signUpRequest, 'SignUp');
    expect(signUpRequest?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: 'bob',
      Password: 'N3w-Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
      ValidationData: [{ Name: 'invite', Value: 'abc' }],
      ClientMetadata: { source: 'web' },
    });

    const code = await pool.lastCode('bob');
    await confirmSignUp(session, 'bob', code, { signIn: true });
    const [confirm] = requestsOf(pool, 'ConfirmSignUp');
    expectJsonApiRequest(confirm, 'ConfirmSignUp');
    expect(confirm?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: 'bob',
      ConfirmationCode: code,
      Session: expect.any(String),
    });
    const [initiate] = requestsOf(pool, 'InitiateAuth');
    expectJsonApiRequest(initiate, 'InitiateAuth');
    expect(initiate?.body).toEqual({
      AuthFlow: 'USER_AUTH',
      ClientId: CLIENT_ID,
      Session: expect.any(String),
      AuthParameters: { USERNAME: 'bob' },
    });
    expect((initiate?.body as { Session?: string } | undefined)?.Session).not.toBe(
      (confirm?.body as { Session?: string } | undefined)?.Session,
    );
  });

  it('ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword, ChangePassword', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await signUp(session, { username: 'bob', password: 'N3w-Passw0rd!' });
    await resendSignUpCode(session, 'bob').catch(() => {});
    const [resend] = requestsOf(pool, 'ResendConfirmationCode');
    expectJsonApiRequest(resend, 'ResendConfirmationCode');
    expect(resend?.body).toEqual({ ClientId: CLIENT_ID, Username: 'bob' });

    await resetPassword(session, 'alice');
    const [forgot] = requestsOf(pool, 'ForgotPassword');
    expectJsonApiRequest(forgot, 'ForgotPassword');
    expect(forgot?.body).toEqual({ ClientId: CLIENT_ID, Username: 'alice' });
    const code = await pool.lastCode('alice');
    await confirmResetPassword(session, 'alice', code, 'Br4nd-New-Pass!', {
      clientMetadata: { source: 'web' },
    });
    const [confirm] = requestsOf(pool, 'ConfirmForgotPassword');
    expectJsonApiRequest(confirm, 'ConfirmForgotPassword');
    expect(confirm?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: 'alice',
      ConfirmationCode: code,
      Password: 'Br4nd-New-Pass!',
      ClientMetadata: { source: 'web' },
    });

    await signInWithPassword(session, 'alice', 'Br4nd-New-Pass!');
    await changePassword(session, 'Br4nd-New-Pass!', USER.password);
    const [change] = requestsOf(pool, 'ChangePassword');
    expectJsonApiRequest(change, 'ChangePassword');
    const state = session.getState();
    expect(change?.body).toEqual({
      AccessToken: state.status === 'signedIn' ? state.tokens.accessToken : 'none',
      PreviousPassword: 'Br4nd-New-Pass!',
      ProposedPassword: USER.password,
    });
  });

  it('the kit gates USER_AUTH with ALLOW_USER_AUTH; a Session is the sign-up path', async () => {
    await startPool();
    const post = (body: object) =>
      fetch(API, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({ AuthFlow: 'USER_AUTH', ClientId: CLIENT_ID, ...body }),
      }).then((response) => response.json());
    expect(await post({ AuthParameters: { USERNAME: 'alice' } })).toEqual({
      __type: 'InvalidParameterException',
      message: 'USER_AUTH flow not enabled for this client',
    });
    server.resetHandlers();
    await startPool({ explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'] });
    // Without a Session, choice-based sign-in (userAuth.ts): the pool's default policy offers the password.
    expect(await post({ AuthParameters: { USERNAME: 'alice' } })).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
    });
    expect(await post({ Session: 'made-up', AuthParameters: { USERNAME: 'alice' } })).toMatchObject(
      { __type: 'NotAuthorizedException' },
    );
  });

  it('maps LimitExceededException to rate_limited with our own words, Retry-After kept', async () => {
    await startPool();
    server.use(
      http.post(API, () =>
        HttpResponse.json(
          {
            __type: 'LimitExceededException',
            message: 'Attempt limit exceeded, please try after some time.',
          },
          {
            status: 400,
            headers: { 'x-amzn-ErrorType': 'LimitExceededException:', 'Retry-After': '30' },
          },
        ),
      ),
    );
    const { session } = startSession();
    await expect(
      confirmResetPassword(session, 'alice', '123456', 'Br4nd-New-Pass!'),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 30_000,
      providerCode: 'LimitExceededException',
      providerMessage: 'Attempt limit exceeded, please try after some time.',
      message:
        'Too many attempts: Cognito refuses more for a while; try again later. (LimitExceededException)',
    });
  });

  it("the kit's limit_exceeded fault on ForgotPassword: resetPassword is rate_limited, then works", async () => {
    const pool = await startPool();
    pool.failNext('limit_exceeded', 1, { operations: ['ForgotPassword'] });
    const { session } = startSession();
    await expect(resetPassword(session, 'alice')).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
      providerCode: 'LimitExceededException',
      providerMessage: 'Attempt limit exceeded, please try after some time.',
    });
    await expect(resetPassword(session, 'alice')).resolves.toMatchObject({
      codeDelivery: { medium: 'EMAIL' },
    });
  });

  it('a change of password for a user who must reset it says so, not that a refresh failed', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await pool.issueTokens('alice'));
    answerNext(
      'ChangePassword',
      { __type: 'PasswordResetRequiredException', message: 'Password reset required.' },
      400,
    );
    await expect(
      changePassword(session, 'Corr3ct-Horse!', 'Br4nd-New-Pass!'),
    ).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'PasswordResetRequiredException',
      message:
        'The user must reset the password first (resetPassword, then confirmResetPassword). (PasswordResetRequiredException)',
    });
    // The session itself is untouched: this is about the password, not the tokens.
    expect(session.getState().status).toBe('signedIn');
  });

  it('SignUp without attributes, validation data or metadata sends none of those fields', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await expect(signUp(session, { username: 'bob', password: 'N3w-Passw0rd!' })).resolves.toEqual({
      status: 'confirmSignUp',
      userSub: expect.any(String),
      codeDelivery: undefined,
    });
    expect(requestsOf(pool, 'SignUp')[0]?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: 'bob',
      Password: 'N3w-Passw0rd!',
    });
  });
});
