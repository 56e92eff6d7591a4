/**
 * The typed details a challenge step carries (flows/signInChallenges.ts): where a code went, for
 * the challenges that send one, only when Cognito said both how and where.
 */
import { describe, expect, it } from 'vitest';
import { challengeDetails } from '../flows/signInChallenges.js';

const SENT = { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' };

describe('challengeDetails', () => {
  it.each(['EMAIL_OTP', 'SMS_OTP', 'SMS_MFA'])('%s: where the code went', (name) => {
    expect(challengeDetails(name, SENT)).toEqual({
      codeDelivery: { medium: 'EMAIL', destination: 'a***@e***' },
    });
    const bySms = { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*****0123' };
    expect(challengeDetails(name, bySms)).toEqual({
      codeDelivery: { medium: 'SMS', destination: '+*****0123' },
    });
  });

  it.each([
    ['no medium', { CODE_DELIVERY_DESTINATION: 'a***@e***' }],
    ['a medium sessionkit does not know', { ...SENT, CODE_DELIVERY_DELIVERY_MEDIUM: 'VOICE' }],
    ['no destination', { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' }],
    ['a destination that is not text', { ...SENT, CODE_DELIVERY_DESTINATION: 42 }],
  ])('with %s: the code went somewhere unsaid (codeDelivery undefined)', (_, parameters) => {
    expect(challengeDetails('EMAIL_OTP', parameters)).toEqual({ codeDelivery: undefined });
  });

  it.each([
    'SOFTWARE_TOKEN_MFA',
    'SELECT_MFA_TYPE',
    'NEW_PASSWORD_REQUIRED',
    'XEMAIL_OTP',
    'SMS_MFA2',
  ])('%s: no code was sent, so no codeDelivery at all', (name) => {
    expect(challengeDetails(name, SENT)).toEqual({});
  });

  it('WEB_AUTHN: the credential request options as Cognito gave them', () => {
    const options = '{"challenge":"abc","rpId":"example.com"}';
    expect(challengeDetails('WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: options })).toEqual({
      credentialRequestOptions: options,
    });
  });
});
