import { describe, expect, it } from 'vitest';
import { cognitoError, cognitoErrorName } from '../providers/cognito/cognitoErrors.js';
import type { ProviderResponse } from '../providers/http.js';

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
    ['NotAuthorizedException', 'Invalid Refresh Token.', 'invalid_grant', false, 'expired'],
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
