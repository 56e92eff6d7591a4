/**
 * The passkey and authenticator-app API answers on their own (providers/cognito/passkeyApi.ts and
 * totpApi.ts): every refusal in our words with Cognito's name apart, and the answers that are
 * not what AWS documents (docs/cognito-wire.md sections 3 and 7) refused before they are used.
 */
import { describe, expect, it } from 'vitest';
import { isSessionError, SessionError } from '../errors.js';
import type { CognitoApiCall } from '../providers/cognito/cognitoApi.js';
import { passkeyApiError } from '../providers/cognito/passkeyApi.js';
import {
  associateSoftwareToken,
  readTotpCode,
  totpApiError,
  verifySoftwareToken,
} from '../providers/cognito/totpApi.js';
import type { ProviderResponse } from '../providers/http.js';
import type { ProviderContext } from '../providers/types.js';

function refusal(name: string, message: string): ProviderResponse {
  return {
    status: 400,
    ok: false,
    headers: new Headers({ 'x-amzn-errortype': `${name}:` }),
    json: { __type: name, message },
    isJson: true,
  };
}

// biome-ignore format: one case per line reads as the table it is
const PASSKEY_CASES: [string, string, string][] = [
  ['WebAuthnNotEnabledException', 'provider', 'Passkeys are not turned on for this user pool (its sign-in options must allow passkeys, WEB_AUTHN, in the Essentials tier or higher).'],
  ['WebAuthnConfigurationMissingException', 'provider', 'The user pool has neither a passkey relying party id nor a domain: set one of them.'],
  ['WebAuthnChallengeNotFoundException', 'challenge', 'The passkey registration took too long or was already completed; start it again.'],
  ['WebAuthnRelyingPartyMismatchException', 'provider', "The passkey was made for another domain than the user pool's relying party id."],
  ['WebAuthnOriginNotAllowedException', 'provider', "This page's origin does not match the user pool's passkey relying party id."],
  ['WebAuthnCredentialNotSupportedException', 'challenge', 'The user pool does not accept this kind of passkey; try another authenticator.'],
  ['WebAuthnClientMismatchException', 'provider', 'The passkey registration was started with another app client.'],
  ['ResourceNotFoundException', 'challenge', 'This passkey does not exist (it may have been deleted already).'],
];

describe('passkeyApiError', () => {
  it.each(PASSKEY_CASES)('%s is %s in our words', (name, code, hint) => {
    const error = passkeyApiError(refusal(name, 'Their words.'), 0);
    expect(error).toMatchObject({
      code,
      status: 400,
      providerCode: name,
      providerMessage: 'Their words.',
    });
    expect(error.message).toBe(`${hint} (${name})`);
  });

  it('keeps no providerMessage without words, and leaves other refusals to the account classification', () => {
    for (const json of [{}, { __type: 'WebAuthnNotEnabledException', message: 42 }]) {
      const silent = passkeyApiError({ ...refusal('WebAuthnNotEnabledException', ''), json }, 0);
      expect(silent.providerMessage).toBeUndefined();
    }
    const other = passkeyApiError(refusal('NotAuthorizedException', 'Access Token has expired'), 0);
    expect(other).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(other.message).toBe(
      'Cognito refused the access token; sign in again. (NotAuthorizedException)',
    );
  });
});

describe('totpApiError', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
    ['CodeMismatchException', 'Invalid code received for user', 'challenge', /^The authenticator code is wrong \(CodeMismatchException\)\. .* Cognito said: "Invalid code received for user"$/],
    ['EnableSoftwareTokenMFAException', 'Code mismatch', 'challenge', /^The authenticator code is wrong \(EnableSoftwareTokenMFAException\)/],
    ['SoftwareTokenMFANotFoundException', 'Software Token MFA not found', 'challenge', /^No authenticator app is being set up for this user \(SoftwareTokenMFANotFoundException\): start the set-up \(associateTotp, or setUpTotp during sign-in\) before verifying a code\. Cognito said: "Software Token MFA not found"$/],
    ['NotAuthorizedException', 'Invalid session for the user, session is expired.', 'challenge', /^The sign-in took too long \(Cognito's sign-in session expired, NotAuthorizedException\); start it again\./],
    ['NotAuthorizedException', 'Access Token has expired', 'invalid_token', /^Cognito refused the access token \(NotAuthorizedException\); sign in again\. Cognito said/],
    ['InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA', 'provider', /^Cognito cannot turn on SMS_MFA for this user \(InvalidParameterException\): it needs a phone_number attribute on the user, and the user pool must enable it\./],
    ['InvalidParameterException', 'EMAIL_OTP is not enabled for the user pool', 'provider', /^Cognito cannot turn on EMAIL_OTP for this user .*an email attribute on the user \(and a user pool in the Essentials tier or higher\)/],
  ])('%s "%s" is %s', (name, message, code, wording) => {
    const error = totpApiError(refusal(name, message), 0);
    expect(error).toMatchObject({ code, status: 400, providerCode: name });
    expect(error.message).toMatch(wording);
  });

  it('an unknown InvalidParameterException, a factor without "turn on", and other names go to the general classification', () => {
    for (const [name, message] of [
      ['InvalidParameterException', '1 validation error detected'],
      ['InvalidParameterException', 'SMS_MFA is misconfigured'],
      ['ResourceNotFoundException', 'User pool client does not exist.'],
    ]) {
      const error = totpApiError(refusal(name ?? '', message ?? ''), 0);
      expect(error.message).not.toMatch(/cannot turn on|authenticator/);
      expect(error.providerCode).toBe(name);
    }
  });

  it('adds no "Cognito said" without words, nor for words that are not a string', () => {
    for (const json of [{}, { __type: 'CodeMismatchException', message: 42 }]) {
      const error = totpApiError({ ...refusal('CodeMismatchException', ''), json }, 0);
      expect(error.message).toMatch(/the set-up can be verified again\.$/);
    }
  });
});

/** A JSON API that answers `json` (HTTP 200) and records what it was sent. */
function answering(json: unknown) {
  const sent: { operation: string; input: Record<string, unknown> }[] = [];
  const api: CognitoApiCall = async (_, operation, input) => {
    sent.push({ operation, input: input as Record<string, unknown> });
    return { status: 200, ok: true, headers: new Headers(), json, isJson: true };
  };
  return { api, sent };
}

const context = {} as ProviderContext;

async function refused(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (reason: unknown) => reason,
  );
  if (!isSessionError(error)) throw error;
  return error;
}

describe('associateSoftwareToken', () => {
  it('hands back the base32 secret, and the Session when a sign-in session asked', async () => {
    const signedIn = answering({ SecretCode: 'JBSWY3DPEHPK3PXP' });
    expect(await associateSoftwareToken(signedIn.api, context, { AccessToken: 'a' })).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      session: undefined,
    });
    const signingIn = answering({ SecretCode: 'jbswy3dpehpk3pxp====', Session: 's-2' });
    expect(await associateSoftwareToken(signingIn.api, context, { Session: 's-1' })).toEqual({
      secret: 'jbswy3dpehpk3pxp====',
      session: 's-2',
    });
    expect(signingIn.sent).toEqual([
      { operation: 'AssociateSoftwareToken', input: { Session: 's-1' } },
    ]);
  });

  it.each([
    ['no SecretCode', {}, { AccessToken: 'a' }],
    ['a SecretCode that is not base32', { SecretCode: 'JBSWY3DP-EHPK3PXP' }, { AccessToken: 'a' }],
    [
      'a SecretCode with base32 inside other text',
      { SecretCode: '!JBSWY3DP' },
      { AccessToken: 'a' },
    ],
    ['padding before the end', { SecretCode: 'JBSW=Y3DP' }, { AccessToken: 'a' }],
    ['no Session for a sign-in session', { SecretCode: 'JBSWY3DPEHPK3PXP' }, { Session: 's-1' }],
  ])('refuses an answer with %s', async (_, json, credential) => {
    const error = await refused(associateSoftwareToken(answering(json).api, context, credential));
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(error.message).toBe(
      "Cognito's AssociateSoftwareToken answer lacks SecretCode or Session (HTTP 200).",
    );
  });
});

describe('verifySoftwareToken', () => {
  it('sends the code, and the device name only when given; hands back the next Session', async () => {
    const withName = answering({ Status: 'SUCCESS', Session: 's-3' });
    expect(
      await verifySoftwareToken(withName.api, context, { Session: 's-2' }, '123456', 'Phone'),
    ).toEqual({ session: 's-3' });
    expect(withName.sent[0]?.input).toEqual({
      Session: 's-2',
      UserCode: '123456',
      FriendlyDeviceName: 'Phone',
    });
    const withoutName = answering({ Status: 'SUCCESS' });
    await verifySoftwareToken(withoutName.api, context, { AccessToken: 'a' }, '123456', undefined);
    expect(withoutName.sent[0]?.input).toEqual({ AccessToken: 'a', UserCode: '123456' });
  });

  it.each([
    [{ Status: 'ERROR' }, 'Status ERROR'],
    [{}, 'Status missing'],
  ])('a Status other than SUCCESS (%j) is a wrong code', async (json, named) => {
    const error = await refused(
      verifySoftwareToken(answering(json).api, context, { AccessToken: 'a' }, '123456', undefined),
    );
    expect(error).toMatchObject({ code: 'challenge', status: 200 });
    expect(error.message).toBe(
      `Cognito did not accept the authenticator code (${named}); enter the code the app shows now.`,
    );
  });

  it('refuses a SUCCESS without the Session a sign-in session needs next', async () => {
    const error = await refused(
      verifySoftwareToken(
        answering({ Status: 'SUCCESS' }).api,
        context,
        { Session: 's' },
        '123456',
        undefined,
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(error.message).toBe("Cognito's VerifySoftwareToken answer lacks Session (HTTP 200).");
  });
});

describe('readTotpCode', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
  ])('reads %j as %s', (typed, digits) => {
    expect(readTotpCode(typed)).toBe(digits);
  });

  it.each(['12345', '1234567', '12345a', 'x123456', '123456x', ''])(
    'refuses %j without repeating it',
    (typed) => {
      let thrown: unknown;
      try {
        readTotpCode(typed);
      } catch (error) {
        thrown = error;
      }
      expect(isSessionError(thrown)).toBe(true);
      if (typed) expect(String((thrown as Error).message)).not.toContain(typed);
    },
  );

  it('refuses a value that is not a string', () => {
    expect(() => readTotpCode(123456 as unknown as string)).toThrow(SessionError);
  });
});
