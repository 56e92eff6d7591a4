/**
 * The account flows' error classification on its own (providers/cognito/accountErrors.ts): every
 * refusal of docs/cognito-wire.md sections 1, 8 and 10 in our words with its code, Cognito's name
 * and words kept apart (`providerCode`, `providerMessage`), and the refusals of calls made with the
 * user's access token that end the session.
 */
import { describe, expect, it } from 'vitest';
import { accountApiError, signedInApiError } from '../providers/cognito/accountErrors.js';
import { accountFlowError } from '../providers/cognito/accountFlowErrors.js';
import { cognitoError } from '../providers/cognito/cognitoErrors.js';
import { deviceApiError } from '../providers/cognito/deviceApi.js';
import type { ProviderResponse } from '../providers/http.js';

function refusal(
  name: string,
  message: string,
  status = 400,
  headers: Record<string, string> = {},
): ProviderResponse {
  return {
    status,
    ok: false,
    headers: new Headers({ 'x-amzn-errortype': `${name}:`, ...headers }),
    json: { __type: name, message },
    isJson: true,
  };
}

// biome-ignore format: one case per line reads as the table it is
const ACCOUNT_CASES: [string, string, string, string][] = [
  ['CodeMismatchException', 'Invalid verification code provided, please try again.', 'challenge', 'The code is wrong; check it and try again.'],
  ['ExpiredCodeException', 'Invalid code provided, please request a code again.', 'challenge', 'The code has expired or was already used; ask for a new one.'],
  ['InvalidPasswordException', 'Password did not conform with policy: Password not long enough', 'challenge', "The password does not meet the user pool's password policy (length, upper and lower case, numbers, symbols)."],
  ['PasswordHistoryPolicyViolationException', 'The password was used before.', 'challenge', 'This password was used recently on this account; choose one it has not used before.'],
  ['UsernameExistsException', 'User already exists', 'challenge', 'An account with this username (or, where users sign in with one, this email address or phone number) already exists.'],
  ['AliasExistsException', 'An account with the given email already exists.', 'challenge', 'Another account already uses this email address or phone number.'],
  ['UserNotFoundException', 'Username/client id combination not found.', 'invalid_grant', 'No user has this username.'],
  ['UserNotConfirmedException', 'User is not confirmed.', 'challenge', 'The user has not confirmed the account yet (confirm it with the code Cognito sent).'],
  ['PasswordResetRequiredException', 'Password reset required for the user', 'challenge', 'The user must reset the password first (resetPassword, then confirmResetPassword).'],
  ['CodeDeliveryFailureException', 'Unable to deliver message', 'provider', 'Cognito could not send the code (email or SMS delivery failed); try again later.'],
  ['LimitExceededException', 'Attempt limit exceeded, please try after some time.', 'rate_limited', 'Too many attempts: Cognito refuses more for a while; try again later.'],
  ['TooManyFailedAttemptsException', 'Too many failed attempts.', 'rate_limited', 'Too many failed attempts: Cognito refuses more for a while; try again later.'],
  ['NotAuthorizedException', 'Invalid Access Token', 'invalid_grant', 'Cognito refused the access token; sign in again.'],
  ['NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED', 'challenge', 'The account is already confirmed; sign in.'],
  ['NotAuthorizedException', 'User is already confirmed.', 'challenge', 'The account is already confirmed; sign in.'],
  ['NotAuthorizedException', 'Password attempts exceeded', 'rate_limited', 'Too many failed attempts: Cognito has locked this user out for a while; try again later.'],
  ['NotAuthorizedException', 'Incorrect username or password.', 'invalid_grant', 'The username or password is wrong.'],
  ['NotAuthorizedException', 'User is disabled.', 'invalid_grant', 'The user is disabled in the user pool.'],
  ['NotAuthorizedException', 'A client attempted to write unauthorized attribute', 'provider', 'The app client may not write one of these attributes (its attribute write permissions in the user pool).'],
  ['InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number', 'provider', 'The user has no verified email address or phone number, so Cognito cannot send a reset code; an administrator must reset the password.'],
  ['InvalidParameterException', 'User is already confirmed.', 'challenge', 'The account is already confirmed; sign in.'],
  ['InvalidParameterException', "1 validation error detected: Value at 'confirmationCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+", 'challenge', 'The code is not one Cognito sends: enter it without spaces.'],
  ['InvalidParameterException', "1 validation error detected: Value at 'code' failed to satisfy constraint: Member must have length less than or equal to 2048", 'challenge', 'The code is not one Cognito sends: enter it without spaces.'],
  ['InvalidParameterException', 'Invalid email address format.', 'challenge', 'The email address is not valid.'],
  ['InvalidParameterException', 'Invalid phone number format.', 'challenge', 'The phone number is not valid: it needs + and the country code, e.g. +15555550123.'],
  ['InvalidParameterException', 'Attributes did not conform to the schema: name: The attribute is required', 'challenge', 'An attribute the user pool requires is missing; send it in attributes.'],
  ['InvalidParameterException', 'Attributes did not conform to the schema: favorite_flavor: Attribute does not exist in the schema.\nname: The attribute is required\n', 'provider', "An attribute is not in the user pool's schema (custom ones take the custom: prefix)."],
];

describe('accountApiError', () => {
  it.each(ACCOUNT_CASES)('%s "%s" is %s', (name, message, code, hint) => {
    const error = accountApiError(refusal(name, message), 0);
    expect(error).toMatchObject({
      code,
      status: 400,
      providerCode: name,
      providerMessage: message,
      retryable: code === 'rate_limited',
    });
    expect(error.message).toBe(`${hint} (${name})`);
  });

  it('names a client secret as the configuration error it is', () => {
    const error = accountApiError(
      refusal(
        'NotAuthorizedException',
        'Client 1abc is configured with secret but SECRET_HASH was not received',
      ),
      0,
    );
    expect(error).toMatchObject({ code: 'provider', providerCode: 'NotAuthorizedException' });
    expect(error.message).toMatch(/secret/i);
  });

  it('leaves an InvalidParameterException it does not know, and unknown names, to the general classification', () => {
    const other = accountApiError(
      refusal('InvalidParameterException', '1 validation error detected'),
      0,
    );
    expect(other).toMatchObject({ code: 'provider', providerCode: 'InvalidParameterException' });
    expect(other.message).not.toMatch(/already confirmed|attribute|verified/);
    const unknown = accountApiError(refusal('SomethingNewException', 'New words'), 0);
    expect(unknown).toMatchObject({
      providerCode: 'SomethingNewException',
      providerMessage: 'New words',
    });
    // Cognito's words stay out of the message, there too.
    expect(unknown.message).toBe('Cognito refused the request (SomethingNewException).');
    // A secret named by another refusal is not the app client's secret.
    const schema = accountApiError(
      refusal(
        'InvalidParameterException',
        'Attributes did not conform to the schema: custom:secret',
      ),
      0,
    );
    expect(schema.message).toBe('Cognito refused the request (InvalidParameterException).');
    // Words that are not a string are no words.
    const numeric = accountApiError(
      {
        ...refusal('CodeMismatchException', ''),
        json: { __type: 'CodeMismatchException', message: 42 },
      },
      0,
    );
    expect(numeric.providerMessage).toBeUndefined();
  });

  it('keeps a throttled answer retryable with its Retry-After, and no providerMessage without words', () => {
    const error = accountApiError(
      refusal('LimitExceededException', '', 400, { 'retry-after': '7' }),
      0,
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    expect(error.providerMessage).toBeUndefined();
    const plain = accountApiError(refusal('CodeMismatchException', 'Wrong'), 0);
    expect(plain.retryAfterMs).toBeUndefined();
  });

  it('reads an answer that is not JSON as no words at all', () => {
    const error = accountApiError(
      { ...refusal('CodeMismatchException', ''), json: undefined, isJson: false },
      0,
    );
    expect(error).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    expect(error.providerMessage).toBeUndefined();
  });
});

describe('accountFlowError (the sign-up and password flows)', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
  ['NotAuthorizedException', 'SignUp is not permitted for this user pool', 'provider', 'The user pool does not let users sign themselves up: only administrators create users.'],
  ['InvalidParameterException', "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$", 'challenge', 'The password cannot begin or end with a space, nor be over 256 characters.'],
  ['InvalidParameterException', "1 validation error detected: Value at 'proposedPassword' failed to satisfy constraint: Member must have length less than or equal to 256", 'challenge', 'The password cannot begin or end with a space, nor be over 256 characters.'],
  ['InvalidParameterException', "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", 'challenge', 'The username cannot contain spaces, nor be over 128 characters.'],
  ['InvalidParameterException', 'Username should be an email.', 'challenge', 'This user pool signs users in with an email address or phone number: use one as the username.'],
  ['InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.', 'challenge', 'The username cannot be an email address or phone number here: the user pool takes those as aliases.'],
  ['InvalidParameterException', 'Invalid email address format.', 'challenge', 'The email address is not valid.'],
  ['CodeMismatchException', 'Invalid verification code provided, please try again.', 'challenge', 'The code is wrong; check it and try again.'],
  ])('%s "%s" is %s', (name, message, code, hint) => {
    const error = accountFlowError(refusal(name, message), 0);
    expect(error).toMatchObject({ code, providerCode: name, providerMessage: message, retryable: false });
    expect(error.message).toBe(`${hint} (${name})`);
  });

  it("reads the words only under the name that says them: a trigger's own are the trigger's", () => {
    for (const words of [
      'Username should be at least 5 characters.',
      'Sign up is not permitted from this domain.',
    ]) {
      const message = `PreSignUp failed with error ${words}.`;
      const error = accountFlowError(refusal('UserLambdaValidationException', message), 0);
      expect(error.message).toBe(
        'A Lambda trigger of the user pool refused this; see providerMessage. (UserLambdaValidationException)',
      );
    }
  });
});

describe('signedInApiError', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
    ['NotAuthorizedException', 'Access Token has been revoked', 'invalid_grant', 'revoked', 'The user was signed out everywhere (the access token was revoked); sign in again.'],
    ['UserNotFoundException', 'User does not exist.', 'invalid_grant', 'invalid', 'The user no longer exists in the user pool; sign in again.'],
    ['InvalidParameterException', 'Attribute does not exist in the schema.', 'provider', undefined, "An attribute is not in the user pool's schema (custom ones take the custom: prefix)."],
    ['InvalidParameterException', 'Attribute email cannot be updated.', 'provider', undefined, 'An attribute cannot be changed or verified this way (immutable, or read-only).'],
    ['InvalidParameterException', 'phone_number cannot be verified.', 'provider', undefined, 'An attribute cannot be changed or verified this way (immutable, or read-only).'],
    ['InvalidParameterException', 'user.name: The attribute is required\n', 'provider', undefined, 'An attribute the user pool requires cannot be removed.'],
  ])('%s "%s" is %s, signOutReason %s', (name, message, code, signOutReason, hint) => {
    const error = signedInApiError(refusal(name, message), 0);
    expect(error).toMatchObject({ code, providerCode: name, providerMessage: message, status: 400 });
    expect(error.signOutReason).toBe(signOutReason);
    expect(error.message).toBe(`${hint} (${name})`);
  });

  it('reads the words only under the name that says them', () => {
    const notRevoked = signedInApiError(
      refusal('InvalidParameterException', 'Access Token has been revoked'),
      0,
    );
    expect(notRevoked.signOutReason).toBeUndefined();
    // A trigger's own words that look like Cognito's schema refusals stay the trigger's.
    for (const words of [
      'does not exist in the schema',
      'nickname cannot be updated',
      'name: The attribute is required',
    ]) {
      const trigger = signedInApiError(
        refusal('UserLambdaValidationException', `PreUpdate failed with error ${words}.`),
        0,
      );
      expect(trigger.message).toBe(
        'A Lambda trigger of the user pool refused this; see providerMessage. (UserLambdaValidationException)',
      );
    }
    const other = signedInApiError(refusal('InvalidParameterException', 'Invalid attribute'), 0);
    expect(other.message).toBe('Cognito refused the request (InvalidParameterException).');
  });

  it('an access token refused otherwise (expired, invalid) is an account refusal without a sign-out reason', () => {
    const error = signedInApiError(
      refusal('NotAuthorizedException', 'Access Token has expired'),
      0,
    );
    expect(error).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(error.signOutReason).toBeUndefined();
    expect(error.message).toBe(
      'Cognito refused the access token; sign in again. (NotAuthorizedException)',
    );
  });
});

describe('deviceApiError', () => {
  it.each([
    'NotAuthorizedException',
    'UserNotFoundException',
    'UserNotConfirmedException',
    'PasswordResetRequiredException',
  ])('%s refuses the access token: invalid_token, sign in again', (name) => {
    const error = deviceApiError(refusal(name, 'Access Token has been revoked'), 0);
    expect(error).toMatchObject({ code: 'invalid_token', status: 400, providerCode: name });
    expect(error.message).toBe(
      `Cognito refused the access token (${name}: "Access Token has been revoked"); sign in again.`,
    );
  });

  it('names an unknown device, with or without words; other missing things are not devices', () => {
    expect(
      deviceApiError(refusal('ResourceNotFoundException', 'Device does not exist.'), 0),
    ).toMatchObject({
      code: 'provider',
      message:
        'Cognito has no such device for this user (ResourceNotFoundException: "Device does not exist."); listDevices() lists the user\'s devices.',
    });
    const wordless: ProviderResponse = {
      ...refusal('NotAuthorizedException', ''),
      json: { __type: 'NotAuthorizedException', message: 42 },
    };
    expect(deviceApiError(wordless, 0).message).toBe(
      'Cognito refused the access token (NotAuthorizedException); sign in again.',
    );
    const noClient = refusal('ResourceNotFoundException', 'User pool client 4tq does not exist.');
    const client = deviceApiError(noClient, 0);
    expect(client).toEqual(cognitoError(noClient, 0));
    expect(client.message).not.toContain('device');
    // Words about a device under another name, and an answer of JSON null, are not about devices.
    const parameter = refusal('InvalidParameterException', 'Invalid device key');
    expect(deviceApiError(parameter, 0)).toEqual(cognitoError(parameter, 0));
    const nothing: ProviderResponse = { ...refusal('InternalErrorException', ''), json: null };
    expect(deviceApiError(nothing, 0)).toEqual(cognitoError(nothing, 0));
  });
});
