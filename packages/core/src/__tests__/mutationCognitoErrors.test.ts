/**
 * Cognito error classification (providers/cognito/cognitoErrors.ts): the exact messages, the
 * answers without an error name, and the parsing corners of the error name. Found by mutation
 * testing (`pnpm mutation`).
 */
import { describe, expect, it } from 'vitest';
import {
  cognitoError,
  cognitoErrorName,
  readNotAuthorized,
} from '../providers/cognito/cognitoErrors.js';
import type { ProviderResponse } from '../providers/http.js';

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  isJson = body !== undefined,
): ProviderResponse {
  return { status, ok: status < 300, headers: new Headers(headers), json: body, isJson };
}
const named = (name: string, message?: unknown, status = 400) =>
  response(status, message === undefined ? { __type: name } : { __type: name, message });

describe('cognitoErrorName', () => {
  it('keeps what follows a "#", even a leading one', () => {
    expect(cognitoErrorName(response(400, { __type: '#NotAuthorizedException' }))).toBe(
      'NotAuthorizedException',
    );
  });

  it('trims the name, and has none when only blanks are left', () => {
    expect(cognitoErrorName(response(400, { code: ' TooManyRequestsException :x' }))).toBe(
      'TooManyRequestsException',
    );
    expect(
      cognitoErrorName(response(400, {}, { 'x-amzn-ErrorType': 'prefix# UserNotFoundException ' })),
    ).toBe('UserNotFoundException');
    expect(cognitoErrorName(response(400, { __type: 'model# ' }))).toBeUndefined();
  });
});

describe('readNotAuthorized', () => {
  it.each([
    ['Unable to verify secret hash for client x', { kind: 'clientSecret' }],
    [
      'User is disabled.',
      { kind: 'ended', reason: 'revoked', what: 'The user is disabled in the user pool' },
    ],
    [
      'Refresh Token has been revoked',
      { kind: 'ended', reason: 'revoked', what: 'The refresh token was revoked' },
    ],
    [
      'Invalid Refresh Token',
      { kind: 'ended', reason: 'invalid', what: 'Cognito does not accept this refresh token' },
    ],
    [
      'Refresh Token has expired',
      { kind: 'ended', reason: 'expired', what: 'The refresh token has expired' },
    ],
    [undefined, { kind: 'ended', reason: 'expired', what: 'The refresh token has expired' }],
  ])('reads %j', (message, meaning) => {
    expect(readNotAuthorized(message)).toEqual(meaning);
  });
});

describe('cognitoError messages', () => {
  it.each([
    [
      named('NotAuthorizedException', 'Refresh Token has been revoked'),
      'The refresh token was revoked (NotAuthorizedException: Refresh Token has been revoked).',
    ],
    [
      named('NotAuthorizedException', 'User is disabled.'),
      'The user is disabled in the user pool (NotAuthorizedException: User is disabled.).',
    ],
    [
      named('NotAuthorizedException', 'Invalid Refresh Token'),
      'Cognito does not accept this refresh token (NotAuthorizedException: Invalid Refresh Token).',
    ],
    [named('NotAuthorizedException'), 'The refresh token has expired (NotAuthorizedException).'],
    [
      named('UserNotFoundException', 'User does not exist.'),
      'Cognito refused the refresh token (UserNotFoundException: User does not exist.).',
    ],
    [
      named('InvalidParameterException', 'bad'),
      'Cognito refused the request (InvalidParameterException: bad).',
    ],
    [
      named('InvalidParameterException'),
      'Cognito refused the request (InvalidParameterException).',
    ],
    [
      named('InvalidParameterException', 42),
      'Cognito refused the request (InvalidParameterException).',
    ],
    [
      response(400, { __type: 'InvalidParameterException', Message: 'Capital M' }),
      'Cognito refused the request (InvalidParameterException: Capital M).',
    ],
    [
      named('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client'),
      'The app client does not allow this sign-in flow (InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client): turn on ALLOW_USER_PASSWORD_AUTH in its authentication flows.',
    ],
    [
      named('InternalErrorException', 'oops', 500),
      'Cognito failed (InternalErrorException: oops).',
    ],
  ])('%#: %s', (answer, message) => {
    expect(cognitoError(answer, 0).message).toBe(message);
  });
});

describe('cognitoError classification', () => {
  it('LimitExceededException is throttling, like TooManyRequestsException', () => {
    expect(cognitoError(named('LimitExceededException', 'slow'), 0)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      providerCode: 'LimitExceededException',
      message: 'Cognito is throttling requests (LimitExceededException).',
    });
  });

  it('a 429 without a name is throttling too, named by its status', () => {
    expect(cognitoError(response(429, undefined), 0)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      message: 'Cognito is throttling requests (HTTP 429).',
    });
  });

  it.each([
    [500, true],
    [500, false],
    [502, false],
    [599, true],
  ])('a %i without a name (JSON: %s) is a transient provider failure', (status, isJson) => {
    const error = cognitoError(response(status, isJson ? {} : 'Bad Gateway', {}, isJson), 0);
    expect(error).toMatchObject({
      code: 'provider',
      retryable: true,
      status,
      message: `Cognito failed (HTTP ${status}).`,
    });
    expect(error.providerCode).toBeUndefined();
  });

  it('a 4xx without a name is an invalid response, retried only when it is not JSON', () => {
    expect(cognitoError(response(400, {}), 0)).toMatchObject({
      code: 'invalid_response',
      retryable: false,
      status: 400,
      message: 'Cognito answered HTTP 400 without an error name.',
    });
    expect(cognitoError(response(403, '<html>', {}, false), 0)).toMatchObject({
      code: 'invalid_response',
      retryable: true,
      status: 403,
      message: 'Cognito answered HTTP 403 without an error name.',
    });
  });

  it("keeps Cognito's own words in providerMessage, and none when it sent none", () => {
    expect(cognitoError(named('InvalidParameterException', 'bad'), 0).providerMessage).toBe('bad');
    expect(cognitoError(named('InvalidParameterException'), 0).providerMessage).toBeUndefined();
  });

  it('a configuration error that names no flow does not talk about flows', () => {
    const error = cognitoError(
      named('ResourceNotFoundException', 'User pool client x does not exist.'),
      0,
    );
    expect(error).toMatchObject({ code: 'provider', retryable: false });
    expect(error.message).not.toMatch(/flow|turn on/);
  });
});
