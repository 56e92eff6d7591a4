/**
 * How a sign-in answer of Cognito is read (providers/cognito/cognitoSignIn.ts): the challenge
 * parameters Cognito sends as JSON inside strings, the name to answer a challenge under, and a new
 * device only when both of its keys came.
 */
import { describe, expect, it } from 'vitest';
import { readChallengeParameters, readSignInStep } from '../providers/cognito/cognitoSignIn.js';
import type { ProviderResponse } from '../providers/http.js';

const answer = (json: unknown): ProviderResponse => ({
  status: 200,
  ok: true,
  headers: new Headers({ 'content-type': 'application/x-amz-json-1.1' }),
  json,
  isJson: true,
});

const TOKENS = { IdToken: 'id-token', AccessToken: 'access-token', ExpiresIn: 3600 };

describe('readChallengeParameters', () => {
  it('decodes the JSON strings, drops the userAttributes. prefix of listed names, keeps the rest', () => {
    expect(
      readChallengeParameters({
        requiredAttributes: '["userAttributes.email","userAttributes.custom:team"]',
        userAttributes: '{"email_verified":"true","userAttributes.x":"kept"}',
        MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]',
        USER_ID_FOR_SRP: 'alice',
      }),
    ).toEqual({
      requiredAttributes: ['email', 'custom:team'],
      userAttributes: { email_verified: 'true', 'userAttributes.x': 'kept' },
      MFAS_CAN_CHOOSE: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
      USER_ID_FOR_SRP: 'alice',
    });
  });

  it.each([
    ['a number', '123456'],
    ['true', 'true'],
    ['null', 'null'],
    ['a quoted string', '"quoted"'],
    ['brackets that are not JSON', '[not json'],
    ['an empty string', ''],
  ])('keeps %s as the string it came as', (_, value) => {
    expect(readChallengeParameters({ answer: value })).toEqual({ answer: value });
  });

  it('keeps what is not a string, and leaves non-string list items alone', () => {
    expect(readChallengeParameters({ count: 3, list: '[1,"userAttributes.a"]' })).toEqual({
      count: 3,
      list: [1, 'a'],
    });
  });

  it.each([null, undefined, 'text', 42])('reads %s as no parameters', (raw) => {
    expect(readChallengeParameters(raw)).toEqual({});
  });
});

describe('readSignInStep', () => {
  it('a challenge without ChallengeParameters or Session: none, and the name used so far', () => {
    expect(readSignInStep(answer({ ChallengeName: 'SMS_MFA' }), 'InitiateAuth', 'alice')).toEqual({
      kind: 'challenge',
      name: 'SMS_MFA',
      parameters: {},
      session: '',
      username: 'alice',
    });
  });

  it('answers under USERNAME, else USER_ID_FOR_SRP, else the name used so far; empty ones do not count', () => {
    const step = (ChallengeParameters: Record<string, string>) =>
      readSignInStep(
        answer({ ChallengeName: 'SMS_MFA', Session: 's', ChallengeParameters }),
        'InitiateAuth',
        'typed@example.com',
      );
    expect(step({ USERNAME: 'u1', USER_ID_FOR_SRP: 'u2' })).toMatchObject({ username: 'u1' });
    expect(step({ USERNAME: '', USER_ID_FOR_SRP: 'u2' })).toMatchObject({ username: 'u2' });
    expect(step({ USER_ID_FOR_SRP: '' })).toMatchObject({ username: 'typed@example.com' });
  });

  it('an empty ChallengeName is no challenge: the tokens are read', () => {
    expect(
      readSignInStep(answer({ ChallengeName: '', AuthenticationResult: TOKENS }), 'X', 'alice'),
    ).toMatchObject({ kind: 'tokens', tokens: { idToken: 'id-token' } });
  });

  it('a new device only when both its keys came', () => {
    const tokens = (NewDeviceMetadata: unknown) =>
      readSignInStep(
        answer({ AuthenticationResult: { ...TOKENS, NewDeviceMetadata } }),
        'RespondToAuthChallenge',
        'alice',
      );
    expect(tokens({ DeviceKey: 'k', DeviceGroupKey: 'g' })).toMatchObject({
      newDevice: { deviceKey: 'k', deviceGroupKey: 'g' },
    });
    expect(tokens({ DeviceKey: 'k' })).not.toHaveProperty('newDevice');
    expect(tokens({ DeviceGroupKey: 'g' })).not.toHaveProperty('newDevice');
    expect(tokens(undefined)).not.toHaveProperty('newDevice');
  });
});
