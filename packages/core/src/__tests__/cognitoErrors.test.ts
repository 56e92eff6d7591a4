import { describe, expect, it } from 'vitest';
import { cognitoError, cognitoErrorName } from '../providers/cognito/cognitoErrors.js';
import { cognitoSignInError, passkeyAnswerError } from '../providers/cognito/signInErrors.js';
import type { ProviderResponse } from '../providers/http.js';
import { oauthError } from '../providers/oauth2.js';

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ProviderResponse {
  return {
    status,
    ok: status < 300,
    headers: new Headers(headers),
    json: body,
    isJson: body !== undefined,
  };
}

describe('cognitoErrorName', () => {
  it('reads the header first, cutting at ":" and keeping what follows "#"', () => {
    const withHeader = response(
      400,
      { __type: 'Other' },
      { 'x-amzn-ErrorType': 'NotAuthorizedException:' },
    );
    expect(cognitoErrorName(withHeader)).toBe('NotAuthorizedException');
    const withHash = response(400, {
      __type: 'com.amazonaws.cognito.identity.idp.model#TooManyRequestsException',
    });
    expect(cognitoErrorName(withHash)).toBe('TooManyRequestsException');
    expect(cognitoErrorName(response(400, { code: 'UserNotFoundException,extra' }))).toBe(
      'UserNotFoundException',
    );
    expect(cognitoErrorName(response(502, undefined))).toBeUndefined();
  });
});

describe('cognitoError', () => {
  it.each([
    ['NotAuthorizedException', 'Refresh Token has expired', 'invalid_grant', false, 'expired'],
    ['NotAuthorizedException', 'Refresh Token has been revoked', 'invalid_grant', false, 'revoked'],
    ['NotAuthorizedException', 'Invalid Refresh Token.', 'invalid_grant', false, 'invalid'],
    ['NotAuthorizedException', 'User is disabled.', 'invalid_grant', false, 'revoked'],
    ['RefreshTokenReuseException', 'reused', 'invalid_grant', false, 'revoked'],
    ['UserNotFoundException', 'User does not exist.', 'invalid_grant', false, 'revoked'],
    ['PasswordResetRequiredException', 'reset', 'invalid_grant', false, 'revoked'],
    ['UserNotConfirmedException', 'unconfirmed', 'invalid_grant', false, 'revoked'],
    ['TooManyRequestsException', 'slow down', 'rate_limited', true, undefined],
    ['InternalErrorException', 'oops', 'provider', true, undefined],
    ['InvalidParameterException', 'bad', 'provider', false, undefined],
    ['ResourceNotFoundException', 'no client', 'provider', false, undefined],
    ['UnsupportedOperationException', 'no', 'provider', false, undefined],
    ['OperationNotEnabledException', 'no', 'provider', false, undefined],
  ])('%s (%s) -> %s', (name, message, code, retryable, reason) => {
    const error = cognitoError(response(400, { __type: name, message }), 0);
    expect(error).toMatchObject({
      code,
      retryable,
      signOutReason: reason,
      providerCode: name,
      status: 400,
    });
    expect(error.message).toContain(name);
  });

  it('classifies by name, not status, and by status only when no name came', () => {
    expect(cognitoError(response(403, { __type: 'NotAuthorizedException' }), 0).code).toBe(
      'invalid_grant',
    );
    expect(cognitoError(response(503, undefined, { 'Retry-After': '7' }), 0)).toMatchObject({
      code: 'provider',
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(cognitoError(response(429, undefined), 0)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    });
  });
});

describe('errors that say what to do', () => {
  const notAuthorized = (message: string) =>
    response(400, { __type: 'NotAuthorizedException', message });

  it.each([
    'Unable to verify secret hash for client sessionkittestclient01',
    'Client sessionkittestclient01 is configured with secret but SECRET_HASH was not received',
  ])('a client secret (%s) is a configuration error that does not end the session', (message) => {
    const error = cognitoError(notAuthorized(message), 0);
    expect(error).toMatchObject({ code: 'provider', retryable: false, signOutReason: undefined });
    expect(error.message).toBe(
      'The app client has a client secret (Cognito asks for SECRET_HASH): a browser app needs a public app client, created without a secret.',
    );
    expect(cognitoSignInError(notAuthorized(message), 0)).toMatchObject({
      code: 'provider',
      message: error.message,
    });
  });

  it.each([
    ['USER_PASSWORD_AUTH flow not enabled for this client', 'ALLOW_USER_PASSWORD_AUTH'],
    ['USER_SRP_AUTH flow not enabled for this client', 'ALLOW_USER_SRP_AUTH'],
    ['USER_SRP_AUTH is not enabled for the client.', 'ALLOW_USER_SRP_AUTH'],
    ['CUSTOM_AUTH is not enabled for the client.', 'ALLOW_CUSTOM_AUTH'],
    ['Refresh token flow not enabled for this client', 'ALLOW_REFRESH_TOKEN_AUTH'],
    [
      'Auth flow not enabled for this client',
      'the one this app uses (ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH or ALLOW_REFRESH_TOKEN_AUTH)',
    ],
  ])('a disabled auth flow (%s) names the app-client setting %s', (message, setting) => {
    const error = cognitoError(response(400, { __type: 'InvalidParameterException', message }), 0);
    expect(error).toMatchObject({ code: 'provider', retryable: false });
    expect(error.message).toContain(`turn on ${setting} in its authentication flows`);
  });

  it.each([
    ['Password attempts exceeded', 'invalid_grant', 'Too many failed attempts'],
    ['User is disabled.', 'invalid_grant', 'The user is disabled in the user pool.'],
    [
      'User account has expired, it must be reset by an administrator.',
      'invalid_grant',
      'The temporary password has expired',
    ],
    ['Invalid session for the user, session is expired.', 'challenge', 'sign-in session expired'],
    ['Incorrect username or password.', 'invalid_grant', 'The username or password is wrong.'],
  ])('a refused sign-in (%s) gets its own message', (message, code, says) => {
    const error = cognitoSignInError(notAuthorized(message), 0);
    expect(error.code).toBe(code);
    expect(error.message).toContain(says);
  });

  it.each([
    ['CodeMismatchException', 'Invalid code received for user', 'challenge', 'The code is wrong.'],
    [
      'ExpiredCodeException',
      'Your software token has already been used once.',
      'challenge',
      'The code has expired.',
    ],
    [
      'UserNotFoundException',
      'User does not exist.',
      'invalid_grant',
      'No user has this username.',
    ],
  ])('a sign-in answer refused with %s is %s', (name, message, code, says) => {
    const error = cognitoSignInError(response(400, { __type: name, message }), 0);
    expect(error).toMatchObject({ code, providerCode: name, providerMessage: message });
    expect(error.message).toBe(`Sign-in failed (${name}): ${says}`);
  });

  it('reads only a NotAuthorizedException as the client-secret refusal, and only an InvalidParameterException as missing attributes', () => {
    const secret = 'Unable to verify secret hash for client sessionkittestclient01';
    const notSecret = cognitoSignInError(
      response(400, { __type: 'CodeMismatchException', message: secret }),
      0,
    );
    expect(notSecret).toMatchObject({
      code: 'challenge',
      message: 'Sign-in failed (CodeMismatchException): The code is wrong.',
    });
    const lambda = 'PreAuthentication failed with error Invalid attributes given, name is missing.';
    const trigger = cognitoSignInError(
      response(400, { __type: 'UserLambdaValidationException', message: lambda }),
      0,
    );
    expect(trigger.message).not.toContain('requiredAttributes');
  });

  it('a refused passkey answer is not called a wrong password; its other refusals read as anywhere', () => {
    const refused = (message: string, read = cognitoSignInError) =>
      read(response(400, { __type: 'NotAuthorizedException', message }), 0);
    const passkey = refused(
      'Invalid passkey credential: the user was not verified (UV flag)',
      passkeyAnswerError,
    );
    expect(passkey).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      message:
        'Sign-in failed (NotAuthorizedException): The passkey was not accepted; try again, or sign in another way.',
    });
    expect(refused('Incorrect username or password.').message).toBe(
      'Sign-in failed (NotAuthorizedException): The username or password is wrong.',
    );
    // What the message says still wins over the challenge answered.
    const expired = 'Invalid session for the user, session is expired.';
    expect(refused(expired, passkeyAnswerError).message).toContain('The sign-in took too long');
    expect(refused('User is disabled.', passkeyAnswerError).message).toContain(
      'The user is disabled',
    );
    const throttled = passkeyAnswerError(
      response(400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' }),
      0,
    );
    expect(throttled).toMatchObject({ code: 'rate_limited', retryable: true });
  });

  it('keeps a message that is not a string out of providerMessage and reads no meaning into it', () => {
    for (const message of [42, { text: 'Password attempts exceeded' }, null]) {
      const error = cognitoSignInError(
        response(400, { __type: 'NotAuthorizedException', message }),
        0,
      );
      expect(error).toMatchObject({
        code: 'invalid_grant',
        providerCode: 'NotAuthorizedException',
      });
      expect(error.message).toBe(
        'Sign-in failed (NotAuthorizedException): The username or password is wrong.',
      );
      expect(error.providerMessage).toBeUndefined();
    }
  });

  it('a refused authorization code is not called a refresh token', () => {
    const refused = {
      ...response(400, { error: 'invalid_grant' }),
    };
    expect(oauthError(refused, 0, 'auth.example.com', 'authorization code').message).toBe(
      'The authorization code was refused (invalid_grant).',
    );
    expect(oauthError(refused, 0, 'auth.example.com').message).toBe(
      'The refresh token was refused (invalid_grant).',
    );
  });
});
