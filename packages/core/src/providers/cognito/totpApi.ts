import { SessionError } from '../../errors.js';
import { invalidResponse, type ProviderResponse, stringField } from '../http.js';
import type { ProviderContext } from '../types.js';
import type { CognitoApiCall } from './cognitoApi.js';
import { cognitoError, cognitoErrorName } from './cognitoErrors.js';

/** What authorises a TOTP set-up: an `MFA_SETUP` challenge's `Session`, or a signed-in user's access token. */
export type TotpCredential = { Session: string } | { AccessToken: string };

/** An MFA factor as Cognito names it. */
export type CognitoMfaFactor = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';

/** What each factor needs before Cognito turns it on. */
const FACTOR_NEEDS: Record<CognitoMfaFactor, string> = {
  SOFTWARE_TOKEN_MFA:
    'an authenticator app set up first (associateTotp, then verifyTotp with a code it shows)',
  SMS_MFA: 'a phone_number attribute on the user',
  EMAIL_OTP: 'an email attribute on the user (and a user pool in the Essentials tier or higher)',
};

/**
 * Maps a failed MFA call (docs/cognito-wire.md sections 3 and 7). Cognito's messages carry no code,
 * secret or token; neither do these.
 */
export function totpApiError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : {}) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : '';
  const said = message ? ` Cognito said: "${message}"` : '';
  const details = { status: response.status, providerCode: name };
  switch (name) {
    case 'EnableSoftwareTokenMFAException':
    case 'CodeMismatchException':
      return new SessionError(
        'challenge',
        `The authenticator code is wrong (${name}). Enter the code the app shows now, and check ` +
          `that the device's clock is right; the set-up can be verified again.${said}`,
        details,
      );
    case 'SoftwareTokenMFANotFoundException':
      return new SessionError(
        'challenge',
        `No authenticator app is being set up for this user (${name}): start the set-up ` +
          `(associateTotp, or setUpTotp during sign-in) before verifying a code.${said}`,
        details,
      );
    case 'NotAuthorizedException':
      if (/session/i.test(message)) {
        return new SessionError(
          'challenge',
          `The sign-in took too long (Cognito's sign-in session expired, ${name}); start it again.${said}`,
          details,
        );
      }
      return new SessionError(
        'invalid_token',
        `Cognito refused the access token (${name}); sign in again.${said}`,
        details,
      );
    case 'InvalidParameterException': {
      if (/webauthn mfa/i.test(message)) {
        return new SessionError(
          'provider',
          `Cognito cannot turn on passkey MFA for this user (${name}): it needs another MFA factor ` +
            'on, and a user pool whose passkeys count as MFA (FactorConfiguration ' +
            `MULTI_FACTOR_WITH_USER_VERIFICATION).${said}`,
          details,
        );
      }
      const factor = /SOFTWARE_TOKEN_MFA|SMS_MFA|EMAIL_OTP/.exec(message)?.[0] as
        | CognitoMfaFactor
        | undefined;
      if (factor && /turn on|not enabled/i.test(message)) {
        return new SessionError(
          'provider',
          `Cognito cannot turn on ${factor} for this user (${name}): it needs ${FACTOR_NEEDS[factor]}, ` +
            `and the user pool must enable it.${said}`,
          details,
        );
      }
      return cognitoError(response, now);
    }
    default:
      return cognitoError(response, now);
  }
}

/** `AssociateSoftwareToken`: a new authenticator secret (base32), and the next `Session` with one. */
export async function associateSoftwareToken(
  api: CognitoApiCall,
  context: ProviderContext,
  credential: TotpCredential,
): Promise<{ secret: string; session: string | undefined }> {
  const response = await api(context, 'AssociateSoftwareToken', credential, totpApiError);
  const secret = stringField(response.json, 'SecretCode');
  const session = stringField(response.json, 'Session');
  if (!secret || !/^[A-Z2-7]+=*$/i.test(secret) || ('Session' in credential && !session)) {
    throw invalidResponse(
      response,
      "Cognito's AssociateSoftwareToken answer lacks SecretCode or Session",
    );
  }
  return { secret, session };
}

/**
 * `VerifySoftwareToken`: proves the user's app computes the secret's codes. Resolves the `Session`
 * that answers `MFA_SETUP` (when a session authorised it).
 */
export async function verifySoftwareToken(
  api: CognitoApiCall,
  context: ProviderContext,
  credential: TotpCredential,
  code: string,
  friendlyDeviceName: string | undefined,
): Promise<{ session: string | undefined }> {
  const response = await api(
    context,
    'VerifySoftwareToken',
    {
      ...credential,
      UserCode: code,
      ...(friendlyDeviceName === undefined ? {} : { FriendlyDeviceName: friendlyDeviceName }),
    },
    totpApiError,
  );
  const status = stringField(response.json, 'Status');
  if (status !== 'SUCCESS') {
    throw new SessionError(
      'challenge',
      `Cognito did not accept the authenticator code (Status ${status ?? 'missing'}); enter the code the app shows now.`,
      { status: response.status },
    );
  }
  const session = stringField(response.json, 'Session');
  if ('Session' in credential && !session) {
    throw invalidResponse(response, "Cognito's VerifySoftwareToken answer lacks Session");
  }
  return { session };
}

/**
 * An authenticator code as typed: six digits, spaces and dashes dropped. Refused before any request
 * otherwise (the message never repeats what was typed).
 */
export function readTotpCode(code: string): string {
  const digits = typeof code === 'string' ? code.replace(/[\s-]/g, '') : '';
  if (!/^[0-9]{6}$/.test(digits)) {
    throw new SessionError(
      'challenge',
      'An authenticator code is 6 digits; ask the user for the code the app shows now.',
    );
  }
  return digits;
}

/** Options of the `otpauth://` URI an authenticator app reads (as a QR code). */
export interface TotpUriOptions {
  /** The name the app shows above the account, e.g. your app's name. No colon. @default the user pool id */
  issuer?: string;
  /** The account's name in the app. @default the username */
  label?: string;
}

/**
 * The Key URI of a TOTP secret (`otpauth://totp/<issuer>:<label>?secret=…&issuer=…`), each part
 * URI-encoded, with Cognito's parameters (SHA-1, 6 digits, 30 s; docs/cognito-wire.md section 7).
 *
 * @example
 * ```ts
 * totpUri('JBSWY3DPEHPK3PXP', 'My App', 'alice@example.com');
 * // 'otpauth://totp/My%20App:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20App&algorithm=SHA1&digits=6&period=30'
 * ```
 */
export function totpUri(secret: string, issuer: string, label: string): string {
  if (issuer.includes(':')) {
    throw new TypeError(
      `The TOTP issuer must not contain a colon (authenticator apps read it as the separator), got ${JSON.stringify(issuer)}.`,
    );
  }
  const name = encodeURIComponent(issuer);
  return `otpauth://totp/${name}:${encodeURIComponent(label)}?secret=${encodeURIComponent(secret)}&issuer=${name}&algorithm=SHA1&digits=6&period=30`;
}
